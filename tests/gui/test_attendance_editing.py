"""Editing from the tabs: dialogs save through the service, refusals show beside the field,
deleting a meeting with marks asks first and Ctrl+Z brings it back."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from app.context import AppContext
from app.services.attendance.marking import mark
from app.services.demo.load import load_data
from app.storage.models import Meeting, Staff
from app.ui.attendance.dialogs import MeetingDialog, StaffDialog
from tests.helpers.attendance import hall_data
from tests.helpers.hall_window import open_hall


@pytest.fixture
def window(qtbot, tmp_path):
    ctx = AppContext.open(tmp_path / "data")
    load_data(ctx.store, hall_data())
    win = open_hall(qtbot, ctx, meeting=False)
    yield win
    win.close()
    ctx.close()


def live_meetings(ctx) -> list[str]:
    with ctx.store.read() as session:
        return sorted(session.scalars(select(Meeting.title).where(Meeting.deleted.is_(False))))


def test_a_new_meeting_from_the_dialog_is_saved_and_listed(window, qtbot):
    view = window.attendance_view
    qtbot.mouseClick(view.new_meeting_button, Qt.MouseButton.LeftButton)
    dialog = window.editing.last_dialog
    assert isinstance(dialog, MeetingDialog)
    dialog.date.set_date(date(2026, 10, 14))
    dialog.title.setText("第2回 定例会")
    dialog.place.setText("芝区民センター")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert "第2回 定例会" in live_meetings(window.ctx)
    assert [m.title for m in view.meetings_model.rows()] == ["第1回 定例会", "地域防災訓練", "第2回 定例会"]


def test_a_clash_found_by_the_service_is_shown_beside_the_field(window, qtbot):
    view = window.attendance_view
    qtbot.mouseClick(view.new_meeting_button, Qt.MouseButton.LeftButton)
    dialog = window.editing.last_dialog
    dialog.date.set_date(date(2026, 6, 12))
    dialog.title.setText("第1回 定例会")  # the same council already has it on that day
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "同じ日に同じ件名" in dialog.error_text("title")
    assert live_meetings(window.ctx) == ["地域防災訓練", "第1回 定例会"]


def test_deleting_a_meeting_with_marks_asks_and_ctrl_z_restores_it(window, qtbot):
    view = window.attendance_view
    view.meetings_table.selectRow(0)
    meeting = view.selected_meeting()
    mark(window.ctx.store, meeting.id, view.roster_model.entry_at(0).staff_id, "present")
    qtbot.mouseClick(view.delete_meeting_button, Qt.MouseButton.LeftButton)
    box = window.editing.last_dialog
    assert isinstance(box, QMessageBox) and "1" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)
    assert "第1回 定例会" in live_meetings(window.ctx)  # no: nothing deleted

    qtbot.mouseClick(view.delete_meeting_button, Qt.MouseButton.LeftButton)
    box = window.editing.last_dialog
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert live_meetings(window.ctx) == ["地域防災訓練"]
    assert [m.title for m in view.meetings_model.rows()] == ["地域防災訓練"]

    qtbot.keyClick(view.council_tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert live_meetings(window.ctx) == ["地域防災訓練", "第1回 定例会"]
    view.select_meeting(meeting.id)
    assert [e.status for e in view.roster_model.entries() if e.status] == ["present"]  # the marks came back too


def test_editing_a_person_from_the_staff_tab(window, qtbot):
    staff_view = window.staff_view
    window.tabs.setCurrentWidget(window.staff_tab)
    staff_view.search.setText("900001")
    staff_view.select_first()
    qtbot.mouseClick(staff_view.edit_button, Qt.MouseButton.LeftButton)
    dialog = window.editing.last_dialog
    assert isinstance(dialog, StaffDialog) and dialog.staff_no.text() == "900001"
    dialog.department.setText("防災課")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    with window.ctx.store.read() as session:
        assert session.scalar(select(Staff.department).where(Staff.staff_no == "900001")) == "防災課"
    assert [r.department for r in staff_view.model.rows() if r.staff_no == "900001"] == ["防災課"]
