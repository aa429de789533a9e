"""The participation view driven as a manager would: real widgets, a real store with the sample data.

Every figure on screen is checked against counts made here straight from the store (an ORM query
over meetings and marks), not against the service that the view itself shows.
"""

from __future__ import annotations

import shutil
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.context import AppContext
from app.services.attendance import marking as attendance
from app.services.demo.attendance import generate
from app.services.demo.load import load_data
from app.storage.models import Attendance, Meeting, Staff
from app.ui.attendance.history_dialog import PersonHistoryDialog
from app.ui.attendance.participation_controller import ParticipationController
from app.ui.attendance.participation_model import ParticipationFilter, PersonModel
from app.ui.attendance.participation_page import ParticipationView
from app.ui.tasks import SyncRunner, TaskRunner

TODAY = date(2026, 11, 23)
FY = 2026
COL_EXPECTED, COL_ATTENDED, COL_EXCUSED, COL_RATE = 5, 6, 7, 8


# -- fixtures ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_folder(tmp_path_factory) -> Path:
    """The sample data, imported once per module through the normal import path."""
    folder = tmp_path_factory.mktemp("participation") / "data"
    ctx = AppContext.open(folder)
    try:
        load_data(ctx.store, generate(TODAY))
    finally:
        ctx.close()
    return folder


@pytest.fixture
def ctx(sample_folder: Path, tmp_path: Path):
    target = tmp_path / "data"
    shutil.copytree(sample_folder, target)
    opened = AppContext.open(target)
    yield opened
    opened.close()


def _panel(qtbot, ctx, runner=None) -> tuple[ParticipationView, ParticipationController]:
    view = ParticipationView()
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    controller = ParticipationController(view, ctx, runner or SyncRunner(), today=TODAY)
    return view, controller


@pytest.fixture
def panel(qtbot, ctx):
    view, controller = _panel(qtbot, ctx)
    controller.reload()
    return view, controller


# -- independent counts and helpers ---------------------------------------------------------------

def _counts(store, staff_id: str, fy: int, *, excused_counts: bool = False) -> tuple[int, int, int]:
    """(expected, attended, excused) of one active housing resident, counted from the raw rows:
    meetings of their council held up to today, plus any meeting they have a mark for."""
    first, last = date(fy, 4, 1), date(fy + 1, 3, 31)
    with store.read() as session:
        council_id = session.get(Staff, staff_id).council_id
        own = set(session.scalars(select(Meeting.id).where(
            Meeting.council_id == council_id, Meeting.deleted.is_(False),
            Meeting.date >= first, Meeting.date <= min(last, TODAY))))
        marks = session.execute(
            select(Attendance.meeting_id, Attendance.status).join(Meeting, Meeting.id == Attendance.meeting_id)
            .where(Attendance.staff_id == staff_id, Attendance.deleted.is_(False), Meeting.deleted.is_(False),
                   Meeting.date >= first, Meeting.date <= last)).all()
    counted = {"present", "late"} | ({"excused"} if excused_counts else set())
    expected = len(own | {m for m, _status in marks})
    return expected, sum(1 for _m, s in marks if s in counted), sum(1 for _m, s in marks if s == "excused")


def _rate_text(expected: int, attended: int) -> str:
    return f"{attended / expected * 100:.0f}%" if expected else "—"


def _row_of(view: ParticipationView, staff_id: str) -> int:
    return next(i for i, p in enumerate(view.model.rows()) if p.staff_id == staff_id)


def _cell(view: ParticipationView, staff_id: str, column: int, role=Qt.ItemDataRole.DisplayRole):
    model = view.model
    row = _row_of(view, staff_id)
    while row >= model.rowCount() and model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    return model.data(model.index(row, column), role)


def _shown(view: ParticipationView):
    proxy = view.proxy
    return [proxy.data(proxy.index(r, 0), PersonModel.ROW_ROLE) for r in range(proxy.rowCount())]


def _residents(view: ParticipationView):
    return [p for p in view.model.rows() if p.housing]


def _type(widget, text: str) -> None:
    """Japanese arrives as an input method commits it (QTest's key clicks only know ASCII)."""
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _to_hiragana(reading: str) -> str:
    """Independent of app.domain.kana: widen (NFKC), then shift katakana down to hiragana."""
    wide = unicodedata.normalize("NFKC", reading)
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in wide)


# -- tests -------------------------------------------------------------------------------------------

