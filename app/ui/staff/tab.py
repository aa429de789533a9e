"""The 職員名簿 tab: one entry point for the main window. The list (loaded on the worker), the
search, a person's change history; "new" and "edit" are asked for with ``new_requested`` /
``edit_requested`` (the staff dialog belongs to the attendance tab's editing, which the window
connects them to), so this tab imports no other tab."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.services.staff import people
from app.ui.dialogs.history import show_record_history
from app.ui.staff.view import StaffView


class StaffTab(QWidget):
    new_requested = Signal()
    edit_requested = Signal(str)  # the staff member's id

    def __init__(self, ctx, runner, messages, parent: QWidget | None = None):
        """``messages``: the window's ``Messages`` (failures, and the history dialog as ``last_dialog``);
        ``parent``: the window, which the history opens over."""
        super().__init__(parent)
        self.ctx, self.runner, self.messages = ctx, runner, messages
        self.dialogs_parent = parent or self  # the window: the history opens over it
        self.view = StaffView(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.view.history_requested.connect(self.show_history)
        self.view.new_requested.connect(self.new_requested)
        self.view.edit_requested.connect(lambda row: self.edit_requested.emit(row.id))

    def reload(self) -> None:
        store = self.ctx.store
        self.runner.submit(lambda: people.list_staff(store), self.view.set_rows, self.messages.report_error)

    def show_history(self, row: people.StaffRow) -> None:
        show_record_history(self.dialogs_parent, self.ctx, self.runner, self.messages, "staff", row.id, f"{row.staff_no} {row.name}")
