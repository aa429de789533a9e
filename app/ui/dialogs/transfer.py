"""Import and export from the File menu: choose a kind and a file; bad rows listed in a table."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import RowProblem, cell_name
from app.i18n import _
from app.services.transfer.kinds import KINDS
from app.ui.file_dialogs import ask_open, ask_save

KIND_LABELS = {
    "staff": lambda: _("Staff"),
    "councils": lambda: _("Councils"),
    "meetings": lambda: _("Meetings"),
    "attendance": lambda: _("Attendance"),
    "routes": lambda: _("Routes"),
    "walks": lambda: _("Walks"),
    "walk_results": lambda: _("Walk checklist results"),
    "surveys": lambda: _("Surveys"),
    "survey_questions": lambda: _("Survey questions"),
    "survey_responses": lambda: _("Survey responses"),
    "proposals": lambda: _("Proposals"),
}
TABLE_FILTER = "CSV / Excel (*.csv *.xlsx)"


class TransferDialog(QDialog):
    """Asks which kind and which file; used for both import (open) and export (save)."""

    def __init__(self, *, exporting: bool, language: str, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.exporting, self.ctx = exporting, ctx
        self.setWindowTitle(_("Export a table") if exporting else _("Import a table"))
        self.kind = QComboBox(self)
        for name in KINDS:
            self.kind.addItem(KIND_LABELS[name](), name)
        self.path = QLineEdit(self)
        self.path.setObjectName("transfer_path")
        browse = QPushButton(_("Choose…"), self)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow(_("Kind"), self.kind)
        form.addRow(_("File"), row)
        self.dry_run = QCheckBox(_("Only check the file (write nothing)"), self)
        self.headers = QComboBox(self)
        self.headers.addItem("日本語", "ja")
        self.headers.addItem("English", "en")
        self.headers.setCurrentIndex(0 if language == "ja" else 1)
        if exporting:
            form.addRow(_("Header language"), self.headers)
            self.dry_run.hide()  # import only: left shown, it sat over the form's top-left corner
        else:
            form.addRow("", self.dry_run)
            self.headers.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        if self.exporting:
            name = ask_save(self, self.ctx, "export", self.windowTitle(), f"{self.kind_name()}.csv", TABLE_FILTER)
        else:
            name = ask_open(self, self.ctx, "import", self.windowTitle(), TABLE_FILTER)
        if name:
            self.path.setText(str(name))

    def _accept(self) -> None:
        if self.path.text().strip():
            self.accept()

    def kind_name(self) -> str:
        return self.kind.currentData()

    def file(self) -> Path:
        return Path(self.path.text().strip())


class ProblemsDialog(QDialog):
    """Every bad row of a refused import: line, column, value and reason."""

    def __init__(self, file: str, problems: list[RowProblem], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Import refused"))
        self.resize(820, 420)
        summary = QLabel(_("{file}: {n} problems; nothing was written. Correct the file and import it again.").format(
            file=file, n=len(problems)), self)
        summary.setWordWrap(True)
        self.table = QTableWidget(len(problems), 4, self)
        self.table.setObjectName("problems_table")
        self.table.setHorizontalHeaderLabels([_("Line"), _("Column"), _("Value"), _("Reason")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row, p in enumerate(problems):
            # A workbook's cell as Excel names it (D2); a CSV's column by number.
            place = cell_name(p.line, p.col) if p.file.lower().endswith(".xlsx") else str(p.col)
            column = f"{place}: {p.column}" if p.col else p.column
            for col, text in enumerate((str(p.line), column, p.value, p.reason)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)  # a long reason is cut at the window's edge
                self.table.setItem(row, col, item)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
