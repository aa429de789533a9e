"""Models of the attendance tab: councils grouped by district, a council's meetings, the roster."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from app.domain.enums import AttendanceStatus, District, MeetingKind
from app.domain.kana import search_key
from app.domain.wareki import format_date
from app.i18n import _
from app.services.attendance.marking import CouncilRow, MeetingRow, RosterEntry
from app.ui.widgets.table_model import DtoTableModel, TableColumn

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
ROW_ROLE = Qt.ItemDataRole.UserRole + 1


class CouncilTreeModel(QAbstractItemModel):
    """Two levels: the five districts, then their councils. Internal ids: 0 = district rows,
    district number + 1 = councils of that district (so a child knows its parent)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._districts = [d.value for d in District]
        self._councils: list[list[CouncilRow]] = [[] for _ in self._districts]

    def set_councils(self, councils: list[CouncilRow]) -> None:
        self.beginResetModel()
        self._councils = [[c for c in councils if c.district == d] for d in self._districts]
        self.endResetModel()

    def council_at(self, index: Index) -> CouncilRow | None:
        if index.isValid() and index.internalId() > 0:
            return self._councils[index.internalId() - 1][index.row()]
        return None

    def index_of(self, council_id: str) -> QModelIndex:
        for d, councils in enumerate(self._councils):
            for row, council in enumerate(councils):
                if council.id == council_id:
                    return self.createIndex(row, 0, d + 1)
        return QModelIndex()

    def index(self, row: int, column: int, parent: Index = _ROOT) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, 0) if row < len(self._districts) else QModelIndex()
        if parent.internalId() == 0 and row < len(self._councils[parent.row()]):
            return self.createIndex(row, 0, parent.row() + 1)
        return QModelIndex()

    def parent(self, index: Index = _ROOT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = _ROOT) -> int:  # noqa: N802 - Qt's name
        if not parent.isValid():
            return len(self._districts)
        if parent.column() == 0 and parent.internalId() == 0:
            return len(self._councils[parent.row()])
        return 0

    def columnCount(self, parent: Index = _ROOT) -> int:  # noqa: N802
        return 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        council = self.council_at(index)
        if role == Qt.ItemDataRole.DisplayRole:
            if council is None:
                district = self._districts[index.row()]
                label = _("{district} district").format(district=District(district).label())
                return f"{label}（{len(self._councils[index.row()])}）"
            return f"{council.code}  {council.name}"
        if role == Qt.ItemDataRole.FontRole and council is None:
            font = QFont()
            font.setBold(True)
            return font
        if role == ROW_ROLE:
            return council
        if role == Qt.ItemDataRole.ToolTipRole and council is not None:
            return council.school_district
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.council_at(index) is None:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class CouncilFilter(QSortFilterProxyModel):
    """Search councils by code, name or school district; a district stays while a child matches."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._query = ""
        self.setRecursiveFilteringEnabled(True)

    def set_query(self, text: str) -> None:
        _begin_filter_change(self)
        self._query = search_key(text)
        _end_filter_change(self)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        if not self._query:
            return True
        model: CouncilTreeModel = self.sourceModel()
        council = model.council_at(model.index(source_row, 0, source_parent))
        if council is None:
            return False
        return self._query in search_key(f"{council.code} {council.name} {council.school_district}")


def _begin_filter_change(proxy: QSortFilterProxyModel) -> None:
    if hasattr(proxy, "beginFilterChange"):
        proxy.beginFilterChange()


def _end_filter_change(proxy: QSortFilterProxyModel) -> None:
    if hasattr(proxy, "endFilterChange"):
        proxy.endFilterChange()
    else:  # Qt < 6.10
        proxy.invalidateFilter()


def meeting_time(m: MeetingRow) -> str:
    return f"{m.start}–{m.end}" if m.start or m.end else ""


def meeting_heading(m: MeetingRow) -> str:
    """The roster's heading: the title, then the date, time and place."""
    return f"{m.title}\n{format_date(m.date, western=True)} {meeting_time(m)} {m.place}"


