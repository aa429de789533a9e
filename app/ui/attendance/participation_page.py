"""Participation per fiscal year (参加状況): managers see at a glance who is behind.

Layout and in-memory filtering only: the controller loads a ``Participation`` on the runner and
hands it to ``show_report``. Department, search and 「基準未満のみ」 filter the rows already loaded,
so they answer at once; the district and council tables and the summary follow the department.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyle,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.wareki import fiscal_year_label
from app.i18n import _
from app.services.attendance.charts import council_chart, district_chart, for_department
from app.services.attendance.participation import Participation, PersonParticipation
from app.ui.attendance.participation_model import (
    COUNCIL_COLUMNS,
    DISTRICT_COLUMNS,
    ParticipationFilter,
    PersonModel,
    percent,
)
from app.ui.widgets.fit import compact_combo, wrap_header
from app.ui.widgets.rate_charts import RateRowsChart, YearBarsChart
from app.ui.widgets.table_model import DtoTableModel


def _table(parent: QWidget, name: str, model) -> QTableView:
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)  # one line per row: long department names are elided, not wrapped
    table.verticalHeader().setVisible(False)
    wrap_header(table).setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # labels wrap, never cut
    return table


def _fit(table: QTableView, widths: tuple[int, ...]) -> None:
    """Each column at least as wide as its header (Japanese or English) and the given minimum;
    a column given 0 as wide as its contents (figures, district names)."""
    header = table.horizontalHeader()
    for column, width in enumerate(widths):
        contents = table.sizeHintForColumn(column) if width == 0 else 0
        table.setColumnWidth(column, max(width, contents, header.sectionSizeHint(column) + 8))


class ParticipationView(QWidget):
    """Layout only; ``ParticipationController`` loads the data and answers the signals."""

    fiscal_year_changed = Signal(int)
    history_requested = Signal(str, str)  # staff id, name

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.report: Participation | None = None
        self.years: list[Participation] = []  # the earlier years with data and this one, for the charts
        self.model = PersonModel(self)
        self.proxy = ParticipationFilter(self)
        self.proxy.setSourceModel(self.model)
        self.district_model = DtoTableModel(DISTRICT_COLUMNS, self)
        self.council_model = DtoTableModel(COUNCIL_COLUMNS, self)

        self.year_combo = QComboBox(self)
        self.year_combo.setObjectName("participation_year")
        self.year_combo.currentIndexChanged.connect(self._on_year)
        self.department_combo = QComboBox(self)
        self.department_combo.setObjectName("participation_department")
        compact_combo(self.department_combo, 12)  # long department names must not widen the page
        self.department_combo.addItem(_("All departments"), None)
        self.department_combo.currentIndexChanged.connect(self._on_department)
        self.search = QLineEdit(self)
        self.search.setObjectName("participation_search")
        self.search.setPlaceholderText(_("Staff number, name or reading"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._apply_filter)
        self.below_only = QCheckBox(_("Below the minimum only"), self)
        self.below_only.toggled.connect(self._apply_filter)
        self.history_button = QPushButton(_("Personal history…"), self)
        self.history_button.setEnabled(False)
        self.history_button.clicked.connect(self._on_history)
        self.summary = QLabel(self)
        self.summary.setObjectName("participation_summary")
        self.summary.setStyleSheet("font-weight: bold;")
        self.summary.setWordWrap(True)
        self.count_label = QLabel(self)

        self.table = _table(self, "participation_table", self.proxy)
        # The council name takes the spare width; the figures stay next to it, easy to compare.
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.table.doubleClicked.connect(self._on_double_click)
        self.district_table = _table(self, "participation_districts", self.district_model)
        self.council_table = _table(self, "participation_councils", self.council_model)
        self.council_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.district_chart = YearBarsChart(self)
        self.district_chart.setObjectName("participation_district_chart")
        self.council_chart = RateRowsChart(self)
        self.council_chart.setObjectName("participation_council_chart")
        self._build_layout()

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Fiscal year"), self))
        top.addWidget(self.year_combo)
        top.addSpacing(12)
        top.addWidget(QLabel(_("Department"), self))
        top.addWidget(self.department_combo)
        top.addSpacing(12)
        top.addWidget(self.search, 1)
        top.addWidget(self.below_only)
        self.report_button = QPushButton(_("Participation report (PDF)"), self)
        status = QHBoxLayout()  # the buttons here, not in the filter row: 1366 px hold both rows
        status.addWidget(self.summary, 1)
        status.addWidget(self.count_label)
        status.addWidget(self.history_button)
        status.addWidget(self.report_button)

        groups = QWidget(self)
        row = QHBoxLayout(groups)
        row.setContentsMargins(0, 0, 0, 0)
        for title, table, stretch in ((_("By district"), self.district_table, 0),
                                      (_("By council"), self.council_table, 1)):
            column = QVBoxLayout()
            column.addWidget(QLabel(title, groups))
            column.addWidget(table, 1)
            row.addLayout(column, stretch)
        charts = QWidget(self)
        column = QVBoxLayout(charts)
        for title, chart in ((_("By district"), self.district_chart), (_("By council"), self.council_chart)):
            column.addWidget(QLabel(f"<b>{title}</b>", charts))
            column.addWidget(chart)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(charts)
        self.group_pages = QTabWidget(self)
        self.group_pages.setObjectName("participation_group_pages")
        self.group_pages.addTab(groups, _("Table"))
        self.group_pages.addTab(scroll, _("Chart across fiscal years"))
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.group_pages)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([230, 470])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(status)
        layout.addWidget(splitter, 1)

    # -- filling -------------------------------------------------------------------------------
    def set_years(self, years: list[int], current: int) -> None:
        """Newest first; setting them is not a user's choice, so no signal."""
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for fy in sorted(years, reverse=True):
            self.year_combo.addItem(fiscal_year_label(fy), fy)
        self.year_combo.setCurrentIndex(max(0, self.year_combo.findData(current)))
        self.year_combo.blockSignals(False)

    def selected_year(self) -> int | None:
        return self.year_combo.currentData()

    def show_loading(self) -> None:
        self.summary.setText(_("Loading…"))

    def show_message(self, text: str) -> None:
        self.summary.setText(text)

    def show_report(self, report: Participation, years: list[Participation] | None = None) -> None:
        """``years``: the earlier years with data and ``report``'s, oldest first (None: this one only)."""
        self.report = report
        self.years = list(years) if years else [report]
        self._set_departments(sorted({p.department for p in report.people if p.department}))
        self.model.set_report(report)
        self._on_department()
        _fit(self.table, (80, 110, 160, 190, 230, 0, 0, 0, 60))
        _fit(self.district_table, (0, 0, 0, 0, 0, 0))
        _fit(self.council_table, (230, 0, 0, 0, 0, 0))
        self.district_table.setFixedWidth(self._table_width(self.district_table))

    @staticmethod
    def _table_width(table: QTableView) -> int:
        """Wide enough for every column and a vertical scroll bar (the chart tabs leave the table
        short enough to need one), so the small district table never scrolls sideways."""
        header = table.horizontalHeader()
        bar = table.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, table)
        return sum(header.sectionSize(c) for c in range(header.count())) + 2 * table.frameWidth() + 2 + bar

    def _set_departments(self, departments: list[str]) -> None:
        chosen = self.department_combo.currentData()
        self.department_combo.blockSignals(True)
        self.department_combo.clear()
        self.department_combo.addItem(_("All departments"), None)
        for name in departments:
            self.department_combo.addItem(name, name)
        self.department_combo.setCurrentIndex(max(0, self.department_combo.findData(chosen)))
        self.department_combo.blockSignals(False)

    def department(self) -> str | None:
        return self.department_combo.currentData()

    def _on_department(self, *_args) -> None:
        self._regroup()
        self._apply_filter()

    def _apply_filter(self, *_args) -> None:
        self.proxy.set_filter(department=self.department(), query=self.search.text(),
                              below_only=self.below_only.isChecked())
        total = len(self.model.rows())
        shown = self.proxy.rowCount() if self.proxy.active else total
        self.count_label.setText(_("{shown} of {total}").format(shown=shown, total=total))
        self._on_selection()

    def _regroup(self) -> None:
        """District and council figures and the summary, for the chosen department."""
        report, department = self.report, self.department()
        if report is None:
            return
        if department:
            report = replace(report, people=tuple(p for p in report.people if p.department == department))
        self.district_model.set_rows(report.by_district())
        self.council_model.set_rows(report.by_council())
        self.summary.setText(self._summary_text(report))
        years = for_department(self.years, department)
        self.district_chart.set_chart(district_chart(years))
        self.council_chart.set_chart(council_chart(years))

    @staticmethod
    def _summary_text(report: Participation) -> str:
        residents = [p for p in report.people if p.housing]
        expected = sum(p.expected for p in residents)
        rate = sum(p.attended for p in residents) / expected if expected else None
        text = _("Residents {people} · attendance rate {rate} · below the minimum of {minimum}: {below}").format(
            people=len(residents), rate=percent(rate), minimum=report.minimum, below=len(report.below_minimum()))
        if report.excused_counts:
            text += " " + _("(excused absence counts as attended)")
        return text

    # -- the person's history ---------------------------------------------------------------------
    def selected(self) -> PersonParticipation | None:
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.data(rows[0], PersonModel.ROW_ROLE) if rows else None

    def _on_selection(self, *_args) -> None:
        self.history_button.setEnabled(self.selected() is not None)

    def _on_double_click(self, index: QModelIndex) -> None:
        person = self.proxy.data(index, PersonModel.ROW_ROLE)
        if person is not None:
            self.history_requested.emit(person.staff_id, person.name)

    def _on_history(self) -> None:
        person = self.selected()
        if person is not None:
            self.history_requested.emit(person.staff_id, person.name)

    def _on_year(self, _index: int) -> None:
        fy = self.selected_year()
        if fy is not None:
            self.fiscal_year_changed.emit(fy)
