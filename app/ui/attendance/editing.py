"""Editing from the attendance and staff tabs: open a dialog, save on the worker, show the
service's reasons beside the fields, and make deletes undoable (Ctrl+Z in the attendance tab)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.errors import FieldDeskError, Invalid
from app.i18n import _
from app.services.attendance import records
from app.ui.attendance.controller import AttendanceController
from app.ui.attendance.dialogs import CouncilDialog, MeetingDialog, RecordDialog, StaffDialog


class EditingController(QObject):
    saved = Signal(str, str)  # table, id

    def __init__(self, attendance: AttendanceController, parent_widget: QWidget):
        super().__init__(attendance)
        self.attendance = attendance
        self.ctx = attendance.ctx
        self.runner = attendance.runner
        self.parent_widget = parent_widget
        self.last_dialog: QWidget | None = None
        view = attendance.view
        view.new_council_button.clicked.connect(self.new_council)
        view.edit_council_button.clicked.connect(self.edit_council)
        view.delete_council_button.clicked.connect(self.delete_council)
        view.new_meeting_button.clicked.connect(self.new_meeting)
        view.edit_meeting_button.clicked.connect(self.edit_meeting)
        view.delete_meeting_button.clicked.connect(self.delete_meeting)
        view.meetings_table.doubleClicked.connect(lambda _index: self.edit_meeting())

    # -- dialogs -----------------------------------------------------------------------------
    def _councils(self):
        return [c for councils in self.attendance.view.council_model._councils for c in councils]

    def _run_dialog(self, dialog: RecordDialog, save: Callable, table: str) -> None:
        store = self.ctx.store

        def submitted(item) -> None:
            self.runner.submit(lambda: save(store, item), lambda record_id: done(record_id), failed)

        def done(record_id: str) -> None:
            dialog.accept()
            self.saved.emit(table, record_id)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, Invalid):
                dialog.set_problems(exc.problems)
            elif isinstance(exc, FieldDeskError):
                dialog.set_busy(False)
                dialog.set_problems({"": str(exc)})
            else:
                raise exc

        dialog.submitted.connect(submitted)
        self.last_dialog = dialog
        dialog.open()

    def new_council(self) -> None:
        self._run_dialog(CouncilDialog(None, self.parent_widget), records.save_council, "council")

    def edit_council(self) -> None:
        council = self.attendance.view.selected_council()
        if council is None:
            return
        store = self.ctx.store
        self.runner.submit(lambda: records.load_council(store, council.id),
                           lambda item: self._run_dialog(CouncilDialog(item, self.parent_widget),
                                                         records.save_council, "council"))

    def new_meeting(self) -> None:
        council = self.attendance.view.selected_council()
        if council is None:
            return
        item = records.MeetingInput(council.id, date.today(), "meeting", "", start="19:00", end="20:30")
        self._run_dialog(MeetingDialog(item, self._councils(), self.parent_widget), records.save_meeting, "meeting")

    def edit_meeting(self) -> None:
        meeting = self.attendance.view.selected_meeting()
        if meeting is None:
            return
        store = self.ctx.store
        self.runner.submit(lambda: records.load_meeting(store, meeting.id),
                           lambda item: self._run_dialog(MeetingDialog(item, self._councils(), self.parent_widget),
                                                         records.save_meeting, "meeting"))

    def new_staff(self) -> None:
        dialog = StaffDialog(None, self._councils(), self.parent_widget, self.ctx.store.staff_no_width)
        self._run_dialog(dialog, records.save_staff, "staff")

    def edit_staff(self, staff_id: str) -> None:
        store = self.ctx.store
        self.runner.submit(lambda: records.load_staff(store, staff_id),
                           lambda item: self._run_dialog(
                               StaffDialog(item, self._councils(), self.parent_widget, store.staff_no_width),
                               records.save_staff, "staff"))

    # -- deletes -----------------------------------------------------------------------------
    def delete_meeting(self) -> None:
        meeting = self.attendance.view.selected_meeting()
        if meeting is not None:
            self._delete("meeting", meeting.id, meeting.title)

    def delete_council(self) -> None:
        council = self.attendance.view.selected_council()
        if council is not None:
            self._delete("council", council.id, council.name)

    def _delete(self, table: str, record_id: str, name: str) -> None:
        store = self.ctx.store
        self.runner.submit(lambda: records.plan_delete(store, table, record_id),
                           lambda plan: self._confirm(plan, name), self.attendance._failed)

    def _confirm(self, plan: records.DeletePlan, name: str) -> None:
        if plan.marks == 0 and plan.meetings == 0:
            self._do_delete(plan, name)
            return
        text = _("{name} has {marks} attendance marks in {meetings} meetings. Delete it? "
                 "(Ctrl+Z in this tab brings it back.)").format(name=name, marks=plan.marks,
                                                                 meetings=plan.meetings or 1)
        box = QMessageBox(QMessageBox.Icon.Question, _("Delete"), text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self.parent_widget)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        yes = box.button(QMessageBox.StandardButton.Yes)
        box.finished.connect(lambda _result: box.clickedButton() is yes and self._do_delete(plan, name))
        self.last_dialog = box
        box.open()

    def _do_delete(self, plan: records.DeletePlan, name: str) -> None:
        store = self.ctx.store
        self.runner.submit(lambda: records.delete(store, plan), lambda done: self._deleted(done, name),
                           self.attendance._failed)

    def _deleted(self, done: records.DeletePlan, name: str) -> None:
        store = self.ctx.store
        self.attendance.push_undo(_("deleting {name}").format(name=name), lambda: records.undelete(store, done))
        self.attendance.view.show_confirmation(_("Deleted {name} (Ctrl+Z to undo)").format(name=name), True)
        self.saved.emit(done.table, done.id)
