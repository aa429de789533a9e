"""The 入力 page: a clerk keys paper forms one after another without the mouse.

View and controller of one page. The form is rebuilt when another survey is chosen; "save and
next" saves on the runner, shows the receipt code and empties the form with the cursor at the
top. A named respondent who already answered gets a warning the clerk answers (save anyway?), and
so does a form dated outside the survey's period (a question, not a silent save). The 所属 of a
named respondent is filled from the staff table as the staff number is left (only here: the kiosk
never tells anyone another person's department).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.survey import format_receipt_code
from app.domain.wareki import format_date
from app.errors import Invalid
from app.i18n import _
from app.services.survey.defs import SurveyInput, SurveyRow, load_survey
from app.services.survey.entry import (
    DuplicateRespondent,
    Saved,
    outside_period,
    save_response,
    staff_department,
)
from app.ui.survey.entry_form import EntryForm
from app.ui.widgets.date_edit import describe_date


class EntryPage(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.survey = QComboBox(self)
        self.survey.setObjectName("entry_survey")
        self.save_button = QPushButton(_("Save and next (Ctrl+Enter)"), self)
        self.save_button.setObjectName("save_next")
        self.status = QLabel(self)
        self.status.setObjectName("entry_status")
        font = QFont(self.status.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.status.setFont(font)
        self.count = QLabel(self)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.form: EntryForm | None = None
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Survey"), self))
        top.addWidget(self.survey, 1)
        top.addWidget(self.count)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(bottom)
        self.save_shortcut = QShortcut(QKeySequence("Ctrl+Return"), self)

    def set_form(self, form: EntryForm | None) -> None:
        old = self.scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        self.form = form
        if form is not None:
            self.scroll.setWidget(form)

    def show_status(self, text: str, ok: bool) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #1b5e20" if ok else "color: #b00020")


class EntryController(QObject):
    saved = Signal(object)  # Saved

    def __init__(self, view: EntryPage, ctx, runner, *, today: Callable[[], date] = date.today):
        super().__init__(view)
        self.view = view
        self.ctx = ctx
        self.runner = runner
        self.today = today
        self.entered = 0
        self.last: Saved | None = None
        # Asked when a named respondent answered before; tests replace it.
        self.confirm_duplicate: Callable[[DuplicateRespondent], bool] = self._ask_duplicate
        # Asked when the received date is outside the survey's period: (form, day) -> bool.
        self.confirm_outside_period: Callable[[SurveyInput, date], bool] = self._ask_outside_period
        view.survey.currentIndexChanged.connect(lambda *_a: self.load_form())
        view.save_button.clicked.connect(self.save)
        view.save_shortcut.activated.connect(self.save)

    def set_surveys(self, rows: list[SurveyRow]) -> None:
        combo = self.view.survey
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for r in rows:
            combo.addItem(f"{r.code}　{r.title}（{r.fiscal_year}）", r.id)
        index = combo.findData(current) if current else -1
        combo.setCurrentIndex(index if index >= 0 else 0 if rows else -1)
        combo.blockSignals(False)
        if combo.currentData() != current or self.view.form is None:
            self.load_form()

    def load_form(self) -> None:
        survey_id = self.view.survey.currentData()
        if survey_id is None:
            self.view.set_form(None)
            return
        store = self.ctx.store
        self.runner.submit(lambda: load_survey(store, survey_id), self._show_form)

    def _show_form(self, form: SurveyInput) -> None:
        entry = EntryForm(form, channel="paper", today=self.today(), staff_no_width=self.ctx.store.staff_no_width)
        entry.save_requested.connect(self.save)
        entry.staff_no.editingFinished.connect(self.fill_department)
        self.view.set_form(entry)
        entry.first_field().setFocus()

    def fill_department(self) -> None:
        """A named respondent's 所属 from the staff table, unless the clerk typed another one."""
        entry = self.view.form
        if entry is None or entry.anonymous.isChecked() or not entry.staff_no.text().strip():
            return
        store, staff_no = self.ctx.store, entry.staff_no.text()
        self.runner.submit(lambda: staff_department(store, staff_no),
                           lambda department: self._department_found(entry, staff_no, department))

    def _department_found(self, entry: EntryForm, staff_no: str, department: str) -> None:
        if entry is not self.view.form or entry.anonymous.isChecked() or entry.staff_no.text() != staff_no:
            return  # the form moved on meanwhile
        typed = entry.department.text()
        if not typed or typed == entry.filled_department:
            entry.department.setText(department)
            entry.filled_department = department

    def save(self, *, allow_duplicate: bool = False, allow_outside_period: bool = False) -> None:
        entry = self.view.form
        if entry is None:
            return
        problems = entry.problems()
        entry.set_problems(problems)
        if problems:
            self.view.show_status(_("Check the fields marked in red."), False)
            return
        store, form, item = self.ctx.store, entry.form, entry.value()
        if not allow_outside_period and outside_period(form, item.received):
            if not self.confirm_outside_period(form, item.received):
                self.view.show_status(_("Not saved: the date is outside the survey's period."), False)
                entry.received.line_edit.setFocus()
                return
        self.runner.submit(lambda: save_response(store, form, item, allow_duplicate=allow_duplicate),
                           self._saved, self._failed)

    def _saved(self, saved: Saved) -> None:
        self.entered += 1
        self.last = saved
        self.view.count.setText(_("{n} entered").format(n=self.entered))
        kind = _("anonymous") if saved.anonymous else _("named")
        self.view.show_status(_("Saved ({kind}): receipt no. {code}").format(
            kind=kind, code=format_receipt_code(saved.receipt_code)), True)
        if self.view.form is not None:
            self.view.form.reset()
        self.saved.emit(saved)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, DuplicateRespondent):
            if self.confirm_duplicate(exc):
                self.save(allow_duplicate=True, allow_outside_period=True)  # the period was asked about already
            else:
                self.view.show_status(str(exc), False)
            return
        if isinstance(exc, Invalid) and self.view.form is not None:
            self.view.form.set_problems(exc.problems)
            self.view.show_status(_("Check the fields marked in red."), False)
            return
        raise exc

    def _ask_outside_period(self, form: SurveyInput, day: date) -> bool:
        answer = QMessageBox.question(self.view, _("Outside the survey period"), outside_period_text(form, day))
        return answer == QMessageBox.StandardButton.Yes

    def _ask_duplicate(self, exc: DuplicateRespondent) -> bool:
        earlier = "、".join(f"{format_receipt_code(code)}（{format_date(day)}）" for code, day in exc.earlier)
        answer = QMessageBox.question(
            self.view, _("Answered before"),
            _("{message}\nEarlier: {earlier}\n\nSave this response as well?").format(message=exc, earlier=earlier))
        return answer == QMessageBox.StandardButton.Yes


def outside_period_text(form: SurveyInput, day: date) -> str:
    period = "–".join(describe_date(d) if d else "…" for d in (form.opens, form.closes))
    return _("This response is dated {day}, outside the survey's period ({period}). Save it anyway?").format(
        day=describe_date(day), period=period)