MEETING_COLUMNS: list[TableColumn[MeetingRow]] = [
    TableColumn(lambda: _("Date"), lambda m: format_date(m.date, weekday=True)),
    TableColumn(lambda: _("Kind"), lambda m: MeetingKind(m.kind).label()),
    TableColumn(lambda: _("Title"), lambda m: m.title),
    TableColumn(lambda: _("Time"), lambda m: meeting_time(m)),
    TableColumn(lambda: _("Place"), lambda m: m.place),
]


class MeetingsModel(DtoTableModel[MeetingRow]):
    def __init__(self, parent=None):
        super().__init__(MEETING_COLUMNS, parent)


STATUSES = [s.value for s in AttendanceStatus]  # present, late, absent, excused: keys 1–4
STATUS_COLORS = {"present": "#1b7f3b", "late": "#b36b00", "absent": "#b00020", "excused": "#3355aa"}


class RosterModel(QAbstractTableModel):
    """One row per person on the roster; four status columns marked with ● (one click marks)."""

    STATUS_FIRST = 4
    NOTE = 8
    TIME = 9
    note_edited = Signal(str, str)  # staff_id, note

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[RosterEntry] = []
        self._where: dict[str, int] = {}

    def set_entries(self, entries: list[RosterEntry] | tuple[RosterEntry, ...]) -> None:
        self.beginResetModel()
        self._rows = list(entries)
        self._where = {e.staff_id: i for i, e in enumerate(self._rows)}
        self.endResetModel()

    def entries(self) -> list[RosterEntry]:
        return self._rows

    def entry_at(self, row: int) -> RosterEntry:
        return self._rows[row]

    def row_of(self, staff_id: str) -> int | None:
        return self._where.get(staff_id)

    def update_entry(self, entry: RosterEntry) -> int:
        """Show one changed person (after a mark); a new person is appended. Returns the row."""
        row = self._where.get(entry.staff_id)
        if row is None:
            row = len(self._rows)
            self.beginInsertRows(QModelIndex(), row, row)
            self._rows.append(entry)
            self._where[entry.staff_id] = row
            self.endInsertRows()
            return row
        self._rows[row] = entry
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
        return row

    def set_status(self, staff_id: str, status: str | None, marked_at: str) -> None:
        """One person's mark, found by who they are (never by a row number, which may be another's)."""
        row = self._where.get(staff_id)
        if row is not None:
            self.update_entry(replace(self._rows[row], status=status, marked_at=marked_at))

    def remove_entry(self, staff_id: str) -> None:
        row = self._where.get(staff_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self._where = {e.staff_id: i for i, e in enumerate(self._rows)}
        self.endRemoveRows()

    def rowCount(self, parent: Index = _ROOT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else 10

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        titles = [_("Staff no."), _("Name"), _("Reading"), _("Department")]
        titles += [f"{i + 1} {AttendanceStatus(s).label()}" for i, s in enumerate(STATUSES)]
        titles += [_("Note"), _("Marked at")]
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        entry = self._rows[index.row()]
        column = index.column()
        status_column = self.STATUS_FIRST <= column < self.STATUS_FIRST + 4
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == 0:
                return entry.staff_no
            if column == 1:
                return entry.name if entry.expected else _("{name} (added)").format(name=entry.name)
            if column == 2:
                return entry.kana
            if column == 3:
                return entry.department
            if status_column:
                return "●" if entry.status == STATUSES[column - self.STATUS_FIRST] else ""
            if column == self.NOTE:
                return entry.note
            if column == self.TIME:
                return entry.marked_at[11:16]
        if role == Qt.ItemDataRole.TextAlignmentRole and (status_column or column == self.TIME):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and status_column:
            return QBrush(QColor(STATUS_COLORS[STATUSES[column - self.STATUS_FIRST]]))
        if role == Qt.ItemDataRole.BackgroundRole and entry.status and column < self.STATUS_FIRST:
            return QBrush(QColor("#eef7ee" if entry.status in ("present", "late") else "#f7f0f0"))
        if role == ROW_ROLE:
            return entry
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.NOTE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or index.column() != self.NOTE or role != Qt.ItemDataRole.EditRole:
            return False
        entry = self._rows[index.row()]
        text = str(value or "")
        if text == entry.note:
            return False
        self._rows[index.row()] = replace(entry, note=text)
        self.dataChanged.emit(index, index)
        self.note_edited.emit(entry.staff_id, text)
        return True
