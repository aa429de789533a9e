"""Pick a member of staff by number, name or reading (kana-insensitive): add a person to a roster.

A keystroke asks the picker's ``StaffIndex`` for the matches (a scan of keys folded once, when the
list was read) and shows them; the table model then paints only the rows on screen. Nothing is
folded or filtered per row in Qt's proxy callbacks, which cost a Python call per staff member.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services.staff.people import StaffIndex, StaffRow
from app.ui.staff.models import StaffModel
from app.ui.widgets.fit import wrap_header


class StaffPicker(QDialog):
    chosen = Signal(object)  # StaffRow

    def __init__(self, staff: list[StaffRow], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Add a person"))
        self.resize(760, 480)  # its seven columns side by side
        self.index = StaffIndex([s for s in staff if s.active])
        self.model = StaffModel(self)  # the matches of the current query
        self.model.set_rows(self.index.rows)
        self.search = QLineEdit(self)
        self.search.setObjectName("picker_search")
        self.search.setPlaceholderText(_("Search by staff number, name or reading (ひらがな/カタカナ)"))
        self.search.textChanged.connect(self._find)
        self.search.returnPressed.connect(self._accept)
        self.table = QTableView(self)
        self.table.setObjectName("picker_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        wrap_header(self.table).setStretchLastSection(True)  # "Disaster housing" on two lines, not cut
        self.table.doubleClicked.connect(lambda _index: self._accept())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def matches(self) -> list[StaffRow]:
        """Every row the current query matches (the table fetches them as it scrolls)."""
        return self.model.rows()

    def _find(self, text: str) -> None:
        self.model.set_rows(self.index.find(text))

    def current(self) -> StaffRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            if len(self.matches()) == 1:  # one match: Enter takes it
                return self.matches()[0]
            return None
        return self.model.data(index, StaffModel.ROW_ROLE)

    def _accept(self) -> None:
        person = self.current()
        if person is not None:
            self.chosen.emit(person)
            self.accept()
