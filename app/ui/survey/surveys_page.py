"""The アンケート page: the surveys of every year and the editor of one — its facts, and its
questions edited in a small form below the list (kind, text, choices separated by ｜, required).
New surveys start empty, from the ready template, or as a copy of last year's."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.fiscal import current_fiscal_year
from app.domain.survey import QuestionKind
from app.i18n import _
from app.services.survey.defs import QuestionInput, SurveyInput, split_choices, split_departments
from app.ui.survey.models import questions_model, surveys_model
from app.ui.widgets.date_edit import ERROR_STYLE, WarekiDateEdit
from app.ui.widgets.fit import fit_columns


def _table(model, parent, stretch: int) -> QTableView:
    table = QTableView(parent)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(False)
    fit_columns(table, stretch=stretch, cap=240)  # long choices are elided, whole in the tooltip
    return table


class SurveysPage(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = surveys_model(self)
        self.table = _table(self.model, self, stretch=2)
        self.table.setObjectName("surveys_table")
        self.new_button = QPushButton(_("New"), self)
        self.template_button = QPushButton(_("From the template 「業務改善アンケート」"), self)
        self.template_button.setObjectName("from_template")
        self.copy_button = QPushButton(_("Copy last year's"), self)
        self.copy_button.setObjectName("copy_last_year")
        self.kiosk_button = QPushButton(_("Start kiosk mode…"), self)
        self.kiosk_button.setObjectName("start_kiosk")
        self.pin_button = QPushButton(_("Kiosk PIN…"), self)
        buttons = QHBoxLayout()
        for b in (self.new_button, self.template_button, self.copy_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.pin_button)
        buttons.addWidget(self.kiosk_button)
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(buttons)
        column.addWidget(self.table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(left)
        splitter.addWidget(self._editor())
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.editing: SurveyInput | None = None
        self.questions: list[QuestionInput] = []

    def _editor(self) -> QWidget:
        box = QWidget(self)
        form = QFormLayout()
        self.code = QLineEdit(box)
        self.title = QLineEdit(box)
        self.fiscal_year = QSpinBox(box)
        self.fiscal_year.setRange(2000, 2100)
        self.opens = WarekiDateEdit(box)
        self.closes = WarekiDateEdit(box)
        self.departments = QLineEdit(box)
        self.departments.setPlaceholderText(_("empty: all departments; separate with 、"))
        self.description = QLineEdit(box)
        self.errors: dict[str, QLabel] = {}
        for name, label, widget in (("code", _("Survey code"), self.code), ("title", _("Title"), self.title),
                                    ("fiscal_year", _("Fiscal year"), self.fiscal_year),
                                    ("opens", _("Opens"), self.opens), ("closes", _("Closes"), self.closes),
                                    ("departments", _("Target departments"), self.departments),
                                    ("description", _("Description"), self.description)):
            widget.setObjectName(f"survey_{name}")
            error = widget.error_label if isinstance(widget, WarekiDateEdit) else QLabel(box)
            cell = QWidget(box)
            col = QVBoxLayout(cell)
            col.setContentsMargins(0, 0, 0, 0)
            col.addWidget(widget)
            if not isinstance(widget, WarekiDateEdit):
                error.setStyleSheet(ERROR_STYLE)
                error.hide()
                col.addWidget(error)
            self.errors[name] = error
            form.addRow(label, cell)
        self.question_model = questions_model(box)
        self.question_table = _table(self.question_model, box, stretch=2)
        self.kind = QComboBox(box)
        for k in QuestionKind:
            self.kind.addItem(k.label(), k.value)
        self.question_text = QLineEdit(box)
        self.question_text.setPlaceholderText(_("Question"))
        self.choices = QLineEdit(box)
        self.choices.setPlaceholderText(_("Choices, separated by ｜"))
        self.required = QCheckBox(_("Required"), box)
        # The question's editor in three rows, so its fields keep a usable width at 1366 px.
        qrow, choices_row, buttons_row = QHBoxLayout(), QHBoxLayout(), QHBoxLayout()
        qrow.addWidget(self.kind)
        qrow.addWidget(self.question_text, 1)
        choices_row.addWidget(self.choices, 1)
        choices_row.addWidget(self.required)
        self.add_question = QPushButton(_("Add"), box)
        self.update_question = QPushButton(_("Update"), box)
        self.remove_question = QPushButton(_("Remove"), box)
        self.up_button = QPushButton("↑", box)
        self.down_button = QPushButton("↓", box)
        for b in (self.add_question, self.update_question, self.remove_question, self.up_button, self.down_button):
            buttons_row.addWidget(b)
        buttons_row.addStretch(1)
        self.questions_error = QLabel(box)
        self.questions_error.setStyleSheet(ERROR_STYLE)
        self.errors["questions"] = self.questions_error
        self.save_button = QPushButton(_("Save the survey"), box)
        self.save_button.setObjectName("survey_save")
        self.delete_button = QPushButton(_("Delete"), box)
        self.status = QLabel(box)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.delete_button)
        bottom.addWidget(self.save_button)
        right = QVBoxLayout()
        right.addWidget(self.question_table, 1)
        right.addLayout(qrow)
        right.addLayout(choices_row)
        right.addLayout(buttons_row)
        right.addWidget(self.questions_error)
        top = QHBoxLayout()
        top.addLayout(form, 2)
        top.addLayout(right, 3)
        layout = QVBoxLayout(box)
        layout.addLayout(top, 1)
        layout.addLayout(bottom)
        self.question_table.selectionModel().currentRowChanged.connect(lambda *_a: self._question_selected())
        self.add_question.clicked.connect(lambda: self._edit_question(None))
        self.update_question.clicked.connect(lambda: self._edit_question(self._row()))
        self.remove_question.clicked.connect(self._remove)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        return box

    # -- the survey ----------------------------------------------------------------------------
    def show_survey(self, item: SurveyInput | None) -> None:
        self.editing = item or SurveyInput("", "", current_fiscal_year())
        e = self.editing
        self.code.setText(e.code)
        self.title.setText(e.title)
        self.fiscal_year.setValue(e.fiscal_year)
        self.opens.set_date(e.opens)
        self.closes.set_date(e.closes)
        self.departments.setText("、".join(e.departments))
        self.description.setText(e.description)
        for field in (self.title, self.departments, self.description):
            field.setCursorPosition(0)  # a long text reads from its start
        self.questions = list(e.questions)
        self._refresh_questions()
        self.set_problems({})

    def value(self) -> SurveyInput:
        base = self.editing or SurveyInput("", "", current_fiscal_year())
        return replace(base, code=self.code.text(), title=self.title.text(), fiscal_year=self.fiscal_year.value(),
                       opens=self.opens.date(), closes=self.closes.date(),
                       departments=split_departments(self.departments.text()), description=self.description.text(),
                       questions=tuple(self.questions))

    def set_problems(self, problems: dict[str, str]) -> None:
        for name, label in self.errors.items():
            if name in ("opens", "closes"):
                (self.opens if name == "opens" else self.closes).set_problem(problems.get(name))
                continue
            label.setText(problems.get(name, ""))
            label.setVisible(name in problems)

    def error_text(self, name: str) -> str:
        label = self.errors[name]
        return label.text() if label.isVisibleTo(self) else ""

    # -- its questions -------------------------------------------------------------------------
    def _refresh_questions(self, select: int | None = None) -> None:
        self.questions = [replace(q, position=i) for i, q in enumerate(self.questions, 1)]
        self.question_model.set_rows(self.questions)
        if select is not None and 0 <= select < len(self.questions):
            self.question_table.selectRow(select)

    def _row(self) -> int | None:
        index = self.question_table.currentIndex()
        return index.row() if index.isValid() else None

    def _question_selected(self) -> None:
        row = self._row()
        if row is None:
            return
        q = self.questions[row]
        self.kind.setCurrentIndex(self.kind.findData(q.kind))
        self.question_text.setText(q.text)
        self.choices.setText("｜".join(q.choices))
        self.required.setChecked(q.required)

    def _edit_question(self, row: int | None) -> None:
        choices = split_choices(self.choices.text())
        kind = self.kind.currentData()
        if not QuestionKind(kind).has_choices:
            choices = ()
        if row is None:
            self.questions.append(QuestionInput(kind, self.question_text.text(), choices, self.required.isChecked()))
            row = len(self.questions) - 1
        else:
            self.questions[row] = replace(self.questions[row], kind=kind, text=self.question_text.text(),
                                          choices=choices, required=self.required.isChecked())
        self._refresh_questions(row)

    def _remove(self) -> None:
        row = self._row()
        if row is not None:
            del self.questions[row]
            self._refresh_questions(min(row, len(self.questions) - 1))

    def _move(self, step: int) -> None:
        row = self._row()
        if row is None or not 0 <= row + step < len(self.questions):
            return
        self.questions[row], self.questions[row + step] = self.questions[row + step], self.questions[row]
        self._refresh_questions(row + step)
