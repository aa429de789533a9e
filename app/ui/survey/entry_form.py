"""The response form, built from a survey's questions, for keyed entry and the kiosk alike.

Made for the keyboard: every field is one line; Tab or Enter moves on, Enter in the last field
(or Ctrl+Enter anywhere) is "save and next". Choices are typed by their number as printed on
the paper form ("3"; several: "1 3"), the chosen words show beside the field, and a reason
appears beside a field as soon as the cursor leaves it. Choosing anonymous empties the staff
number at once (``setText`` also drops its undo history), so it is never part of the value.
The form only collects the texts: reading them and every reason are the service's
(``app.services.survey.answers``).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.domain.staff_no import DEFAULT_WIDTH
from app.domain.survey import QuestionKind
from app.i18n import _
from app.services.survey.answers import parse_answer, read_answers, typed_problems
from app.services.survey.defs import QuestionInput, SurveyInput
from app.services.survey.entry import PROPOSAL_PARTS, ProposalText, ResponseInput
from app.ui.widgets.date_edit import ERROR_STYLE, WarekiDateEdit

HINT_STYLE = "color: #555"


def proposal_labels() -> dict[str, str]:
    return {"current": _("Current situation (現状・課題)"), "idea": _("Improvement idea (改善案)"),
            "effect": _("Expected effect (期待される効果)"), "target_work": _("Target work (対象業務)")}


def choice_note(choices: tuple[str, ...]) -> str:
    """The numbered choices for the wrapped list under a field, each kept on one line (a word
    joiner between its characters: Japanese text may otherwise break anywhere) unless it is long."""
    def unbroken(n: int, text: str) -> str:
        item = f"{n}.\u00a0{text}"  # a no-break space: the number stays with its text
        return "\u2060".join(item) if len(text) <= 24 else item
    return "　".join(unbroken(n, c) for n, c in enumerate(choices, 1))


class EntryForm(QWidget):
    save_requested = Signal()

    def __init__(self, form: SurveyInput, parent: QWidget | None = None, *, channel: str = "paper",
                 today: date | None = None, staff_no_width: int = DEFAULT_WIDTH):
        super().__init__(parent)
        self.form = form
        self.staff_no_width = staff_no_width  # the ward's, from the store: checked as the save will
        self.channel = channel
        self.today = today or date.today()
        self.chain: list[QWidget] = []
        self.errors: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        self.choice_notes: dict[str, QLabel] = {}  # question key -> the numbered choices under its field
        self.filled_department = ""  # the 所属 last filled from the staff table (a typed one is kept)
        self.answers: dict[str, QLineEdit] = {}
        self.parts: dict[str, QLineEdit] = {}
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout_form = layout
        self.received = WarekiDateEdit(self)
        self.received.setObjectName("received")
        self.received.setEnabled(channel != "kiosk")  # self-entry is dated today
        self._row(_("Received on"), self.received, "received", widget_for_chain=self.received.line_edit)
        self.anonymous = QCheckBox(_("Answer anonymously (no staff number is kept)"), self)
        self.anonymous.setObjectName("anonymous")
        self.anonymous.toggled.connect(self._anonymous_toggled)
        self._row(_("Anonymous"), self.anonymous, "anonymous")
        self.staff_no = self._line("staff_no", _("e.g. 012345"))
        self._row(_("Staff no."), self.staff_no, "staff_no")
        self.department = self._line("department", _("e.g. 総務課"))
        self._row(_("Department"), self.department, "department")
        for q in form.questions:
            self._question_rows(q)
        for widget in self.chain:
            widget.installEventFilter(self)
        for first, second in zip(self.chain, self.chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self.reset()

    # -- building ------------------------------------------------------------------------------
    def _line(self, name: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        return edit

    def _row(self, label: str, widget: QWidget, key: str, *, caption: bool = False,
             widget_for_chain: QWidget | None = None, note: str = "") -> None:
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        line = QHBoxLayout()
        line.addWidget(widget, 1)
        if caption:
            hint = QLabel(box)
            hint.setStyleSheet(HINT_STYLE)
            hint.setMinimumWidth(160)
            line.addWidget(hint, 1)
            self.captions[key] = hint
        column.addLayout(line)
        if note:  # the numbered choices, whole and wrapped: a placeholder would cut them off and vanish
            choices = QLabel(note, box)
            choices.setObjectName(f"{key}_choices")
            choices.setTextFormat(Qt.TextFormat.PlainText)
            choices.setWordWrap(True)
            choices.setStyleSheet(HINT_STYLE)
            column.addWidget(choices)
            self.choice_notes[key] = choices
        error = widget.error_label if isinstance(widget, WarekiDateEdit) else QLabel(box)
        if not isinstance(widget, WarekiDateEdit):
            error.setObjectName(f"{key}_error")
            error.setStyleSheet(ERROR_STYLE)
            error.hide()
            column.addWidget(error)
        self.errors[key] = error
        title = QLabel(label, self)
        title.setWordWrap(True)
        self.layout_form.addRow(title, box)
        chained = widget_for_chain or widget
        self.chain.append(chained)
        if isinstance(chained, QLineEdit):
            chained.editingFinished.connect(lambda key=key: self.check_field(key))

    def _question_rows(self, q: QuestionInput) -> None:
        kind = QuestionKind(q.kind)
        required = " *" if q.required else ""
        if kind is QuestionKind.PROPOSAL:
            heading = QLabel(f"<b>Q{q.position}. {q.text}</b>{required}", self)
            self.layout_form.addRow(heading)
            for part, label in proposal_labels().items():
                edit = self._line(f"proposal_{part}")
                self.parts[part] = edit
                self._row(label, edit, "proposal" if part == "idea" else f"proposal_{part}")
            return
        edit = self._line(f"q{q.position}")
        self.answers[q.id] = edit
        note = ""
        if kind.has_choices:
            note = choice_note(q.choices)
            edit.setPlaceholderText(_("number(s), e.g. 1 3") if kind is QuestionKind.MULTIPLE else _("number"))
        elif kind is QuestionKind.RATING:
            edit.setPlaceholderText(_("1 (low) – 5 (high)"))
        self._row(f"Q{q.position}. {q.text}{required}", edit, f"q:{q.id}", caption=kind is not QuestionKind.TEXT,
                  note=note)
        edit.textChanged.connect(lambda _t, q=q: self._show_choice(q))

    # -- keyboard ------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier or watched is self.chain[-1]:
                self.save_requested.emit()
                return True
            if watched in self.chain:  # Enter on the check box moves on; Space ticks it
                nxt = self._next_enabled(self.chain.index(watched))
                nxt.setFocus(Qt.FocusReason.TabFocusReason)
                return True
        return super().eventFilter(watched, event)

    def _next_enabled(self, index: int) -> QWidget:
        for widget in self.chain[index + 1:]:
            if widget.isEnabled():
                return widget
        return self.chain[-1]

    # -- values --------------------------------------------------------------------------------
    def _anonymous_toggled(self, on: bool) -> None:
        if on:
            self.staff_no.setText("")  # setText also clears the undo history: no way back to the number
            if self.filled_department and self.department.text() == self.filled_department:
                self.department.setText("")  # it came from the number, which is gone
            self.filled_department = ""
        self.staff_no.setEnabled(not on)
        self.show_problem("staff_no", None)

    def _show_choice(self, q: QuestionInput) -> None:
        caption = self.captions.get(f"q:{q.id}")
        if caption is None:
            return
        value, problem = parse_answer(q, self.answers[q.id].text())
        if problem or value is None:
            caption.setText("")
        else:
            caption.setText("、".join(value) if isinstance(value, list) else f"→ {value}")
        self.show_problem(f"q:{q.id}", None)

    def typed(self) -> dict[str, str]:
        """The text of each answer field by question id, as the service reads it."""
        return {question_id: edit.text() for question_id, edit in self.answers.items()}

    def value(self) -> ResponseInput:
        answers = read_answers(self.form, self.typed())[0]
        proposal = ProposalText(**{p: self.parts[p].text() for p in PROPOSAL_PARTS}) if self.parts else ProposalText()
        anonymous = self.anonymous.isChecked()
        return ResponseInput(self.form.id or "", anonymous, self.received.date(),
                             staff_no="" if anonymous else self.staff_no.text(), department=self.department.text(),
                             answers=answers, proposal=proposal, channel=self.channel)

    def problems(self) -> dict[str, str]:
        """The date field's own reason when its text is no date, then the service's reasons."""
        problems = {"received": self.received.error()} if self.received.error() else {}
        found = typed_problems(self.form, self.value(), self.typed(), width=self.staff_no_width)
        for key, reason in found.items():
            problems.setdefault(key, reason)
        return problems

    def check_field(self, key: str) -> None:
        """The reason beside one field, as the cursor leaves it."""
        self.show_problem(key, self.problems().get(key))

    def show_problem(self, key: str, reason: str | None) -> None:
        label = self.errors.get(key)
        if label is None:
            return
        if key == "received":
            self.received.set_problem(reason)
            return
        label.setText(reason or "")
        label.setVisible(bool(reason))

    def set_problems(self, problems: dict[str, str]) -> None:
        for key in self.errors:
            self.show_problem(key, problems.get(key))
        first = next((w for w, key in zip(self.chain, self.errors, strict=False) if problems.get(key)), None)
        if first is not None:
            first.setFocus()

    def error_text(self, key: str) -> str:
        label = self.errors[key]
        return label.text() if label.isVisibleTo(self) else ""

    def reset(self, *, keep_date: bool = True) -> None:
        """Empty every field for the next form (the received date stays: a pile shares it)."""
        day = self.received.date() if keep_date else None
        for edit in (self.staff_no, self.department, *self.answers.values(), *self.parts.values()):
            edit.setText("")
        self.filled_department = ""
        self.anonymous.setChecked(self.channel == "kiosk")
        self._anonymous_toggled(self.anonymous.isChecked())
        self.received.set_date(day or self.today)
        for key in self.errors:
            self.show_problem(key, None)
        for caption in self.captions.values():
            caption.setText("")
        self.first_field().setFocus()

    def first_field(self) -> QWidget:
        """The received date is set once per pile of forms; each form starts at 匿名."""
        return self.anonymous
