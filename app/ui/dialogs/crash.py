"""The crash dialog: a bug happened, the data is safe, here is where the log is."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from app.i18n import _


class CrashDialog(QDialog):
    def __init__(self, details: str, log_file: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("FieldDesk: unexpected error"))
        self.resize(640, 400)
        text = QLabel(_("Something went wrong inside FieldDesk. Everything you saved is safe. "
                        "The details were written to {log}; please send that file to the IT desk.").format(log=log_file), self)
        text.setWordWrap(True)
        box = QPlainTextEdit(details, self)
        box.setObjectName("crash_details")
        box.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(box, 1)
        layout.addWidget(buttons)
