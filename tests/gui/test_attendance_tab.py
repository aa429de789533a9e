"""The 協議会出席 tab on real widgets: marking by click, key and quick entry, repeats, undo,
counts, and marks that survive closing and reopening the store."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from app.context import AppContext
from app.services.demo.load import load_data
from app.storage.models import Attendance, Staff, SyncChange
from app.ui.attendance.models import RosterModel
from tests.helpers.attendance import RESIDENTS, Clock, hall_data
from tests.helpers.hall_window import open_hall


@pytest.fixture
def window(qtbot, tmp_path):
    ctx = AppContext.open(tmp_path / "data")
    load_data(ctx.store, hall_data())
    win = open_hall(qtbot, ctx)
    win.attendance.clock = Clock()
    yield win
    win.close()
    ctx.close()


def marks(ctx) -> dict[str, str | None]:
    with ctx.store.read() as session:
        rows = session.execute(select(Staff.staff_no, Attendance.status).join(Staff, Attendance.staff_id == Staff.id)
                               .where(Attendance.deleted.is_(False)))
        return dict(rows.all())


def change_count(ctx) -> int:
    with ctx.store.read() as session:
        return session.scalar(select(func.count()).select_from(SyncChange))


def test_roster_lists_active_residents_sorted_by_reading(window, qtmodeltester):
    view = window.attendance_view
    entries = view.roster_model.entries()
    assert len(entries) == RESIDENTS - 1  # the retired resident is not expected
    assert "022" not in {e.staff_no[-3:] for e in entries}
    readings = [e.kana for e in entries]
    from app.domain.kana import reading_key

    assert [reading_key(r) for r in readings] == sorted(reading_key(r) for r in readings)
    assert view.counts.text() == f"出席 0 / 対象 {RESIDENTS - 1} ・ 住民 12"
    for model in (view.roster_model, view.meetings_model, view.council_model, view.council_proxy):
        qtmodeltester.check(model)


def test_mark_by_click_is_saved_at_once(window, qtbot):
    view = window.attendance_view
    entry = view.roster_model.entry_at(2)
    late_column = RosterModel.STATUS_FIRST + 1
    rect = view.roster_table.visualRect(view.roster_model.index(2, late_column))
    qtbot.mouseClick(view.roster_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert marks(window.ctx) == {entry.staff_no: "late"}
    assert view.roster_model.data(view.roster_model.index(2, late_column)) == "●"
    assert "遅刻" in view.confirmation.text()
    assert view.counts.text().startswith("出席 1 /")


def test_keys_one_to_four_mark_and_move_down(window, qtbot):
    view = window.attendance_view
    table = view.roster_table
    table.setFocus()
    table.setCurrentIndex(view.roster_model.index(0, 1))
    for key in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4):
        qtbot.keyClick(table, key)
    entries = view.roster_model.entries()
    assert marks(window.ctx) == {entries[0].staff_no: "present", entries[1].staff_no: "late",
                                 entries[2].staff_no: "absent", entries[3].staff_no: "excused"}
    assert table.currentIndex().row() == 4
    assert view.counts.text().startswith("出席 2 /")


def test_quick_entry_marks_present_and_a_repeat_is_not_counted_twice(window, qtbot):
    view = window.attendance_view
    qtbot.keyClicks(view.quick_entry, "000005")
    qtbot.keyClick(view.quick_entry, Qt.Key.Key_Return)
    assert marks(window.ctx) == {"000005": "present"}
    assert view.confirmation.text().startswith("✓ 19:05") and "出席" in view.confirmation.text()
    assert view.quick_entry.text() == ""  # ready for the next card
    before = change_count(window.ctx)
    view.quick_entry.insert("０００００５")  # full-width digits, as an IME commits them (keyClicks knows only ASCII)
    qtbot.keyClick(view.quick_entry, Qt.Key.Key_Return)
    assert "19:05 に記録済み" in view.confirmation.text()
    assert change_count(window.ctx) == before
    assert view.counts.text().startswith("出席 1 /")


def test_quick_entry_of_an_unknown_number_says_so(window, qtbot):
    view = window.attendance_view
    qtbot.keyClicks(view.quick_entry, "123456")
    qtbot.keyClick(view.quick_entry, Qt.Key.Key_Return)
    assert "123456" in view.confirmation.text() and "見つかりません" in view.confirmation.text()
    assert marks(window.ctx) == {}


def test_a_visitor_from_outside_the_council_is_added_by_quick_entry(window, qtbot):
    view = window.attendance_view
    qtbot.keyClicks(view.quick_entry, "900001")
    qtbot.keyClick(view.quick_entry, Qt.Key.Key_Return)
    assert marks(window.ctx) == {"900001": "present"}
    assert view.roster_model.rowCount() == RESIDENTS  # appended to the roster
    assert view.counts.text().startswith(f"出席 1 / 対象 {RESIDENTS}")


def test_twenty_people_by_scanner_take_twenty_scans(window, qtbot):
    """The 'done when' of the issue: 20 people marked at a meeting by keyboard or scanner."""
    view = window.attendance_view
    numbers = [e.staff_no for e in view.roster_model.entries()][:20]
    for number in numbers:
        qtbot.keyClicks(view.quick_entry, number)
        qtbot.keyClick(view.quick_entry, Qt.Key.Key_Return)
    assert marks(window.ctx) == dict.fromkeys(numbers, "present")
    assert view.counts.text().startswith(f"出席 20 / 対象 {RESIDENTS - 1}")


def test_ctrl_z_undoes_the_last_marks_in_order(window, qtbot):
    view = window.attendance_view
    table = view.roster_table
    table.setFocus()
    table.setCurrentIndex(view.roster_model.index(0, 1))
    first = view.roster_model.entry_at(0).staff_no
    qtbot.keyClick(table, Qt.Key.Key_1)
    table.setCurrentIndex(view.roster_model.index(0, 1))
    qtbot.keyClick(table, Qt.Key.Key_3)  # changed her mind: absent
    assert marks(window.ctx) == {first: "absent"}
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert marks(window.ctx) == {first: "present"}
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert marks(window.ctx) == {}
    assert not view.undo_button.isEnabled()
    assert view.roster_model.entry_at(0).status is None


def test_note_edit_is_saved(window):
    view = window.attendance_view
    model = view.roster_model
    staff_no = model.entry_at(1).staff_no
    assert model.setData(model.index(1, RosterModel.NOTE), "途中退席")
    with window.ctx.store.read() as session:
        note = session.scalar(select(Attendance.note).join(Staff, Attendance.staff_id == Staff.id)
                              .where(Staff.staff_no == staff_no))
    assert note == "途中退席"


def test_marks_survive_closing_and_reopening_the_store(qtbot, tmp_path):
    ctx = AppContext.open(tmp_path / "data")
    load_data(ctx.store, hall_data())
    win = open_hall(qtbot, ctx, show=False)
    view = win.attendance_view
    win.attendance.mark_row(0, "present")
    win.attendance.mark_row(1, "excused")
    expected = {view.roster_model.entry_at(0).staff_no: "present", view.roster_model.entry_at(1).staff_no: "excused"}
    win.close()
    ctx.close()  # as if the laptop were shut: nothing was ever "saved" by hand

    again = AppContext.open(tmp_path / "data")
    try:
        assert marks(again) == expected
        win2 = open_hall(qtbot, again, show=False)
        v2 = win2.attendance_view
        shown = {e.staff_no: e.status for e in v2.roster_model.entries() if e.status}
        assert shown == expected
        win2.close()
    finally:
        again.close()


def test_adding_a_person_through_the_picker(window, qtbot):
    view = window.attendance_view
    qtbot.mouseClick(view.add_person_button, Qt.MouseButton.LeftButton)
    picker = window.attendance.last_dialog
    picker.search.insert("ガイブ")  # katakana query, hiragana reading stored
    assert len(picker.matches()) == 1 and picker.model.rowCount() == 1
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    rows = [e for e in view.roster_model.entries() if e.staff_no == "900001"]
    assert rows and rows[0].expected is False and rows[0].status is None
    with window.ctx.store.read() as session:
        assert session.scalar(select(func.count()).select_from(Attendance)) == 1


def test_council_search_filters_the_tree(window):
    view = window.attendance_view
    view.council_search.setText("麻布")
    proxy = view.council_proxy
    shown = [proxy.index(r, 0, proxy.index(d, 0)).data() for d in range(proxy.rowCount())
             for r in range(proxy.rowCount(proxy.index(d, 0)))]
    assert shown == ["AZ01  麻布小学校区地域防災協議会"]


def test_undo_keeps_the_roster_in_place_and_says_what_it_undid(window, qtbot):
    view = window.attendance_view
    window.resize(1200, 640)
    qtbot.wait(10)
    table, model = view.roster_table, view.roster_model
    for number in ("000022", "900001"):  # the retired resident (ヨシダ), a visitor (がいぶ): appended
        qtbot.keyClicks(view.quick_entry, number)
        qtbot.keyClick(view.quick_entry, Qt.Key.Key_Return)
    order = [e.staff_no for e in model.entries()]
    assert order[-2:] == ["000022", "900001"]  # in the order they came, not by reading
    table.setFocus()
    table.setCurrentIndex(model.index(15, 1))
    target = model.entry_at(15)
    qtbot.keyClick(table, Qt.Key.Key_1)  # present; the cursor moves to the next person
    bar = table.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())
    scrolled, current = bar.value(), table.currentIndex().row()
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [e.staff_no for e in model.entries()] == order  # no row moved
    assert model.entry_at(15).status is None and marks(window.ctx) == {"900001": "present", "000022": "present"}
    assert bar.value() == scrolled and table.currentIndex().row() == current  # nothing jumped
    said = f"{target.name} の 出席 を取り消しました"
    assert window.statusBar().currentMessage() == said and view.confirmation.text() == said
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the visitor's mark
    assert [e.staff_no for e in model.entries()] == order[:-1]  # not expected, no mark: off the roster
    assert window.statusBar().currentMessage().endswith("の 出席 を取り消しました")
    assert view.counts.text().startswith(f"出席 1 / 対象 {RESIDENTS}")
