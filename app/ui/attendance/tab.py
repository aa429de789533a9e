"""The 協議会出席 tab: one entry point for the main window. The view (councils | meetings | roster,
and the participation page), its controllers — marking, participation, editing (which also edits
staff for the staff tab), the PDF buttons — built from the shared context and runner.

``reload`` reads the fiscal years on the worker, then councils, meetings and roster reload keeping
what is selected; ``forget_and_reload`` (after a restore) also drops the undo history, which
points at data that is gone."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.services.attendance.participation import fiscal_years
from app.ui.attendance.controller import AttendanceController
from app.ui.attendance.editing import EditingController
from app.ui.attendance.participation_controller import ParticipationController
from app.ui.attendance.report_actions import ReportActions
from app.ui.attendance.view import AttendanceView


class AttendanceTab(QWidget):
    changed = Signal()  # a mark or a note was written (the window counts again)
    saved = Signal(str, str)  # table, id: a record saved or deleted through a dialog (every view reloads)
    message = Signal(str)  # for the status bar (what an undo undid)

    def __init__(self, ctx, runner, parent: QWidget | None = None, *,
                 on_error: Callable[[BaseException], None] | None = None):
        """``parent``: the window, which the dialogs and PDF previews open over; ``on_error``: where a
        failed load goes (the window's message)."""
        super().__init__(parent)
        self.ctx, self.runner, self.on_error = ctx, runner, on_error
        self.view = AttendanceView(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.controller = AttendanceController(self.view, ctx, runner)
        self.participation = ParticipationController(self.view.participation, ctx, runner, on_error=on_error)
        dialogs_parent = parent or self  # the window, as before the tab had its own entry point
        self.editing = EditingController(self.controller, dialogs_parent)
        self.reports = ReportActions(self.controller, self.participation, dialogs_parent)
        self.view.pages.currentChanged.connect(self._page_changed)
        self.controller.changed.connect(self.changed)
        self.controller.message.connect(self.message)
        self.editing.saved.connect(self.saved)

    def reload(self) -> None:
        store = self.ctx.store
        self.runner.submit(lambda: fiscal_years(store), self._show_years, self.on_error)

    def _show_years(self, years: list[int]) -> None:
        self.controller.set_years(years)
        self.controller.reload()
        self.controller.reload_current()
        self._page_changed()

    def forget_and_reload(self) -> None:
        self.controller.undo_stack.clear()
        self.view.undo_button.setEnabled(False)
        self.reload()

    def _page_changed(self, _index: int = 0) -> None:
        if self.view.pages.currentWidget() is self.view.participation:
            self.participation.reload()
