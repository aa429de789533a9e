"""A record's change history: every version of each field, who, where and when. Opened from the
staff tab and the conflicts view (``show_record_history``)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QTableView, QVBoxLayout, QWidget

from app.domain.wareki import format_datetime
from app.i18n import _
from app.services.admin.history import HistoryEntry, field_label
from app.ui.geometry import fit_dialog
from app.ui.widgets.table_model import DtoTableModel, TableColumn


def _show(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


COLUMNS: list[TableColumn[HistoryEntry]] = [
    TableColumn(lambda: _("When"), lambda e: format_datetime(e.at, seconds=True)),
    TableColumn(lambda: _("Field"), lambda e: field_label(e.field)),
    TableColumn(lambda: _("From"), lambda e: _show(e.old)),
    TableColumn(lambda: _("To"), lambda e: _show(e.new)),
    TableColumn(lambda: _("User"), lambda e: e.user),
    TableColumn(lambda: _("Laptop"), lambda e: e.device[:8]),
]


class HistoryDialog(QDialog):
    def __init__(self, title: str, entries: list[HistoryEntry], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Change history: {record}").format(record=title))
        fit_dialog(self, 860, 420)  # less on a smaller screen
        self.model = DtoTableModel(COLUMNS, self)
        self.model.set_rows(entries)
        view = QTableView(self)
        view.setObjectName("history_table")
        view.setModel(self.model)
        view.verticalHeader().setVisible(False)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(view, 1)
        layout.addWidget(buttons)


def show_record_history(parent: QWidget, ctx, runner, messages, table: str, row_id: str, label: str) -> None:
    """Every version of each field of any record, read on the worker, in a window-modal dialog
    (``messages``: the window's ``Messages``, which keeps it as ``last_dialog``)."""
    from app.services.admin.history import record_history

    store = ctx.store
    runner.submit(lambda: record_history(store, table, row_id),
                  lambda entries: messages.open(HistoryDialog(label, entries, parent)), messages.report_error)
