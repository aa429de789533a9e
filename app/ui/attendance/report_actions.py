"""The tab's PDF buttons: ask where to save, build the report on the worker, show it in the print
preview (the PDF viewer is one button away there). ``save`` does the work without the file dialog
(tests and scripts call it)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.i18n import _
from app.ui.attendance.controller import AttendanceController
from app.ui.attendance.participation_controller import ParticipationController
from app.ui.file_dialogs import ask_save


class ReportActions(QObject):
    written = Signal(object)  # Path of the PDF

    def __init__(self, attendance: AttendanceController, participation: ParticipationController,
                 parent_widget: QWidget, *, open_after: bool = True):
        super().__init__(attendance)
        self.attendance = attendance
        self.participation = participation
        self.ctx = attendance.ctx
        self.runner = attendance.runner
        self.parent_widget = parent_widget
        self.open_after = open_after  # show the print preview; tests turn it off
        self.last_dialog: QWidget | None = None
        view = attendance.view
        view.signin_button.clicked.connect(lambda: self._ask("signin"))
        view.record_button.clicked.connect(lambda: self._ask("meeting"))
        view.participation.report_button.clicked.connect(lambda: self._ask("participation"))

    def _default_name(self, kind: str) -> str | None:
        view = self.attendance.view
        council, meeting = view.selected_council(), view.selected_meeting()
        if kind == "participation":
            year = view.participation.selected_year()
            return _("participation_{year}.pdf").format(year=year) if year else None
        if council is None or meeting is None:
            return None
        name = _("signin") if kind == "signin" else _("meeting_record")
        return f"{name}_{council.code}_{meeting.date.isoformat()}.pdf"

    def _ask(self, kind: str) -> None:
        name = self._default_name(kind)
        if name is None:
            return
        path = ask_save(self.parent_widget, self.ctx, "report", _("Save the PDF"), name, "PDF (*.pdf)")
        if path:
            self.save(kind, path)

    def save(self, kind: str, out: Path, on_done: Callable[[Path], None] | None = None) -> None:
        from app.services.attendance import reports  # reportlab loads on first use, not at start-up

        view = self.attendance.view
        store, settings = self.ctx.store, self.ctx.settings
        if kind == "participation":
            year = view.participation.selected_year()
            job = lambda: reports.participation_report(store, settings, year, None, out)  # noqa: E731
        else:
            council, meeting = view.selected_council(), view.selected_meeting()
            if council is None or meeting is None:
                return
            build = reports.signin_sheet if kind == "signin" else reports.meeting_record
            job = lambda: build(store, settings, council.code, meeting.date, meeting.title, out)  # noqa: E731
        self.runner.submit(job, lambda path: self._written(Path(path), on_done), self.attendance._failed)

    def _written(self, path: Path, on_done) -> None:
        self.attendance.view.show_confirmation(_("Saved {file}").format(file=path.name), True)
        self.written.emit(path)
        if on_done is not None:
            on_done(path)
        if self.open_after:
            from app.ui.widgets.pdf_preview import preview_report  # Qt printing and PDFium load on first use
            self.last_dialog = preview_report(path, self.parent_widget)
