"""The conflicts view: edits that were overwritten by someone else's at the same time, or made to a
record someone deleted without having seen them (shown as the deletion, with the edit's field and
value), with "keep" (the current value, or the delete, stays) and "restore mine" (for a deleted
record: it comes back with the edit) — each closes the conflict on every laptop."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.wareki import format_datetime
from app.i18n import _
from app.services.admin.history import field_label
from app.ui.geometry import fit_dialog
from app.ui.widgets.table_model import DtoTableModel, TableColumn


def _when(ms: int) -> str:
    return format_datetime(datetime.fromtimestamp(ms / 1000))


def _value(v: object) -> str:
    return "" if v is None else str(v)


COLUMNS = [
    TableColumn(lambda: _("Record"), lambda r: r[1]),
    TableColumn(lambda: _("Field"), lambda r: field_label(r[0].field, r[0].tbl) if r[0].kind == "overwritten" else _("(deleted)")),
    TableColumn(lambda: _("Kept value"), lambda r: _value(r[0].kept_value) if r[0].kind == "overwritten" else _("deleted")),
    TableColumn(lambda: _("Overwritten value"), lambda r: _value(r[0].lost_value) if r[0].kind == "overwritten"
                else _("{field}: {value}").format(field=field_label(r[0].field, r[0].tbl), value=_value(r[0].lost_value))),
    TableColumn(lambda: _("Overwritten edit by"), lambda r: f"{r[0].lost_user} ({r[0].lost_origin[:8]})"),
    TableColumn(lambda: _("When"), lambda r: _when(r[0].lost_ms)),
    TableColumn(lambda: _("Kept edit by"), lambda r: f"{r[0].kept_user} ({r[0].kept_origin[:8]})"),
]


def _summary(rows, device_id: str) -> str:
    """The line above the table: "N of your edits were overwritten by …", and how many of them were
    made to records someone deleted (restoring those brings the record back)."""
    parts = []
    for kind, text in (("overwritten", _("{n} of your edits were overwritten by {who}.")),
                       ("deleted", _("{n} of your edits were made to records that {who} deleted; "
                                     "restore brings a record back with your edit."))):
        mine = [c for c, _label in rows if c.lost_origin == device_id and c.kind == kind]
        if mine:
            who = "、".join(sorted({f"{c.kept_user} ({c.kept_origin[:8]})" for c in mine}))
            parts.append(text.format(n=len(mine), who=who))
    return " ".join(parts) or _("{n} open conflicts.").format(n=len(rows))


class ConflictsDialog(QDialog):
    resolve_requested = Signal(object, str)  # Conflict, "keep" | "restore"
    history_requested = Signal(object, str)  # Conflict, the record as shown

    def __init__(self, rows, device_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Conflicts"))
        fit_dialog(self, 1180, 420)  # less on a smaller screen
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setText(_summary(rows, device_id))
        self.model = DtoTableModel(COLUMNS, self)
        self.model.set_rows(rows)
        self.table = QTableView(self)
        self.table.setObjectName("conflicts_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.keep_button = QPushButton(_("Keep the current value"), self)
        self.restore_button = QPushButton(_("Restore the overwritten value"), self)
        self.history_button = QPushButton(_("Change history…"), self)
        self.history_button.clicked.connect(self._history)
        self.keep_button.clicked.connect(lambda: self._resolve("keep"))
        self.restore_button.clicked.connect(lambda: self._resolve("restore"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.keep_button)
        row.addWidget(self.restore_button)
        row.addWidget(self.history_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        if rows:
            self.table.selectRow(0)

    def _resolve(self, action: str) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            conflict, _label = self.model.row_at(rows[0].row())
            self.resolve_requested.emit(conflict, action)

    def _history(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            conflict, label = self.model.row_at(rows[0].row())
            self.history_requested.emit(conflict, label)

    def set_rows(self, rows) -> None:
        self.model.set_rows(rows)
        self.summary.setText(_("{n} open conflicts.").format(n=len(rows)))
        if rows:
            self.table.selectRow(0)
