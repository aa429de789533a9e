"""One person's participation across fiscal years: is someone behind this year, or every year?"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from app.domain.wareki import fiscal_year_label
from app.i18n import _
from app.services.attendance.participation import YearRecord
from app.ui.attendance.participation_model import RIGHT, percent
from app.ui.widgets.table_model import DtoTableModel, TableColumn


def _rate(record: YearRecord) -> float | None:
    return record.attended / record.expected if record.expected else None


COLUMNS: list[TableColumn[YearRecord]] = [
    TableColumn(lambda: _("Fiscal year"), lambda r: fiscal_year_label(r.fiscal_year)),
    TableColumn(lambda: _("Expected"), lambda r: r.expected, RIGHT),
    TableColumn(lambda: _("Attended"), lambda r: r.attended, RIGHT),
    TableColumn(lambda: _("Excused"), lambda r: r.excused, RIGHT),
    TableColumn(lambda: _("Rate"), lambda r: percent(_rate(r)), RIGHT),
]


class PersonHistoryDialog(QDialog):
    def __init__(self, name: str, records: list[YearRecord], excused_counts: bool,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Participation history: {person}").format(person=name))
        self.resize(560, 320)
        self.model = DtoTableModel(COLUMNS, self)
        self.model.set_rows(sorted(records, key=lambda r: r.fiscal_year, reverse=True))
        self.table = QTableView(self)
        self.table.setObjectName("participation_history_table")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        note = QLabel(_("Excused absence counts as attended.") if excused_counts
                      else _("Excused absence does not count as attended."), self)
        if not records:
            note.setText(_("No meetings recorded for this person."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
