"""Settings → Ward key: create the key (the administrator, once), give this laptop the key from a
key file or a join code, write a key file for another laptop, show the join code, rotate the key
after a lost laptop (docs/guide "The shared folder"). The same use cases as ``fielddesk key``
(app/services/admin/ward.py); the key goes only to the OS credential store, never on screen
unless the join code is asked for."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import FieldDeskError
from app.i18n import _
from app.services.admin import ward
from app.ui.file_dialogs import documents


def key_summary(key, *, short: bool = False) -> str:
    if key is None:
        return _("None on this laptop") if short else _("None on this laptop: it cannot use a sealed shared folder")
    if short:
        return _("Key {key}, epoch {epoch}").format(key=key.key_id[:8], epoch=key.epoch)
    return _("Key {key}, epoch {epoch}, in this computer's credential store").format(key=key.key_id, epoch=key.epoch)


class PassphraseDialog(QDialog):
    """A passphrase for a key file: typed twice when the file is new."""

    def __init__(self, parent: QWidget, *, new: bool):
        super().__init__(parent)
        self.setWindowTitle(_("Passphrase of the key file"))
        self.new = new
        self.first = QLineEdit(self)
        self.first.setObjectName("passphrase_first")
        self.again = QLineEdit(self)
        self.again.setObjectName("passphrase_again")
        for edit in (self.first, self.again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b00020")
        form = QFormLayout(self)
        form.addRow(_("Passphrase"), self.first)
        if new:
            form.addRow(_("The same again"), self.again)
        else:
            self.again.hide()
        form.addRow("", self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _accept(self) -> None:
        if self.new:
            try:
                ward.check_passphrase(self.first.text(), self.again.text())
            except FieldDeskError as exc:
                self.error.setText(str(exc))
                return
        self.accept()


class WardKeyDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Ward key"))
        self.state = QLabel(self)
        self.state.setObjectName("ward_key_state")
        self.state.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setObjectName("ward_key_message")
        self.message.setWordWrap(True)
        self.code = QLineEdit(self)
        self.code.setObjectName("ward_key_code")
        self.code.setReadOnly(True)
        self.code.hide()
        grid = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        for i, (name, text, slot) in enumerate((
                ("create", _("Create the ward key"), self.create),
                ("join_file", _("Join with a key file…"), self.join_file),
                ("join_code", _("Enter a join code…"), self.join_code),
                ("export", _("Write a key file for another laptop…"), self.export),
                ("show_code", _("Show the join code"), self.show_code),
                ("rotate", _("New key after a lost laptop…"), self.rotate))):
            button = QPushButton(text, self)
            button.setObjectName(f"ward_key_{name}")
            button.clicked.connect(slot)
            grid.addWidget(button, i // 2, i % 2)
            self.buttons[name] = button
        note = QLabel(_("The ward key seals everything this laptop puts in the shared folder. Give it to "
                        "each laptop as a key file (USB stick, passphrase told separately) or a join code "
                        "read out in person — never through the shared folder."), self)
        note.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addLayout(grid)
        layout.addWidget(self.code)
        layout.addWidget(self.message)
        layout.addWidget(note)
        layout.addWidget(close)
        self.refresh()
        # Wrapped labels give the dialog no width of its own: a window manager then opened it at
        # 275 px with the buttons squashed (seen under openbox). Wide enough for the join code.
        self.setMinimumWidth(self.code.fontMetrics().horizontalAdvance("0" * 74) + 40)

    def refresh(self) -> None:
        try:
            key = ward.current()
        except FieldDeskError as exc:
            key = None
            self.message.setText(str(exc))
        self.state.setText(key_summary(key))
        for name in ("export", "show_code", "rotate"):
            self.buttons[name].setEnabled(key is not None)
        self.buttons["create"].setEnabled(key is None)

    def _do(self, action) -> None:
        try:
            text = action()
        except FieldDeskError as exc:
            self.message.setText(str(exc))
        else:
            if text:
                self.message.setText(text)
        self.refresh()

    def _file(self, save: bool) -> Path | None:
        dialog = QFileDialog(self, _("Ward key file"), str(documents()), _("Ward key file") + " (*.fdkey)")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        if save:
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            dialog.setDefaultSuffix("fdkey")
            dialog.selectFile("ward.fdkey")
        else:
            dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        try:
            if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
                return None
            return Path(dialog.selectedFiles()[0])
        finally:
            dialog.deleteLater()

    def _passphrase(self, *, new: bool) -> str | None:
        dialog = PassphraseDialog(self, new=new)
        try:
            return dialog.first.text() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    def create(self) -> None:
        self._do(lambda: _("Ward key {key} created. Now write a key file for the other laptops.").format(
            key=ward.create().key_id))

    def join_file(self) -> None:
        def act():
            path = self._file(save=False)
            passphrase = self._passphrase(new=False) if path else None
            if passphrase is None:
                return ""
            key = ward.join(ward.read_key_file(path, passphrase))
            return _("This laptop now holds ward key {key} (epoch {epoch}); the next sync uses it.").format(
                key=key.key_id, epoch=key.epoch)
        self._do(act)

    def join_code(self) -> None:
        def act():
            code, ok = QInputDialog.getText(self, _("Join code"), _("The join code (58 letters and digits):"))
            if not ok or not code.strip():
                return ""
            key = ward.join(ward.from_code(code))
            return _("This laptop now holds ward key {key} (epoch {epoch}); the next sync uses it.").format(
                key=key.key_id, epoch=key.epoch)
        self._do(act)

    def export(self) -> None:
        def act():
            key = ward.current()
            path = self._file(save=True) if key else None
            passphrase = self._passphrase(new=True) if path else None
            if passphrase is None:
                return ""
            ward.write_key_file(path, key, passphrase)
            return _("{file}: key file written. Give it to each laptop (USB stick, not the shared folder) with its "
                     "passphrase told separately; there: fielddesk key join {file}").format(file=path)
        self._do(act)

    def show_code(self) -> None:
        from app.sync.seal import join_code

        key = ward.current()
        if key is not None:
            self.code.setText(join_code(key))
            self.code.show()

    def rotate(self) -> None:
        answer = QMessageBox.question(self, _("Ward key"), _(
            "Make a new ward key? From the next sync this laptop seals with it, and every other laptop needs the "
            "new key file to go on syncing. Do it after a laptop was lost or stolen."))
        if answer == QMessageBox.StandardButton.Yes:
            self._do(lambda: _("New ward key {key} (epoch {epoch}). Now write a key file for the other laptops.")
                     .format(key=(k := ward.rotate()).key_id, epoch=k.epoch))
