"""Each tab once on the real worker thread (``TaskRunner``, as ``python -m app`` runs it), not the
synchronous runner the other GUI tests use: one action that goes through the worker, waited for,
then seen in the view and in the store opened again after the window closed. A result that only
arrives when the job runs inline (a callback on the wrong thread, a view read before the job
finished) fails here.

The window is driven through its public pieces (``MainWindow``, ``window.tabs`` and the tab
views), so a renamed attribute is a one-line fix."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from app.context import AppContext
from app.services.demo.load import load_data
from app.storage.models import Attendance, Staff, SurveyResponse
from app.storage.models.townwalk import WalkItem
from app.ui.tasks import TaskRunner
from tests.helpers.attendance import hall_data
from tests.helpers.hall_window import open_hall
from tests.helpers.survey import FY, make_survey
from tests.helpers.townwalk import seed

WAIT_MS = 10_000


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> tuple[Path, str]:
    """One store with every tab's data: the hall (attendance, staff), a walk, a survey."""
    folder = tmp_path_factory.mktemp("threaded") / "data"
    ctx = AppContext.open(folder)
    try:
        load_data(ctx.store, hall_data())
        walk_id = seed(ctx)
        make_survey(ctx.store)
    finally:
        ctx.close()
    return folder, walk_id


@pytest.fixture
def opened(qtbot, tmp_path, seeded):
    """The main window on a copy of the seeded store, on a real ``TaskRunner``; closed (which
    shuts the runner down) before the test reopens the store."""
    folder = tmp_path / "data"
    shutil.copytree(seeded[0], folder)
    ctx = AppContext.open(folder)
    runner = TaskRunner()
    window = open_hall(qtbot, ctx, runner)
    yield window, folder, seeded[1]
    if window.isVisible():  # the test failed before it reopened the store
        window.close()
        ctx.close()


def reopened(folder: Path, window, read):
    """``read(session)`` on the store opened again, once the window closed (its runner finishes
    the queued jobs first) and its store with it."""
    window.close()
    assert window.runner.idle and not window.isVisible()
    window.ctx.close()
    again = AppContext.open(folder)
    try:
        with again.store.read() as session:
            return read(session)
    finally:
        again.close()


def test_a_mark_on_the_attendance_tab(opened, qtbot):
    window, folder, _walk = opened
    view = window.attendance_view
    window.tabs.setCurrentWidget(view)
    entry = view.roster_model.entry_at(0)
    window.attendance.mark_row(0, "present")
    qtbot.waitUntil(lambda: view.roster_model.entry_at(0).status == "present", timeout=WAIT_MS)
    assert "出席" in view.counts.text()
    status = reopened(folder, window, lambda session: session.scalar(
        select(Attendance.status).join(Staff, Attendance.staff_id == Staff.id)
        .where(Staff.staff_no == entry.staff_no, Attendance.deleted.is_(False))))
    assert status == "present"


def test_a_staff_record_saved_from_the_staff_tab(opened, qtbot):
    window, folder, _walk = opened
    staff_view = window.staff_view
    window.tabs.setCurrentWidget(staff_view)
    qtbot.waitUntil(lambda: any(r.staff_no == "900001" for r in staff_view.model.rows()), timeout=WAIT_MS)
    staff_view.search.setText("900001")
    staff_view.select_first()
    window.editing.last_dialog = None
    qtbot.mouseClick(staff_view.edit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.editing.last_dialog is not None, timeout=WAIT_MS)  # loaded on the worker
    dialog = window.editing.last_dialog
    assert dialog.staff_no.text() == "900001"
    dialog.department.setText("防災課")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: [r.department for r in staff_view.model.rows() if r.staff_no == "900001"] == ["防災課"],
                    timeout=WAIT_MS)
    assert reopened(folder, window, lambda session: session.scalar(
        select(Staff.department).where(Staff.staff_no == "900001"))) == "防災課"


def test_a_tick_in_town_walk_field_mode(opened, qtbot):
    window, folder, walk_id = opened
    tab = window.townwalk
    window.tabs.setCurrentWidget(tab)
    tab.open_field(walk_id, 0)
    view = tab.field_view
    qtbot.waitUntil(lambda: bool(view.item_rows) and "安全説明" in view.item_rows[0].text.text(), timeout=WAIT_MS)
    row = view.item_rows[0]
    qtbot.mouseClick(row.buttons["ok"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.field.current().items[0].result == "ok", timeout=WAIT_MS)
    assert row.buttons["ok"].isChecked()
    result = reopened(folder, window, lambda session: session.scalar(
        select(WalkItem.result).where(WalkItem.id == row.item_id)))
    assert result == "ok"


def test_a_survey_response_saved_from_the_entry_page(opened, qtbot):
    window, folder, _walk = opened
    tab = window.survey
    window.tabs.setCurrentWidget(tab)
    tab.pages.setCurrentWidget(tab.entry)
    qtbot.waitUntil(lambda: tab.entry.form is not None, timeout=WAIT_MS)  # the form comes from the worker
    form = tab.entry.form
    form.received.set_date(date(FY, 6, 20))  # inside the survey's period: no question asked
    form.anonymous.setChecked(True)
    form.department.setText("総務課")
    form.answers[form.form.questions[0].id].setText("2")
    form.answers[form.form.questions[1].id].setText("4")
    qtbot.mouseClick(tab.entry.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.entry.status.text().startswith("保存しました"), timeout=WAIT_MS)
    assert tab.entry_controller.entered == 1 and tab.entry.count.text() == "1 件入力"
    assert reopened(folder, window, lambda session: [
        r.anonymous for r in session.scalars(select(SurveyResponse))]) == [True]