def test_models_pass_the_model_tester(qtbot, panel, qtmodeltester):
    view, _controller = panel
    assert isinstance(view.proxy, ParticipationFilter)
    for model in (view.model, view.proxy, view.district_model, view.council_model):
        qtmodeltester.check(model)
    view.below_only.setChecked(True)
    qtmodeltester.check(view.proxy)
    view.below_only.setChecked(False)
    _type(view.search, "た")
    qtmodeltester.check(view.proxy)


def test_person_figures_match_the_marks_in_the_store(panel, ctx):
    view, controller = panel
    assert controller.report.fiscal_year == FY
    residents = _residents(view)
    assert len(residents) > 20
    for person in residents:
        expected, attended, excused = _counts(ctx.store, person.staff_id, FY)
        assert [_cell(view, person.staff_id, c) for c in (COL_EXPECTED, COL_ATTENDED, COL_EXCUSED, COL_RATE)] \
            == [str(expected), str(attended), str(excused), _rate_text(expected, attended)], person.name
    headers = [view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(view.model.columnCount())]
    assert headers == ["職員番号", "氏名", "ふりがな", "所属", "協議会", "対象回数", "出席回数", "公欠", "出席率"]
    # The district table adds up to the residents, and the summary says so.
    districts = view.district_model.rows()
    assert sum(g.people for g in districts) == len(residents)
    assert sum(g.attended for g in districts) == sum(_counts(ctx.store, p.staff_id, FY)[1] for p in residents)
    assert view.summary.text().startswith(f"対象 {len(residents)}人・平均出席率 ")
    assert sum(g.people for g in view.council_model.rows()) == len(residents)


def test_absent_everywhere_is_highlighted_and_listed_below_the_minimum(qtbot, panel, ctx):
    view, controller = panel
    minimum = ctx.settings.minimum_attended
    person = next(p for p in _residents(view) if p.attended >= minimum)
    assert _cell(view, person.staff_id, 0, Qt.ItemDataRole.BackgroundRole) is None
    with ctx.store.read() as session:
        council_id = session.get(Staff, person.staff_id).council_id
        meetings = session.scalars(select(Meeting.id).where(
            Meeting.council_id == council_id, Meeting.date >= date(FY, 4, 1), Meeting.date <= TODAY)).all()
    assert meetings
    for meeting_id in meetings:
        attendance.mark(ctx.store, meeting_id, person.staff_id, "absent")

    with qtbot.waitSignal(controller.loaded):
        controller.reload()
    assert _counts(ctx.store, person.staff_id, FY)[1] == 0
    assert _cell(view, person.staff_id, COL_ATTENDED) == "0"
    assert _cell(view, person.staff_id, COL_RATE) == "0%"
    background = _cell(view, person.staff_id, 0, Qt.ItemDataRole.BackgroundRole)
    assert background.color().name() == "#fde2e2"
    assert _cell(view, person.staff_id, 1, Qt.ItemDataRole.FontRole).bold()

    assert view.below_only.text() == "基準未満のみ"
    qtbot.mouseClick(view.below_only, Qt.MouseButton.LeftButton)
    shown = _shown(view)
    assert person.staff_id in {p.staff_id for p in shown}
    below = {p.staff_id for p in _residents(view) if _counts(ctx.store, p.staff_id, FY)[1] < minimum}
    assert {p.staff_id for p in shown} == below
    assert f"基準（{minimum}回）未満 {len(below)}人" in view.summary.text()
    qtbot.mouseClick(view.below_only, Qt.MouseButton.LeftButton)
    assert len(_shown(view)) == len(view.model.rows())


def test_department_filter_shows_only_that_department(panel):
    view, _controller = panel
    rows = view.model.rows()
    department = max({p.department for p in rows}, key=lambda d: sum(p.department == d for p in rows))
    combo = view.department_combo
    assert combo.itemText(0) == "すべての所属"
    combo.setCurrentIndex(combo.findData(department))
    shown = _shown(view)
    assert shown and {p.department for p in shown} == {department}
    assert len(shown) == sum(p.department == department for p in rows)
    residents = [p for p in shown if p.housing]
    assert sum(g.people for g in view.district_model.rows()) == len(residents)
    assert view.summary.text().startswith(f"対象 {len(residents)}人")
    combo.setCurrentIndex(0)
    assert len(_shown(view)) == len(rows)


