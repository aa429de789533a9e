"""Settings: language, the user name written into the change log, sync, backups, the data folder (shown)."""

from __future__ import annotations

import re

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.staff_no import MAX_WIDTH, MIN_WIDTH
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
        self.minimum = QSpinBox(self)
        self.minimum.setObjectName("settings_minimum")
        self.minimum.setRange(0, 99)
        self.minimum.setValue(settings.minimum_attended)
        self.excused = QCheckBox(_("Count excused absence (公欠) as attended"), self)
        self.excused.setObjectName("settings_excused")
        self.excused.setChecked(settings.excused_counts_as_attended)
        self.approval = QLineEdit("・".join(settings.approval_columns), self)
        self.approval.setObjectName("settings_approval")
        self.approval.setPlaceholderText(_("e.g. 課長・係長・担当 (empty: no approval box)"))
        self.device_name = QLineEdit(settings.device_name, self)
        self.device_name.setObjectName("settings_device_name")
        self.share = QLineEdit(settings.share_folder, self)
        self.share.setObjectName("settings_share")
        self.share.setPlaceholderText(_("e.g. \\\\server\\share or S:\\FieldDesk"))
        browse = QPushButton(_("Choose…"), self)
        browse.clicked.connect(self._browse_share)
        share_row = QHBoxLayout()
        share_row.addWidget(self.share, 1)
        share_row.addWidget(browse)
        self.ward_key = QLabel(self)
        self.ward_key.setObjectName("settings_ward_key")
        self.ward_key.setWordWrap(True)
        key_button = QPushButton(_("Ward key…"), self)
        key_button.setObjectName("settings_ward_key_button")
        key_button.clicked.connect(self.open_ward_key)
        key_row = QHBoxLayout()
        key_row.addWidget(self.ward_key, 1)
        key_row.addWidget(key_button)
        self._show_ward_key()
        self.sync_enabled = QCheckBox(_("Sync automatically"), self)
        self.sync_enabled.setChecked(settings.sync_enabled)
        self.interval = QSpinBox(self)
        self.interval.setRange(1, 240)
        self.interval.setValue(settings.sync_interval_minutes)
        self.interval.setSuffix(_(" min"))
        self.skew = QSpinBox(self)
        self.skew.setRange(1, 120)
        self.skew.setValue(settings.clock_skew_cap_minutes)
        self.skew.setSuffix(_(" min"))
        self.backup_keep = QSpinBox(self)
        self.backup_keep.setObjectName("settings_backup_keep")
        self.backup_keep.setRange(1, 365)
        self.backup_keep.setValue(settings.backup_keep)
        self.staff_no_width = QSpinBox(self)
        self.staff_no_width.setObjectName("settings_staff_no_width")
        self.staff_no_width.setRange(MIN_WIDTH, MAX_WIDTH)
        self.staff_no_width.setValue(settings.staff_no_width)
        self.staff_no_width.setSuffix(_(" digits"))
        self.staff_no_width.setToolTip(_("A shorter staff number is padded with leading zeros: 10099 is read as 010099."))
        folder = QLabel(data_dir, self)
        folder.setObjectName("settings_data_dir")
        folder.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b00020")
        form = QFormLayout()
        form.addRow(_("Language"), self.language)
        form.addRow(_("User name (for the change history)"), self.user_name)
        form.addRow("", self.error)
        form.addRow(_("Minimum meetings attended per fiscal year"), self.minimum)
        form.addRow("", self.excused)
        form.addRow(_("Approval box on reports"), self.approval)
        form.addRow(_("Staff-number width"), self.staff_no_width)
        form.addRow(_("This laptop's name (printed on reports)"), self.device_name)
        form.addRow(_("Shared folder for sync"), share_row)
        form.addRow(_("Ward key (seals the shared folder)"), key_row)
        form.addRow("", self.sync_enabled)
        form.addRow(_("Sync every"), self.interval)
        form.addRow(_("Largest clock difference accepted"), self.skew)
        form.addRow(_("Automatic daily backups to keep"), self.backup_keep)
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
        settings.minimum_attended = self.minimum.value()
        settings.excused_counts_as_attended = self.excused.isChecked()
        settings.approval_columns = approval_columns(self.approval.text())
        settings.device_name = self.device_name.text().strip()
        settings.share_folder = self.share.text().strip()
        settings.sync_enabled = self.sync_enabled.isChecked()
        settings.sync_interval_minutes = self.interval.value()
        settings.clock_skew_cap_minutes = self.skew.value()
        settings.backup_keep = self.backup_keep.value()
        settings.staff_no_width = self.staff_no_width.value()

    def _show_ward_key(self) -> None:
        from app.errors import FieldDeskError
        from app.services.admin import ward
        from app.ui.dialogs.ward_key import key_summary

        try:
            self.ward_key.setText(key_summary(ward.current(), short=True))
        except FieldDeskError as exc:
            self.ward_key.setText(str(exc))

    def open_ward_key(self) -> None:
        from app.ui.dialogs.ward_key import WardKeyDialog

        dialog = WardKeyDialog(self)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
        self._show_ward_key()

    def _browse_share(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        folder = QFileDialog.getExistingDirectory(self, _("Shared folder for sync"), self.share.text())
        if folder:
            self.share.setText(folder)


def approval_columns(text: str) -> list[str]:
    """「課長・係長・担当」, 「課長,係長」 or 「課長 係長」: the stamp columns, in order."""
    return [part for part in re.split(r"[・,、，/／\s]+", text.strip()) if part]
