"""The 提案 page: proposals filtered by fiscal year, status, assigned department and overdue
(overdue rows in red), and the workflow editor of the selected one, with the reasons of a
refused change beside their fields, and a note when saved feedback has no date yet (the submitter
sees feedback only once it is dated). Also the 回答書 PDF of the selected proposal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.survey import TRANSITIONS, ProposalStatus, format_receipt_code
from app.errors import Invalid
from app.i18n import _
from app.services.survey.kiosk import overdue_days
from app.services.survey.proposals import (
    ProposalRow,
    ProposalUpdate,
    assigned_departments,
    list_proposals,
    save_update,
)
from app.ui.survey.models import proposals_model
from app.ui.widgets.date_edit import ERROR_STYLE, WarekiDateEdit
from app.ui.widgets.fit import VerticalScrollArea, compact_combo, fit_columns

FIELDS = ("status", "department", "reviewer", "reason", "feedback", "feedback_date", "delivered")


class ProposalsPage(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.fiscal_year = QComboBox(self)
        self.status_filter = QComboBox(self)
        self.status_filter.setObjectName("status_filter")
        self.status_filter.addItem(_("All statuses"), None)
        for s in ProposalStatus:
            self.status_filter.addItem(s.label(), s.value)
        self.department_filter = QComboBox(self)
        self.department_filter.setObjectName("department_filter")
        self.overdue_only = QCheckBox(_("Overdue only"), self)
        self.overdue_only.setObjectName("overdue_only")
        self.model = proposals_model(self)
        self.table = QTableView(self)
        self.table.setObjectName("proposals_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()  # row numbers say nothing here; the receipt no. does
        fit_columns(self.table, stretch=6, cap=120)  # the idea takes the spare width; whole in the editor
        self.summary = QLabel(self)
        filters = QHBoxLayout()
        for label, widget in ((_("Fiscal year"), self.fiscal_year), (_("Progress"), self.status_filter),
                              (_("Assigned department"), self.department_filter)):
            filters.addWidget(QLabel(label, self))
            filters.addWidget(widget)
        filters.addWidget(self.overdue_only)
        filters.addStretch(1)
        compact_combo(self.department_filter, 10)
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(filters)
        column.addWidget(self.table, 1)
        below = QHBoxLayout()  # the year's list under the list, the selected one's letter in the editor
        below.addWidget(self.summary, 1)
        column.addLayout(below)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self._editor())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([1000, 340])
        below.addWidget(self.list_button)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def _editor(self) -> QWidget:
        box = QWidget(self)
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # labels above: a narrow editor
        self.title = QLabel(box)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.title)
        self.status = QComboBox(box)
        self.department = QLineEdit(box)
        self.reviewer = QLineEdit(box)
        self.reason = QPlainTextEdit(box)
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(60)
        self.feedback = QPlainTextEdit(box)
        self.feedback.setTabChangesFocus(True)
        self.feedback.setFixedHeight(110)
        self.feedback_date = WarekiDateEdit(box)
        self.delivered = QCheckBox(_("Feedback has reached the submitter"), box)
        self.errors: dict[str, QLabel] = {}
        labels = (_("Progress"), _("Assigned department"), _("Reviewer"), _("Reason (required for 不採用 and 保留)"),
                  _("Feedback"), _("Feedback date"), _("Delivered"))
        for name, label, widget in zip(FIELDS, labels, (self.status, self.department, self.reviewer, self.reason,
                                                        self.feedback, self.feedback_date, self.delivered), strict=True):
            widget.setObjectName(f"proposal_{name}")
            cell = QWidget(box)
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(widget)
            if isinstance(widget, WarekiDateEdit):
                error = widget.error_label
            else:
                error = QLabel(cell)
                error.setStyleSheet(ERROR_STYLE)
                error.setWordWrap(True)
                error.hide()
                column.addWidget(error)
            self.errors[name] = error
            form.addRow(label, cell)
        self.undated = QLabel(_("This feedback is saved but has no feedback date: the submitter does not see it "
                                "(回答照会, the kiosk) until it is dated."), box)
        self.undated.setObjectName("feedback_undated")
        self.undated.setWordWrap(True)
        self.undated.setStyleSheet("background: #fff3c4; color: #5d4300; padding: 4px")
        self.undated.hide()
        form.addRow(self.undated)
        self.save_button = QPushButton(_("Save"), box)
        self.save_button.setObjectName("proposal_save")
        self.letter_button = QPushButton(_("Answer letter (PDF)…"), box)
        self.list_button = QPushButton(_("Proposals of the year (PDF)…"), box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.letter_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        form.addRow(buttons)
        self.editor = box
        box.setEnabled(False)
        outer = QWidget(self)  # the form at the top, not spread over the whole height
        column = QVBoxLayout(outer)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(box)
        column.addStretch(1)
        return VerticalScrollArea(outer, self)  # taller than the page once problems show under the fields

    def error_text(self, name: str) -> str:
        label = self.errors[name]
        return label.text() if label.isVisibleTo(self) else ""


class ProposalsController(QObject):
    changed = Signal()

    def __init__(self, view: ProposalsPage, ctx, runner, *, today: Callable[[], date] = date.today):
        super().__init__(view)
        self.view = view
        self.ctx = ctx
        self.runner = runner
        self.today = today
        self.current: ProposalRow | None = None
        for combo in (view.fiscal_year, view.status_filter, view.department_filter):
            combo.currentIndexChanged.connect(lambda *_a: self.reload())
        view.overdue_only.toggled.connect(lambda *_a: self.reload())
        view.table.selectionModel().currentRowChanged.connect(lambda *_a: self._selected())
        view.save_button.clicked.connect(self.save)

    def set_years(self, years: list[int]) -> None:
        from app.domain.wareki import fiscal_year_label

        combo = self.view.fiscal_year
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(_("All years"), None)
        for fy in sorted(set(years), reverse=True):
            combo.addItem(fiscal_year_label(fy), fy)
        combo.setCurrentIndex(max(0, combo.findData(current)) if current else 0)
        combo.blockSignals(False)

    def reload(self) -> None:
        v = self.view
        store, days, today = self.ctx.store, overdue_days(self.ctx.settings), self.today()
        filters = {"fiscal_year": v.fiscal_year.currentData(), "status": v.status_filter.currentData(),
                   "department": v.department_filter.currentData(), "overdue_only": v.overdue_only.isChecked()}
        self.runner.submit(lambda: (list_proposals(store, today=today, overdue_days=days, **filters),
                                    assigned_departments(store)), self._show)

    def _show(self, result) -> None:
        rows, departments = result
        combo = self.view.department_filter
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(_("All departments"), None)
        for d in departments:
            combo.addItem(d, d)
        combo.setCurrentIndex(max(0, combo.findData(current)) if current else 0)
        combo.blockSignals(False)
        keep = self.current.id if self.current else None
        self.view.model.set_rows(rows)
        self.view.summary.setText(_("{n} proposals, {overdue} overdue").format(
            n=len(rows), overdue=sum(1 for r in rows if r.overdue)))
        index = next((i for i, r in enumerate(rows) if r.id == keep), None)
        if index is not None and index < self.view.model.rowCount():
            self.view.table.selectRow(index)
        else:
            self.current = None
            self.view.editor.setEnabled(False)

    def select(self, row: int) -> None:
        self.view.table.selectRow(row)

    def _selected(self) -> None:
        index = self.view.table.currentIndex()
        if not index.isValid():
            return
        p = self.view.model.row_at(index.row())
        self.current = p
        v = self.view
        v.title.setText(f"<b>{format_receipt_code(p.receipt_code)}</b>　{p.survey_title}<br>{p.idea}")
        v.status.clear()
        for s in (ProposalStatus(p.status), *TRANSITIONS[ProposalStatus(p.status)]):
            v.status.addItem(s.label(), s.value)
        v.department.setText(p.department)
        v.reviewer.setText(p.reviewer)
        v.reason.setPlainText(p.reason)
        v.feedback.setPlainText(p.feedback)
        v.feedback_date.set_date(p.feedback_date)
        v.delivered.setChecked(p.delivered)
        v.undated.setVisible(bool(p.feedback.strip()) and p.feedback_date is None)  # as saved, not as typed
        self.show_problems({})
        v.editor.setEnabled(True)

    def update_value(self) -> ProposalUpdate | None:
        v = self.view
        if self.current is None:
            return None
        return ProposalUpdate(self.current.id, v.status.currentData(), v.department.text(), v.reviewer.text(),
                              v.reason.toPlainText(), v.feedback.toPlainText(), v.feedback_date.date(),
                              v.delivered.isChecked())

    def save(self) -> None:
        item = self.update_value()
        if item is None:
            return
        if self.view.feedback_date.error():
            self.show_problems({"feedback_date": self.view.feedback_date.error()})
            return
        store = self.ctx.store
        self.runner.submit(lambda: save_update(store, item), lambda _r: self._saved(), self._failed)

    def _saved(self) -> None:
        self.show_problems({})
        self.changed.emit()
        self.reload()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, Invalid):
            self.show_problems(exc.problems)
            return
        raise exc

    def show_problems(self, problems: dict[str, str]) -> None:
        for name, label in self.view.errors.items():
            if name == "feedback_date":
                self.view.feedback_date.set_problem(problems.get(name))
                continue
            label.setText(problems.get(name, ""))
            label.setVisible(name in problems)
