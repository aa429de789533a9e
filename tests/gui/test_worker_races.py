"""Results of the real worker thread arriving after the screen moved on: a mark, a quick entry, a
person added, a tick, a photo or a walk list while the user picks another meeting or walk, turns
the page or leaves field mode. Each result lands on the record it was made for, never on "row N" or
"the current page" of what is shown by then.

The worker is held on a gate (a job that waits) so the order is exact: what the user does while
the gate is closed is queued behind it, as it would be behind a slow disk or a long sync."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from app.context import AppContext
from app.services.demo.load import load_data
from app.services.staff import people
from app.services.townwalk import field, walks
from app.services.townwalk import routes as tw
from app.storage.models import Attendance, Meeting, Staff
from app.ui.attendance.controller import AttendanceController
from app.ui.attendance.models import RosterModel
from app.ui.attendance.view import AttendanceView
from app.ui.tasks import TaskRunner
from app.ui.townwalk import TownWalkTab
from tests.helpers.attendance import Clock, hall_data
from tests.helpers.townwalk import seed
from tests.helpers.townwalk_tab import NOW

PRESENT = RosterModel.STATUS_FIRST


class Gate:
    """Holds the worker until ``open``; then waits until every queued job has been delivered."""

    def __init__(self, qtbot, runner: TaskRunner):
        self.qtbot, self.runner, self.event = qtbot, runner, threading.Event()
        runner.submit(lambda: self.event.wait(30))

    def open(self) -> None:
        self.event.set()
        settle(self.qtbot, self.runner)


def settle(qtbot, runner: TaskRunner) -> None:
    qtbot.waitUntil(lambda: runner.idle, timeout=15_000)
    qtbot.wait(20)  # a job submitted by the last callback
    qtbot.waitUntil(lambda: runner.idle, timeout=15_000)


@pytest.fixture
def runner(qtbot):
    r = TaskRunner()
    yield r
    r.shutdown()


# -- the attendance roster ------------------------------------------------------------------------


@pytest.fixture
def hall(qtbot, tmp_path, runner):
    ctx = AppContext.open(tmp_path / "data")
    load_data(ctx.store, hall_data())
    view = AttendanceView()
    qtbot.addWidget(view)
    controller = AttendanceController(view, ctx, runner, clock=Clock())
    view.resize(1280, 760)
    view.show()
    controller.set_years([2026])
    controller.reload()
    settle(qtbot, runner)
    view.fiscal_year.setCurrentIndex(view.fiscal_year.findData(2026))
    assert view.select_council(view.council_model._councils[0][0].id)
    settle(qtbot, runner)
    view.meetings_table.selectRow(0)
    settle(qtbot, runner)
    assert view.roster_model.rowCount() == 21
    yield ctx, view, controller
    view.close()
    settle(qtbot, runner)
    ctx.close()


def marks_of(ctx, title: str) -> dict[str, str]:
    with ctx.store.read() as session:
        rows = session.execute(select(Staff.staff_no, Attendance.status)
                               .join(Staff, Attendance.staff_id == Staff.id)
                               .join(Meeting, Attendance.meeting_id == Meeting.id)
                               .where(Attendance.deleted.is_(False), Meeting.title == title))
        return dict(rows.all())


def click_status(qtbot, view, row: int, column: int = PRESENT) -> None:
    rect = view.roster_table.visualRect(view.roster_model.index(row, column))
    qtbot.mouseClick(view.roster_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def shown_marks(view) -> dict[str, str | None]:
    return {e.staff_no: e.status for e in view.roster_model.entries() if e.status}


def test_a_mark_made_while_another_meetings_roster_loads_stays_with_its_person(qtbot, hall, runner):
    ctx, view, controller = hall
    person = view.roster_model.entry_at(3)
    gate = Gate(qtbot, runner)
    view.meetings_table.selectRow(1)  # the drill's roster is on its way …
    click_status(qtbot, view, 3)  # … while the meeting's roster is still on screen: 4th person present
    gate.open()
    assert "地域防災訓練" in view.meeting_title.text()
    assert shown_marks(view) == {}  # nobody on the drill's roster is painted present
    assert view.counts.text().startswith("出席 0 /")
    assert marks_of(ctx, "第1回 定例会") == {person.staff_no: "present"} and marks_of(ctx, "地域防災訓練") == {}
    assert person.name in view.confirmation.text() and "第1回 定例会" in view.confirmation.text()
    view.meetings_table.selectRow(0)
    settle(qtbot, runner)
    assert shown_marks(view) == {person.staff_no: "present"}


def test_a_mark_clicked_then_the_meeting_switched_before_the_result(qtbot, hall, runner):
    ctx, view, controller = hall
    person = view.roster_model.entry_at(5)
    gate = Gate(qtbot, runner)
    click_status(qtbot, view, 5, PRESENT + 1)  # late …
    view.meetings_table.selectRow(1)  # … and on to the drill before the mark is saved
    gate.open()
    assert "地域防災訓練" in view.meeting_title.text() and shown_marks(view) == {}
    assert marks_of(ctx, "第1回 定例会") == {person.staff_no: "late"} and marks_of(ctx, "地域防災訓練") == {}
    view.meetings_table.selectRow(0)
    settle(qtbot, runner)
    assert shown_marks(view) == {person.staff_no: "late"}
    assert view.roster_model.entry_at(5).staff_no == person.staff_no


def test_a_quick_entry_while_another_roster_loads_is_not_painted_on_it(qtbot, hall, runner):
    ctx, view, controller = hall
    person = view.roster_model.entry_at(7)
    gate = Gate(qtbot, runner)
    view.meetings_table.selectRow(1)
    qtbot.keyClicks(view.quick_entry, person.staff_no)
    qtbot.keyClick(view.quick_entry, Qt.Key.Key_Return)
    gate.open()
    assert "地域防災訓練" in view.meeting_title.text() and shown_marks(view) == {}
    assert view.roster_model.rowCount() == 21  # nobody appended either
    assert marks_of(ctx, "第1回 定例会") == {person.staff_no: "present"} and marks_of(ctx, "地域防災訓練") == {}
    assert person.name in view.confirmation.text()


def test_a_person_added_while_another_roster_loads_does_not_bring_the_old_roster_back(qtbot, hall, runner):
    ctx, view, controller = hall
    visitor = next(p for p in people.list_staff(ctx.store) if p.staff_no == "900001")
    gate = Gate(qtbot, runner)
    view.meetings_table.selectRow(1)
    controller.add_person(visitor)  # added to the meeting still on screen
    gate.open()
    assert "地域防災訓練" in view.meeting_title.text()
    assert controller.roster.meeting.title == "地域防災訓練"
    assert "900001" not in [e.staff_no for e in view.roster_model.entries()]
    view.meetings_table.selectRow(0)
    settle(qtbot, runner)
    assert "900001" in [e.staff_no for e in view.roster_model.entries()]


# -- town walks -----------------------------------------------------------------------------------


@pytest.fixture
def walk_tab(qtbot, tmp_path, runner):
    ctx = AppContext.open(tmp_path / "data")
    walk_id = seed(ctx)
    tab = TownWalkTab(ctx, runner, clock=lambda: NOW, open_reports=False)
    qtbot.addWidget(tab)
    tab.resize(1280, 800)
    tab.show()
    tab.reload()
    settle(qtbot, runner)
    tab.walks.select_year(2026)
    settle(qtbot, runner)
    yield ctx, tab, walk_id
    tab.close()
    settle(qtbot, runner)
    ctx.close()


def test_a_tick_whose_result_arrives_on_the_next_stop_stays_on_its_own(qtbot, walk_tab, runner):
    ctx, tab, walk_id = walk_tab
    view = tab.field_view
    tab.open_field(walk_id, 1)
    settle(qtbot, runner)
    assert view.stop_name.text() == "1. 芝公園" and view.arrival.text() == ""
    gate = Gate(qtbot, runner)
    qtbot.mouseClick(view.item_rows[0].buttons["ok"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)  # on before the tick is saved
    gate.open()
    assert view.stop_name.text() == "2. 増上寺"
    assert view.arrival.text() == ""  # stop 1's arrival is not stamped on stop 2
    assert [r.buttons["ok"].isChecked() for r in view.item_rows] == [False, False]
    assert "残り 7 項目" in view.progress.text()  # 8 open before, one ticked on stop 1
    qtbot.mouseClick(view.prev_button, Qt.MouseButton.LeftButton)
    assert [r.buttons["ok"].isChecked() for r in view.item_rows] == [True, False]
    assert view.arrival.text() == "到着 10:30"
    sheet = field.open_sheet(ctx.store, walk_id)
    assert sheet.pages[1].arrived_at and not sheet.pages[2].arrived_at
    assert tab.field.sheet == sheet  # what the screen holds is what the store holds


def test_a_tick_whose_result_arrives_after_leaving_field_mode(qtbot, walk_tab, runner):
    ctx, tab, walk_id = walk_tab
    view = tab.field_view
    tab.open_field(walk_id, 2)
    settle(qtbot, runner)
    gate = Gate(qtbot, runner)
    qtbot.mouseClick(view.item_rows[1].buttons["ng"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.leave_button, Qt.MouseButton.LeftButton)
    gate.open()  # no exception in the GUI thread (pytest-qt fails the test on one)
    assert tab.pages.currentWidget() is tab.walks_view
    assert [i.result for i in field.open_sheet(ctx.store, walk_id).pages[2].items] == [None, "ng"]


def test_a_photo_added_then_the_page_turned_stays_on_its_stop(qtbot, walk_tab, runner, tmp_path):
    from PySide6.QtGui import QColor, QImage

    ctx, tab, walk_id = walk_tab
    view = tab.field_view
    picture = tmp_path / "芝公園.png"
    image = QImage(320, 240, QImage.Format.Format_RGB32)
    image.fill(QColor("#2e7db5"))
    image.save(str(picture))
    tab.open_field(walk_id, 1)
    settle(qtbot, runner)
    gate = Gate(qtbot, runner)
    tab.field.add_photo(picture)
    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    gate.open()
    assert view.stop_name.text() == "2. 増上寺" and view.photo_count() == 0
    qtbot.mouseClick(view.prev_button, Qt.MouseButton.LeftButton)
    settle(qtbot, runner)
    assert view.photo_count() == 1


def test_the_walk_list_arriving_late_keeps_the_walk_the_user_picked(qtbot, walk_tab, runner):
    ctx, tab, first = walk_tab
    route = tw.list_routes(ctx.store)[0]
    second = walks.save_walk(ctx.store, walks.WalkInput(route.id, date(2026, 7, 3), label="午後の部"))
    walks.quick_add(ctx.store, second, "000201")
    tab.walks.reload(first)
    settle(qtbot, runner)
    view = tab.walks_view
    assert tab.walks.walk().id == first
    gate = Gate(qtbot, runner)
    tab.walks.reload()  # e.g. coming back to the page; the list is on its way …
    row = next(n for n, w in enumerate(view.walks_model.rows()) if w.id == second)
    view.walks_table.selectRow(row)  # … while the user picks the afternoon walk
    gate.open()
    assert tab.walks.walk().id == second
    assert [p.staff_no for p in view.people_model.rows()] == ["000201"]
