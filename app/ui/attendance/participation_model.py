"""The participation tables: declarative columns, the below-the-minimum highlight and the filter."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from app.domain.enums import District
from app.domain.kana import search_key
from app.domain.staff_no import search_query
from app.i18n import _
from app.services.attendance.participation import GroupParticipation, Participation, PersonParticipation
from app.ui.widgets.table_model import DtoTableModel, RowStyle, TableColumn

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
BELOW_STYLE = RowStyle(background="#fde2e2", foreground="#7a1010", bold=True)


def percent(rate: float | None) -> str:
    """0.724 -> "72%"; no expected meetings -> a dash, not a misleading 0%."""
    return "—" if rate is None else f"{rate * 100:.0f}%"


def district_label(key: str) -> str:
    try:
        return District(key).label()
    except ValueError:
        return key or "—"


PERSON_COLUMNS: list[TableColumn[PersonParticipation]] = [
    TableColumn(lambda: _("Staff no."), lambda p: p.staff_no),
    TableColumn(lambda: _("Name"), lambda p: p.name),
    TableColumn(lambda: _("Reading"), lambda p: p.kana),
    TableColumn(lambda: _("Department"), lambda p: p.department),
    TableColumn(lambda: _("Council"), lambda p: p.council_name or "—"),
    TableColumn(lambda: _("Expected"), lambda p: p.expected, RIGHT),
    TableColumn(lambda: _("Attended"), lambda p: p.attended, RIGHT),
    TableColumn(lambda: _("Excused"), lambda p: p.excused, RIGHT),
    TableColumn(lambda: _("Rate"), lambda p: percent(p.rate), RIGHT),
]


def _group_columns(title, name) -> list[TableColumn[GroupParticipation]]:
    return [
        TableColumn(title, name),
        TableColumn(lambda: _("People"), lambda g: g.people, RIGHT),
        TableColumn(lambda: _("Expected"), lambda g: g.expected, RIGHT),
        TableColumn(lambda: _("Attended"), lambda g: g.attended, RIGHT),
        TableColumn(lambda: _("Rate"), lambda g: percent(g.rate), RIGHT),
        TableColumn(lambda: _("Below the minimum"), lambda g: g.below, RIGHT),
    ]


DISTRICT_COLUMNS = _group_columns(lambda: _("District"), lambda g: district_label(g.key))
COUNCIL_COLUMNS = _group_columns(lambda: _("Council"), lambda g: g.name or g.key)


class PersonModel(DtoTableModel[PersonParticipation]):
    """People of one fiscal year; housing residents below the minimum are highlighted."""

    def __init__(self, parent=None):
        super().__init__(PERSON_COLUMNS, parent, row_style=self._style)
        self.minimum = 0
        self._keys: list[tuple[str, ...]] = []

    def set_report(self, report: Participation) -> None:
        self.minimum = report.minimum
        # Folded once per report, not per keystroke.
        self._keys = [(search_key(p.staff_no), search_key(p.name), search_key(p.kana)) for p in report.people]
        self.set_rows(report.people)

    def search_keys(self, row: int) -> tuple[str, ...]:
        return self._keys[row]

    def is_below(self, person: PersonParticipation) -> bool:
        """The same rule as ``Participation.below_minimum``."""
        return person.housing and person.attended < self.minimum

    def _style(self, person: PersonParticipation) -> RowStyle | None:
        return BELOW_STYLE if self.is_below(person) else None


class ParticipationFilter(QSortFilterProxyModel):
    """Department, kana-insensitive search (number, name, reading) and below-the-minimum only.

    While a filter is on, the source is asked to fetch every row once (a few thousand people at
    most), so matches beyond the first lazily fetched page are not missed."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._department: str | None = None
        self._query = ""
        self._below_only = False

    def set_filter(self, *, department: str | None = None, query: str = "", below_only: bool = False) -> None:
        folded = search_query(query)
        source = self.sourceModel()
        if source is not None and (department or folded or below_only):
            while source.canFetchMore(QModelIndex()):
                source.fetchMore(QModelIndex())
        if hasattr(self, "endFilterChange"):  # Qt 6.10+, where invalidateRowsFilter() is deprecated
            self.beginFilterChange()
            self._department, self._query, self._below_only = department, folded, below_only
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._department, self._query, self._below_only = department, folded, below_only
            self.invalidateRowsFilter()

    @property
    def active(self) -> bool:
        return bool(self._department or self._query or self._below_only)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        model: PersonModel = self.sourceModel()
        person = model.row_at(source_row)
        if self._department and person.department != self._department:
            return False
        if self._below_only and not model.is_below(person):
            return False
        if self._query:
            return any(self._query in key for key in model.search_keys(source_row))
        return True
