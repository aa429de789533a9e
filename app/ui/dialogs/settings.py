"""Settings: language, the user name written into the change log, the data folder (shown)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.settings import Settings


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, data_dir: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Settings"))
        self.language = QComboBox(self)
        self.language.setObjectName("settings_language")
        self.language.addItem("日本語", "ja")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.user_name = QLineEdit(settings.user_name, self)
        self.user_name.setObjectName("settings_user_name")
        folder = QLabel(data_dir, self)
        folder.setObjectName("settings_data_dir")
        folder.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b00020")
        form = QFormLayout()
        form.addRow(_("Language"), self.language)
        form.addRow(_("User name (for the change history)"), self.user_name)
        form.addRow("", self.error)
        form.addRow(_("Data folder"), folder)
        note = QLabel(_("A new language applies from the next start."), self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        if not self.user_name.text().strip():
            self.error.setText(_("Enter a user name."))
            self.user_name.setFocus()
            return
        self.accept()

    def apply_to(self, settings: Settings) -> None:
        settings.language = self.language.currentData()
        settings.user_name = self.user_name.text().strip()
