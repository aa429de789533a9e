"""The 集計 page: a survey's answers drawn as bar charts, question by question, responses per
department, the proposal status funnel and the median days to feedback per fiscal year."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.survey import ProposalStatus, QuestionKind
from app.i18n import _
from app.services.survey.summary import SurveySummary, summarise
from app.ui.survey.charts import BarChart
from app.ui.survey.models import departments_model, feedback_days_model
from app.ui.widgets.fit import VerticalScrollArea, fit_columns


def _table(model, parent) -> QTableView:
    table = QTableView(parent)
    table.setModel(model)
    fit_columns(table, stretch=0)  # the department or year takes the spare width; figures whole
    table.verticalHeader().hide()
    table.setMinimumHeight(150)
    return table


class SummaryPage(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.survey = QComboBox(self)
        self.survey.setObjectName("summary_survey")
        self.totals = QLabel(self)
        self.report_button = QPushButton(_("Summary (PDF)…"), self)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Survey"), self))
        top.addWidget(self.survey, 1)
        top.addWidget(self.totals)
        top.addWidget(self.report_button)
        self.questions_box = QWidget(self)
        self.questions_layout = QVBoxLayout(self.questions_box)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.questions_box)
        self.funnel = BarChart(self, colour=QColor("#4f8c4f"))
        self.funnel.setObjectName("funnel_chart")
        self.departments = departments_model(self)
        self.feedback_days = feedback_days_model(self)
        # The side column scrolls too: the funnel and two tables are taller than a laptop's page.
        side_box = QWidget(self)
        side = QVBoxLayout(side_box)
        side.setContentsMargins(0, 0, 0, 0)
        funnel_box = QGroupBox(_("Proposal status"), side_box)
        QVBoxLayout(funnel_box).addWidget(self.funnel)
        side.addWidget(funnel_box)
        side.addWidget(QLabel(_("By department"), side_box))
        side.addWidget(_table(self.departments, side_box), 2)
        side.addWidget(QLabel(_("Days to feedback by fiscal year"), side_box))
        side.addWidget(_table(self.feedback_days, side_box), 1)
        side_scroll = VerticalScrollArea(side_box, self)
        side_scroll.setObjectName("summary_side")
        body = QHBoxLayout()
        body.addWidget(scroll, 3)
        body.addWidget(side_scroll, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        self.charts: list[BarChart] = []

    def show_summary(self, s: SurveySummary) -> None:
        while self.questions_layout.count():
            item = self.questions_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.charts = []
        for q in s.questions:
            box = QGroupBox(f"Q{q.position}. {q.text}", self.questions_box)
            column = QVBoxLayout(box)
            facts = f"{QuestionKind(q.kind).label()}　" + _("{n} answered").format(n=q.answered)
            if q.mean is not None:
                facts += "　" + _("mean {mean:.2f} of 5").format(mean=q.mean)
            column.addWidget(QLabel(facts, box))
            if q.counted:
                chart = BarChart(box)
                chart.set_rows(q.counts, total=q.answered)
                column.addWidget(chart)
                self.charts.append(chart)
            self.questions_layout.addWidget(box)
        self.questions_layout.addStretch(1)
        self.funnel.set_rows([(ProposalStatus(st).label(), n) for st, n in s.funnel])
        self.departments.set_rows(s.departments)
        self.feedback_days.set_rows(s.feedback_days)
        self.totals.setText(_("{n} responses ({anonymous} anonymous)").format(n=s.responses, anonymous=s.anonymous))


class SummaryController(QObject):
    def __init__(self, view: SummaryPage, ctx, runner):
        super().__init__(view)
        self.view = view
        self.ctx = ctx
        self.runner = runner
        self.summary: SurveySummary | None = None
        view.survey.currentIndexChanged.connect(lambda *_a: self.reload())

    def set_surveys(self, rows) -> None:
        combo = self.view.survey
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for r in rows:
            combo.addItem(f"{r.code}　{r.title}", r.id)
        index = combo.findData(current) if current else -1
        combo.setCurrentIndex(index if index >= 0 else 0 if rows else -1)
        combo.blockSignals(False)

    def reload(self) -> None:
        survey_id = self.view.survey.currentData()
        if survey_id is None:
            return
        store = self.ctx.store
        self.runner.submit(lambda: summarise(store, survey_id), self._show)

    def _show(self, summary: SurveySummary) -> None:
        self.summary = summary
        self.view.show_summary(summary)