def test_hiragana_search_finds_a_katakana_reading(panel):
    view, _controller = panel
    person = next(p for p in view.model.rows() if any("ァ" <= c <= "ヶ" for c in p.kana))
    query = _to_hiragana(person.kana.replace("\u3000", " ").split(" ")[0])
    assert query and all("ぁ" <= c <= "ゖ" or c == "ー" for c in query), query
    _type(view.search, query)
    assert view.search.text() == query
    shown = _shown(view)
    assert person.staff_id in {p.staff_id for p in shown}
    assert all(query in _to_hiragana(p.kana).replace(" ", "").replace("\u3000", "") for p in shown)
    view.search.setText(person.staff_no)
    assert [p.staff_id for p in _shown(view)] == [person.staff_id]


def test_search_reaches_rows_not_yet_fetched(qtbot, ctx, monkeypatch):
    monkeypatch.setattr(PersonModel, "BATCH", 10)
    view, controller = _panel(qtbot, ctx)
    controller.reload()
    assert view.model.rowCount() == 10 < len(view.model.rows())  # lazily paged
    last = view.model.rows()[-1]
    view.search.setText(last.staff_no)
    assert [p.staff_id for p in _shown(view)] == [last.staff_id]


def test_changing_the_fiscal_year_reloads(qtbot, panel, ctx):
    view, controller = panel
    combo = view.year_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["令和8年度（2026）", "令和7年度（2025）"]
    assert combo.currentData() == FY
    with qtbot.waitSignal(controller.loaded):
        combo.setCurrentIndex(combo.findData(FY - 1))
    assert controller.report.fiscal_year == FY - 1 and view.report is controller.report
    for person in _residents(view)[:10]:
        expected, attended, _excused = _counts(ctx.store, person.staff_id, FY - 1)
        assert (_cell(view, person.staff_id, COL_EXPECTED), _cell(view, person.staff_id, COL_ATTENDED)) \
            == (str(expected), str(attended))
    assert sum(p.expected for p in _residents(view)) > 0


def test_history_dialog_lists_both_fiscal_years(qtbot, panel, ctx, qtmodeltester):
    view, controller = panel
    assert not view.history_button.isEnabled()
    person = _residents(view)[3]
    source = view.proxy.mapFromSource(view.model.index(_row_of(view, person.staff_id), 0))
    view.table.selectRow(source.row())
    assert view.selected() == person and view.history_button.isEnabled()
    assert view.history_button.text() == "個人の履歴…"
    qtbot.mouseClick(view.history_button, Qt.MouseButton.LeftButton)

    dialog = controller.last_dialog
    assert isinstance(dialog, PersonHistoryDialog) and dialog.isVisible()
    assert person.name in dialog.windowTitle()
    qtmodeltester.check(dialog.model)
    table = [[dialog.model.data(dialog.model.index(r, c)) for c in range(4)] for r in range(dialog.model.rowCount())]
    wanted = []
    for fy, label in ((FY, "令和8年度（2026）"), (FY - 1, "令和7年度（2025）")):
        expected, attended, excused = _counts(ctx.store, person.staff_id, fy)
        wanted.append([label, str(expected), str(attended), str(excused)])
    assert table == wanted
    dialog.close()

    with qtbot.waitSignal(view.history_requested) as blocker:  # double-click asks too
        centre = view.table.visualRect(source).center()
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)  # Qt 6 needs the press
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert blocker.args == [person.staff_id, person.name]
    controller.last_dialog.close()


def test_excused_setting_changes_the_attended_figure(qtbot, panel, ctx):
    view, controller = panel
    person = next(p for p in _residents(view) if p.excused > 0)
    expected, attended, excused = _counts(ctx.store, person.staff_id, FY)
    assert _cell(view, person.staff_id, COL_ATTENDED) == str(attended)

    ctx.settings.excused_counts_as_attended = True
    with qtbot.waitSignal(controller.loaded):
        controller.reload()
    counted = _counts(ctx.store, person.staff_id, FY, excused_counts=True)
    assert counted == (expected, attended + excused, excused)
    assert _cell(view, person.staff_id, COL_ATTENDED) == str(attended + excused)
    assert _cell(view, person.staff_id, COL_RATE) == _rate_text(expected, attended + excused)
    assert "（公欠を出席に含む）" in view.summary.text()


def test_threaded_runner_loads_off_the_gui_thread(qtbot, ctx):
    runner = TaskRunner()
    try:
        view, controller = _panel(qtbot, ctx, runner)
        with qtbot.waitSignal(controller.loaded, timeout=10_000):
            controller.reload()
        assert controller.report.fiscal_year == FY and len(view.model.rows()) > 0
        qtbot.waitUntil(lambda: runner.idle)
    finally:
        assert runner.shutdown() is True
