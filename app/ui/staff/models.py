"""The staff list: model columns and the kana-insensitive filter."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel

from app.domain.staff_no import search_query
from app.i18n import _
from app.services.staff.people import StaffRow
from app.ui.widgets.table_model import DtoTableModel, TableColumn

COLUMNS: list[TableColumn[StaffRow]] = [
    TableColumn(lambda: _("Staff no."), lambda r: r.staff_no),
    TableColumn(lambda: _("Name"), lambda r: r.name),
    TableColumn(lambda: _("Reading"), lambda r: r.kana),
    TableColumn(lambda: _("Department"), lambda r: r.department),
    TableColumn(lambda: _("Disaster housing"), lambda r: r.housing),
    TableColumn(lambda: _("Council"), lambda r: r.council),
    TableColumn(lambda: _("Status"), lambda r: _("Active") if r.active else _("Retired")),
]


class StaffModel(DtoTableModel[StaffRow]):
    def __init__(self, parent=None):
        super().__init__(COLUMNS, parent)


class StaffFilter(QSortFilterProxyModel):
    """Matches the query against staff number, name and reading, ignoring kana kind and width.

    Filtering runs over the whole list (not only fetched rows): the source model is asked to
    fetch everything once a query is typed, which for ~2,000 staff is instant."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._query = ""

    def set_query(self, text: str) -> None:
        query = search_query(text)
        source = self.sourceModel()
        if query and source is not None:
            while source.canFetchMore(QModelIndex()):
                source.fetchMore(QModelIndex())
        if hasattr(self, "endFilterChange"):  # Qt 6.10+, where invalidateRowsFilter() is deprecated
            self.beginFilterChange()
            self._query = query
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._query = query
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        if not self._query:
            return True
        row: StaffRow = self.sourceModel().row_at(source_row)
        return self._query in row.search
