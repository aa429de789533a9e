"""Coverage of a fiscal year: the overall figure, by department and by district, and the not-yet
list, which exports (CSV) and prints (PDF) for the organisers (人事課) who chase it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.fiscal import current_fiscal_year
from app.domain.wareki import fiscal_year_label
from app.i18n import _
from app.services.townwalk import coverage as service
from app.services.townwalk.coverage import coverage_chart
from app.services.townwalk.walks import walk_years
from app.ui.file_dialogs import ask_save
from app.ui.townwalk.common import PageController, button, table
from app.ui.townwalk.models import DEPARTMENT_COLUMNS, DISTRICT_COLUMNS, NOT_YET_COLUMNS, table_model
from app.ui.widgets.rate_charts import ShareBarsChart


class CoverageView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.fiscal_year = QComboBox(self)
        self.fiscal_year.setObjectName("coverage_fiscal_year")
        self.summary = QLabel(self)
        self.summary.setObjectName("coverage_summary")
        font = QFont(self.summary.font())
        font.setPointSize(14)
        font.setBold(True)
        self.summary.setFont(font)
        self.export_button = button(_("Export not-yet list (CSV)…"), self, "export_not_yet")
        self.print_button = button(_("Coverage report (PDF)…"), self, "coverage_report")
        top = QHBoxLayout()
        top.addWidget(self.fiscal_year)
        top.addWidget(self.summary, 1)
        top.addWidget(self.export_button)
        top.addWidget(self.print_button)
        self.departments_model = table_model(DEPARTMENT_COLUMNS, self)
        self.departments_table = table(self, self.departments_model, "departments_table", stretch=0)
        self.districts_model = table_model(DISTRICT_COLUMNS, self)
        self.districts_table = table(self, self.districts_model, "districts_table", stretch=0)
        self.not_yet_model = table_model(NOT_YET_COLUMNS, self)
        self.not_yet_table = table(self, self.not_yet_model, "not_yet_table", stretch=3)
        self.not_yet_title = QLabel(self)
        figures = QWidget(self)
        box = QVBoxLayout(figures)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(QLabel(_("By department"), figures))
        self.departments_chart = ShareBarsChart(self)  # the same figures as bars (walked / staff)
        self.departments_chart.setObjectName("departments_chart")
        bars = QScrollArea(self)
        bars.setWidgetResizable(True)
        bars.setWidget(self.departments_chart)
        self.department_pages = QTabWidget(figures)
        self.department_pages.setObjectName("department_pages")
        self.department_pages.addTab(self.departments_table, _("Table"))
        self.department_pages.addTab(bars, _("Chart"))
        box.addWidget(self.department_pages, 3)
        box.addWidget(QLabel(_("By district (of the route)"), figures))
        box.addWidget(self.districts_table, 2)
        people = QWidget(self)
        box = QVBoxLayout(people)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.not_yet_title)
        box.addWidget(self.not_yet_table, 1)
        splitter = QSplitter(self)
        splitter.addWidget(figures)
        splitter.addWidget(people)
        splitter.setSizes([640, 620])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)


class CoverageController(PageController):
    report_requested = Signal(int)  # fiscal year

    def __init__(self, view: CoverageView, ctx, runner):
        super().__init__(view, ctx, runner)
        self.report: service.Coverage | None = None
        view.fiscal_year.currentIndexChanged.connect(lambda *_a: self.reload())
        view.export_button.clicked.connect(self._ask_export)
        view.print_button.clicked.connect(lambda: self.report and self.report_requested.emit(self.report.fiscal_year))

    def reload(self) -> None:
        fy = self.view.fiscal_year.currentData() or current_fiscal_year()
        store = self.store
        self.submit(lambda: (walk_years(store), service.coverage(store, fy)), lambda r: self._show(*r))

    def _show(self, years, report: service.Coverage) -> None:
        self.report = report
        combo = self.view.fiscal_year
        combo.blockSignals(True)
        combo.clear()
        for fy in sorted(set(years) | {current_fiscal_year(), report.fiscal_year}, reverse=True):
            combo.addItem(fiscal_year_label(fy), fy)
        combo.setCurrentIndex(combo.findData(report.fiscal_year))
        combo.blockSignals(False)
        view = self.view
        view.summary.setText(_("Walked {walked} / {staff} ({rate:.1f}%)").format(
            walked=report.walked, staff=report.staff, rate=report.rate * 100))
        view.departments_model.set_rows(report.departments)
        view.departments_chart.set_bars(coverage_chart(report, no_department=_("(no department)")))
        view.districts_model.set_rows(report.districts)
        not_yet = report.not_yet()
        view.not_yet_model.set_rows(not_yet)
        view.not_yet_title.setText(_("Not yet walked ({n})").format(n=len(not_yet)))
        for t in (view.departments_table, view.districts_table, view.not_yet_table):
            t.resizeColumnsToContents()

    def select_year(self, fy: int) -> None:
        combo = self.view.fiscal_year
        if combo.findData(fy) < 0:
            combo.addItem(fiscal_year_label(fy), fy)
        combo.setCurrentIndex(combo.findData(fy))
        self.reload()

    def _ask_export(self) -> None:
        if self.report is None:
            return
        name = _("not_yet_{year}.csv").format(year=self.report.fiscal_year)
        path = ask_save(self.view, self.ctx, "export", _("Export the not-yet list"), name, "CSV (*.csv);;Excel (*.xlsx)")
        if path:
            self.export(path)

    def export(self, path: Path) -> None:
        """The not-yet list, written by the service on the worker with the headers of the UI language."""
        report, lang = self.report, self.ctx.settings.language
        self.submit(lambda: service.export_not_yet(report, path, lang=lang),
                    lambda _n: self.view.summary.setText(_("Saved {file}").format(file=path.name)))
