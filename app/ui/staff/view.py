"""The staff tab (職員名簿): search by number, name or reading; see a person's change history."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services.staff.people import StaffRow
from app.ui.staff.models import StaffFilter, StaffModel


class StaffView(QWidget):
    """Layout only; ``StaffTab`` wires it to the store."""

    history_requested = Signal(object)  # StaffRow
    new_requested = Signal()
    edit_requested = Signal(object)  # StaffRow

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = StaffModel(self)
        self.proxy = StaffFilter(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit(self)
        self.search.setObjectName("staff_search")
        self.search.setPlaceholderText(_("Search by staff number, name or reading (ひらがな/カタカナ)"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_query)
        self.count_label = QLabel(self)
        self.history_button = QPushButton(_("Change history…"), self)
        self.history_button.setEnabled(False)
        self.history_button.clicked.connect(self._on_history)
        self.new_button = QPushButton(_("New staff member…"), self)
        self.new_button.clicked.connect(self.new_requested)
        self.edit_button = QPushButton(_("Edit…"), self)
        self.edit_button.setEnabled(False)
        self.edit_button.clicked.connect(self._on_edit)

        self.table = QTableView(self)
        self.table.setObjectName("staff_table")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.table.doubleClicked.connect(lambda _index: self._on_edit())

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        top.addWidget(self.new_button)
        top.addWidget(self.edit_button)
        top.addWidget(self.history_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def set_rows(self, rows: list[StaffRow]) -> None:
        self.model.set_rows(rows)
        self.proxy.set_query(self.search.text())
        self._update_count()
        widths = (90, 140, 170, 220, 200, 220)
        for column, width in enumerate(widths):
            self.table.setColumnWidth(column, width)

    def selected(self) -> StaffRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.proxy.data(rows[0], StaffModel.ROW_ROLE)

    def _on_query(self, text: str) -> None:
        self.proxy.set_query(text)
        self._update_count()

    def _update_count(self) -> None:
        total = len(self.model.rows())
        shown = self.proxy.rowCount() if self.search.text() else total
        self.count_label.setText(_("{shown} of {total}").format(shown=shown, total=total))

    def _on_selection(self, *_args) -> None:
        chosen = self.selected() is not None
        self.history_button.setEnabled(chosen)
        self.edit_button.setEnabled(chosen)

    def _on_edit(self) -> None:
        row = self.selected()
        if row is not None:
            self.edit_requested.emit(row)

    def _on_history(self) -> None:
        row = self.selected()
        if row is not None:
            self.history_requested.emit(row)

    def select_first(self) -> None:
        if self.proxy.rowCount() > 0:
            self.table.selectRow(0)
            self.table.scrollTo(self.proxy.index(0, 0, QModelIndex()), QAbstractItemView.ScrollHint.EnsureVisible)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
