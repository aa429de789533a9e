"""Wires ``ParticipationView`` to the store: every query runs on the runner, never the GUI thread.

Settings (minimum, whether 公欠 counts) are read when a load starts, so a changed setting applies
at the next ``reload()``. A result for a year the user has since left is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from PySide6.QtCore import QObject, Qt, Signal

from app.context import AppContext
from app.domain.fiscal import current_fiscal_year
from app.errors import FieldDeskError
from app.services.attendance.charts import year_reports
from app.services.attendance.participation import Participation, YearRecord, fiscal_years, person_history
from app.ui.attendance.history_dialog import PersonHistoryDialog
from app.ui.attendance.participation_page import ParticipationView


class ParticipationController(QObject):
    loaded = Signal(object)  # the Participation now on screen (for the lead's status bar and tests)

    def __init__(self, view: ParticipationView, ctx: AppContext, runner, *, today: date | None = None,
                 on_error: Callable[[BaseException], None] | None = None):
        super().__init__(view)
        self.view = view
        self.ctx = ctx
        self.runner = runner
        self.today = today  # None: the real date at each load
        self.on_error = on_error
        self.report: Participation | None = None
        self.last_dialog: PersonHistoryDialog | None = None
        view.fiscal_year_changed.connect(self.load_year)
        view.history_requested.connect(self.show_history)

    def reload(self) -> None:
        """Reload the chosen year (the current one at first), e.g. after marks changed."""
        year = self.view.selected_year()
        self.load_year(year if year is not None else current_fiscal_year(self.today))

    def load_year(self, fiscal_year: int) -> None:
        store, settings, today = self.ctx.store, self.ctx.settings, self.today
        minimum, excused = settings.minimum_attended, settings.excused_counts_as_attended

        def job() -> tuple[list[int], list[Participation]]:
            return (fiscal_years(store, today=today),
                    year_reports(store, fiscal_year, minimum=minimum, excused_counts=excused, today=today))

        self.view.show_loading()
        self.runner.submit(job, self._loaded, self._failed)

    def _loaded(self, result: tuple[list[int], list[Participation]]) -> None:
        years, reports = result
        report = reports[-1]  # the chosen year; the earlier ones are for the charts
        chosen = self.view.selected_year()
        if chosen is not None and chosen != report.fiscal_year:
            return  # the user picked another year meanwhile; its load is queued behind this one
        self.view.set_years(years, report.fiscal_year)
        self.view.show_report(report, reports)
        self.report = report
        self.loaded.emit(report)

    def show_history(self, staff_id: str, name: str) -> None:
        store, today = self.ctx.store, self.today
        excused = self.ctx.settings.excused_counts_as_attended
        self.runner.submit(lambda: person_history(store, staff_id, excused_counts=excused, today=today),
                           partial(self._open_history, name, excused), self._failed)

    def _open_history(self, name: str, excused: bool, records: list[YearRecord]) -> None:
        dialog = PersonHistoryDialog(name, records, excused, self.view)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_dialog = dialog
        dialog.open()  # window-modal without a nested event loop: never blocks a test

    def _failed(self, exc: BaseException) -> None:
        """Expected failures (disk, lock) are shown; anything else is a bug for the crash hook."""
        if self.on_error is not None:
            self.on_error(exc)
        elif isinstance(exc, FieldDeskError):
            self.view.show_message(str(exc))
        else:
            raise exc
