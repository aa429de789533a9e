"""A read-only table model over a list of DTOs with a declarative column list.

Rows arrive in batches through ``canFetchMore``/``fetchMore``: the view asks for more as the user
scrolls, so a list of hundreds of thousands of rows costs only what is on screen (Anki's lesson).
An optional ``row_style`` marks whole rows (e.g. people below a minimum) without a delegate.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invisible root: flat tables have no parents


@dataclass(frozen=True)
class TableColumn(Generic[T]):
    title: Callable[[], str]  # translated at display time
    value: Callable[[T], Any]
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class RowStyle:
    """How a highlighted row looks; colours as "#rrggbb" (both set, so dark themes stay legible)."""

    background: str | None = None
    foreground: str | None = None
    bold: bool = False


class DtoTableModel(QAbstractTableModel, Generic[T]):
    BATCH = 200
    ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the DTO itself

    def __init__(self, columns: Sequence[TableColumn[T]], parent=None, *,
                 row_style: Callable[[T], RowStyle | None] | None = None):
        super().__init__(parent)
        self._columns = list(columns)
        self._row_style = row_style
        self._rows: list[T] = []
        self._shown = 0
        self._roles = frozenset((_DISPLAY, _ALIGNMENT, self.ROW_ROLE, *(_STYLE_ROLES if row_style else ())))

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._shown = min(self.BATCH, len(self._rows))
        self.endResetModel()

    def rows(self) -> list[T]:
        return self._rows

    def row_at(self, row: int) -> T:
        return self._rows[row]

    def rowCount(self, parent: Index = _ROOT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: Index = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._columns)

    def canFetchMore(self, parent: Index = _ROOT) -> bool:  # noqa: N802
        return not parent.isValid() and self._shown < len(self._rows)

    def fetchMore(self, parent: Index = _ROOT) -> None:  # noqa: N802
        if parent.isValid():
            return
        more = min(self.BATCH, len(self._rows) - self._shown)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # The view asks ~7 roles of every cell it paints; most have no answer here, and saying so
        # first keeps a repaint (and so a keystroke in a search box) cheap.
        if role not in self._roles or not index.isValid():
            return None
        r, c = index.row(), index.column()
        if r >= self._shown or c >= len(self._columns):
            return None
        row = self._rows[r]
        if role == _DISPLAY:
            value = self._columns[c].value(row)
            return "" if value is None else str(value)
        if role == _ALIGNMENT:
            return int(self._columns[c].align.value)
        if role == self.ROW_ROLE:
            return row
        return _styled(self._row_style(row), role)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            return self._columns[section].title()
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None


_STYLE_ROLES = (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole)
_DISPLAY, _ALIGNMENT = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole


def _styled(style: RowStyle | None, role: int) -> Any:
    if style is None:
        return None
    if role == Qt.ItemDataRole.BackgroundRole and style.background:
        return QBrush(QColor(style.background))
    if role == Qt.ItemDataRole.ForegroundRole and style.foreground:
        return QBrush(QColor(style.foreground))
    if role == Qt.ItemDataRole.FontRole and style.bold:
        font = QFont()
        font.setBold(True)
        return font
    return None
