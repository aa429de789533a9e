"""The 業務改善アンケート tab: the one entry point the main window plugs in.

``SurveyTab(ctx, runner)`` holds five pages — surveys, entry, proposals, lookup, summary — and
wires the surveys page (save, template, copy last year, kiosk and its PIN) and the PDF buttons.
Every database job goes through the runner; ``changed`` fires after every write.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.fiscal import current_fiscal_year
from app.domain.survey import format_receipt_code
from app.errors import Invalid
from app.fileio import free_path
from app.i18n import _
from app.services.survey.defs import (
    copy_last_year,
    delete_survey,
    list_surveys,
    load_survey,
    save_survey,
    template,
)
from app.services.survey.entry import outside_period
from app.services.survey.kiosk import has_pin, pin_problem, set_pin
from app.ui.file_dialogs import ask_save, start_in
from app.ui.survey.entry_page import EntryController, EntryPage
from app.ui.survey.kiosk import KioskWindow
from app.ui.survey.lookup_page import LookupView
from app.ui.survey.proposals_page import ProposalsController, ProposalsPage
from app.ui.survey.summary_page import SummaryController, SummaryPage
from app.ui.survey.surveys_page import SurveysPage
from app.ui.widgets.date_edit import describe_date


class SurveyTab(QWidget):
    changed = Signal()

    def __init__(self, ctx, runner, parent: QWidget | None = None, *, today: Callable[[], date] = date.today):
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.today = today
        self.open_after = True  # show written PDFs in the print preview; tests turn it off
        self.last_dialog: QWidget | None = None
        self.kiosk: KioskWindow | None = None
        # Asked when the kiosk starts outside the survey's period (its responses are dated today).
        self.confirm_kiosk_outside_period: Callable[[object, date], bool] = self._ask_kiosk_outside_period
        self.pages = QTabWidget(self)
        self.pages.setObjectName("survey_pages")
        self.surveys = SurveysPage(self)
        self.entry = EntryPage(self)
        self.proposals = ProposalsPage(self)
        self.lookup = LookupView(ctx, runner, self, on_withdrawn=lambda: self.changed.emit())
        self.summary = SummaryPage(self)
        for page, title in ((self.surveys, _("Surveys")), (self.entry, _("Entry")),
                            (self.proposals, _("Proposals")), (self.lookup, _("Feedback lookup")),
                            (self.summary, _("Summary"))):
            self.pages.addTab(page, title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.entry_controller = EntryController(self.entry, ctx, runner, today=today)
        self.proposals_controller = ProposalsController(self.proposals, ctx, runner, today=today)
        self.summary_controller = SummaryController(self.summary, ctx, runner)
        self.entry_controller.saved.connect(lambda _s: self.changed.emit())
        self.proposals_controller.changed.connect(self.changed)
        s = self.surveys
        s.table.selectionModel().currentRowChanged.connect(lambda *_a: self._survey_selected())
        s.new_button.clicked.connect(lambda: s.show_survey(None))
        s.template_button.clicked.connect(lambda: s.show_survey(template(current_fiscal_year(self.today()))))
        s.copy_button.clicked.connect(self.copy_last_year)
        s.save_button.clicked.connect(self.save_survey)
        s.delete_button.clicked.connect(self.delete_survey)
        s.kiosk_button.clicked.connect(self.start_kiosk)
        s.pin_button.clicked.connect(self.ask_new_pin)
        self.proposals.letter_button.clicked.connect(lambda: self._ask_pdf("feedback"))
        self.proposals.list_button.clicked.connect(lambda: self._ask_pdf("proposals"))
        self.summary.report_button.clicked.connect(lambda: self._ask_pdf("survey"))
        self.changed.connect(self.reload)
        s.show_survey(None)

    # -- loading -------------------------------------------------------------------------------
    def reload(self) -> None:
        store = self.ctx.store
        self.runner.submit(lambda: list_surveys(store), self._show_surveys, self._failed)

    def _show_surveys(self, rows) -> None:
        keep = self.selected_survey_id()
        self.surveys.model.set_rows(rows)
        index = next((i for i, r in enumerate(rows) if r.id == keep), None)
        if index is not None:
            self.surveys.table.selectRow(index)
        self.entry_controller.set_surveys(rows)
        self.summary_controller.set_surveys(rows)
        self.proposals_controller.set_years([r.fiscal_year for r in rows])
        self.proposals_controller.reload()
        self.summary_controller.reload()

    def selected_survey_id(self) -> str | None:
        index = self.surveys.table.currentIndex()
        return self.surveys.model.row_at(index.row()).id if index.isValid() else None

    def _survey_selected(self) -> None:
        survey_id = self.selected_survey_id()
        if survey_id:
            store = self.ctx.store
            self.runner.submit(lambda: load_survey(store, survey_id), self.surveys.show_survey)

    # -- the surveys page ----------------------------------------------------------------------
    def save_survey(self) -> None:
        item, store = self.surveys.value(), self.ctx.store
        self.runner.submit(lambda: save_survey(store, item), self._survey_saved, self._failed)

    def _survey_saved(self, survey_id: str) -> None:
        self.surveys.set_problems({})
        self.surveys.status.setText(_("Saved."))
        self.runner.submit(lambda: load_survey(self.ctx.store, survey_id), self.surveys.show_survey)
        self.changed.emit()

    def copy_last_year(self) -> None:
        store, fy = self.ctx.store, current_fiscal_year(self.today())
        self.runner.submit(lambda: copy_last_year(store, fy), self._copied)

    def _copied(self, item) -> None:
        if item is None:
            self.surveys.status.setText(_("There is no survey of last fiscal year to copy."))
            return
        self.surveys.show_survey(item)
        self.surveys.status.setText(_("A copy of last year's survey: check it and save."))

    def delete_survey(self) -> None:
        survey_id = self.surveys.editing.id if self.surveys.editing else None
        if not survey_id:
            return
        answer = QMessageBox.question(self, _("Delete"), _("Hide this survey? Its responses stay in the store."))
        if answer == QMessageBox.StandardButton.Yes:
            store = self.ctx.store
            self.runner.submit(lambda: delete_survey(store, survey_id), lambda _r: self._deleted(), self._failed)

    def _deleted(self) -> None:
        self.surveys.show_survey(None)
        self.changed.emit()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, Invalid):
            self.surveys.set_problems(exc.problems)
            self.surveys.status.setText(_("Check the fields marked in red."))
            return
        raise exc

    # -- kiosk ---------------------------------------------------------------------------------
    def ask_new_pin(self) -> bool:
        pin, ok = QInputDialog.getText(self, _("Kiosk PIN"), _("New PIN (4 to 8 digits):"), QLineEdit.EchoMode.Password)
        if not ok:
            return False
        return self.set_kiosk_pin(pin)

    def set_kiosk_pin(self, pin: str) -> bool:
        problem = pin_problem(pin)
        if problem:
            self.surveys.status.setText(problem)
            return False
        set_pin(self.ctx.settings, pin)
        self.ctx.settings.save(self.ctx.paths.settings)
        self.surveys.status.setText(_("The kiosk PIN is set."))
        return True

    def start_kiosk(self, *, lock: bool = True) -> KioskWindow | None:
        """Kiosk mode on the selected survey; ``lock``: full screen, every other window hidden until the PIN."""
        survey_id = self.selected_survey_id() or self.entry.survey.currentData()
        if survey_id is None:
            self.surveys.status.setText(_("Choose a survey first."))
            return None
        if not has_pin(self.ctx.settings) and not self.ask_new_pin():
            self.surveys.status.setText(_("Kiosk mode needs a PIN to end it: set one first."))
            return None
        store = self.ctx.store
        self.runner.submit(lambda: load_survey(store, survey_id), lambda form: self._open_kiosk(form, lock))
        return self.kiosk

    def _open_kiosk(self, form, lock: bool) -> None:
        today = self.today()
        if outside_period(form, today) and not self.confirm_kiosk_outside_period(form, today):
            self.surveys.status.setText(_("Kiosk mode not started: today is outside the survey's period."))
            return
        self.kiosk = KioskWindow(self.ctx, self.runner, form, open_slips=self.open_after)
        self.kiosk.saved.connect(lambda _s: self.changed.emit())
        self.kiosk.finished.connect(self._kiosk_ended)
        self.kiosk.start(lock=lock)

    def _ask_kiosk_outside_period(self, form, today: date) -> bool:
        period = "–".join(describe_date(d) if d else "…" for d in (form.opens, form.closes))
        answer = QMessageBox.question(self, _("Outside the survey period"), _(
            "Today is outside the survey's period ({period}): every kiosk response is dated today. "
            "Start kiosk mode anyway?").format(period=period))
        return answer == QMessageBox.StandardButton.Yes

    def _kiosk_ended(self) -> None:
        if self.kiosk is not None:
            self.kiosk.deleteLater()
            self.kiosk = None

    # -- PDFs ----------------------------------------------------------------------------------
    def default_pdf_path(self, kind: str) -> Path | None:
        """Where the save dialog starts: the last folder used, a name that says what the PDF is
        (the letter carries the receipt code: 回答書_34679-ACEFG.pdf), never another file's."""
        if kind == "feedback":
            current = self.proposals_controller.current
            if current is None:
                return None
            name = _("answer_letter_{code}.pdf").format(code=format_receipt_code(current.receipt_code))
        else:
            name = {"proposals": _("proposals.pdf"), "survey": _("survey_summary.pdf")}[kind]
        return free_path(start_in(self.ctx, "report") / name)

    def _ask_pdf(self, kind: str) -> None:
        start = self.default_pdf_path(kind)
        if start is None:
            return
        path = ask_save(self, self.ctx, "report", _("Save the PDF"), start.name, "PDF (*.pdf)")
        if path:
            self.save_pdf(kind, path)

    def save_pdf(self, kind: str, out: Path, on_done: Callable[[Path], None] | None = None) -> None:
        from app.services.survey import reports  # reportlab loads on first use

        store, settings = self.ctx.store, self.ctx.settings
        if kind == "feedback":
            current = self.proposals_controller.current
            if current is None:
                return
            job = lambda: reports.feedback_letter(store, settings, current.id, out)  # noqa: E731
        elif kind == "proposals":
            fy = self.proposals.fiscal_year.currentData() or current_fiscal_year(self.today())
            job = lambda: reports.proposals_report(store, settings, fy, out, today=self.today())  # noqa: E731
        else:
            summary = self.summary_controller.summary
            if summary is None:
                return
            code = summary.survey.code
            job = lambda: reports.survey_summary_report(store, settings, code, out)  # noqa: E731
        self.runner.submit(job, lambda path: self._written(Path(path), on_done))

    def _written(self, path: Path, on_done) -> None:
        if on_done is not None:
            on_done(path)
        if self.open_after:
            from app.ui.widgets.pdf_preview import preview_report  # Qt printing and PDFium load on first use
            self.last_dialog = preview_report(path, self)
