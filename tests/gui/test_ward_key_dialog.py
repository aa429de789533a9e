"""Settings → Ward key, every button clicked on the real dialogs (file dialog, passphrase dialog,
join code, confirmation), each laptop with its own empty credential store (a real file keyring)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QMessageBox,
    QPushButton,
)

from app.settings import Settings
from app.sync import seal, ward_key
from app.ui.dialogs.settings import SettingsDialog
from app.ui.dialogs.ward_key import PassphraseDialog, WardKeyDialog

PASS = "correct horse battery staple"


def when_modal(kind, act, tries: int = 250) -> None:
    """Answer the next modal dialog of ``kind`` as a user would (polls, gives up after ~5 s)."""
    def poll(left=tries):
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind):
            act(widget)
        elif left:
            QTimer.singleShot(20, lambda: poll(left - 1))
    QTimer.singleShot(0, poll)


def _choose(path: Path):
    def act(dialog: QFileDialog):
        dialog.setDirectory(str(path.parent))
        dialog.selectFile(str(path))
        dialog.accept()
    return act


def _type_passphrase(qtbot, first: str, again: str | None = None):
    def act(dialog: PassphraseDialog):
        qtbot.keyClicks(dialog.first, first)
        if again is not None:
            qtbot.keyClicks(dialog.again, again)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        if dialog.isVisible():  # refused: what the user sees, then cancel
            act.error = dialog.error.text()
            dialog.reject()
    act.error = ""
    return act


def _laptop(monkeypatch, tmp_path: Path, name: str) -> None:
    """Another laptop: its own, empty credential store."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / name))


def _click(qtbot, dialog: WardKeyDialog, name: str) -> None:
    qtbot.mouseClick(dialog.buttons[name], Qt.MouseButton.LeftButton)


def test_the_administrator_creates_the_key_and_hands_it_out_and_rotates_it(qtbot, monkeypatch, tmp_path):
    _laptop(monkeypatch, tmp_path, "admin")
    dialog = WardKeyDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert "None on this laptop" in dialog.state.text() or "ありません" in dialog.state.text()
    assert not dialog.buttons["export"].isEnabled() and not dialog.buttons["rotate"].isEnabled()
    _click(qtbot, dialog, "create")
    key = ward_key.load()
    assert key is not None and key.key_id in dialog.state.text()
    assert not dialog.buttons["create"].isEnabled()

    _click(qtbot, dialog, "show_code")
    assert dialog.code.isVisible() and seal.from_join_code(dialog.code.text()) == key

    out = tmp_path / "ward.fdkey"
    short = _type_passphrase(qtbot, "short", "short")
    when_modal(QFileDialog, _choose(out))
    when_modal(PassphraseDialog, short)
    _click(qtbot, dialog, "export")
    assert "10" in short.error and not out.exists()  # too short: said, nothing written
    when_modal(QFileDialog, _choose(out))
    when_modal(PassphraseDialog, _type_passphrase(qtbot, PASS, PASS))
    _click(qtbot, dialog, "export")
    assert seal.read_key_file(out.read_bytes(), PASS) == key
    assert str(out) in dialog.message.text()

    when_modal(QMessageBox, lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    _click(qtbot, dialog, "rotate")
    rotated = ward_key.load()
    assert rotated.epoch == 2 and rotated.key_id in dialog.state.text()


def test_a_laptop_joins_with_the_key_file_or_the_join_code(qtbot, monkeypatch, tmp_path):
    key = seal.new_key(1)
    out = tmp_path / "ward.fdkey"
    out.write_bytes(seal.key_file_bytes(key, PASS))
    _laptop(monkeypatch, tmp_path, "laptop-b")
    dialog = WardKeyDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    when_modal(QFileDialog, _choose(out))
    when_modal(PassphraseDialog, _type_passphrase(qtbot, "not the passphrase"))
    _click(qtbot, dialog, "join_file")
    assert ward_key.load() is None and dialog.message.text()  # the wrong passphrase is said, nothing kept
    when_modal(QFileDialog, _choose(out))
    when_modal(PassphraseDialog, _type_passphrase(qtbot, PASS))
    _click(qtbot, dialog, "join_file")
    assert ward_key.load() == key and key.key_id in dialog.state.text()

    _laptop(monkeypatch, tmp_path, "laptop-c")
    dialog.refresh()
    assert ward_key.load() is None and dialog.buttons["create"].isEnabled()

    def type_code(box: QInputDialog):
        box.setTextValue(seal.join_code(key).lower())
        box.accept()
    when_modal(QInputDialog, type_code)
    _click(qtbot, dialog, "join_code")
    assert ward_key.load() == key


def test_settings_shows_the_key_and_opens_its_dialog(qtbot, monkeypatch, tmp_path):
    _laptop(monkeypatch, tmp_path, "settings")
    dialog = SettingsDialog(Settings(), str(tmp_path))
    qtbot.addWidget(dialog)
    dialog.show()
    before = dialog.ward_key.text()

    def create_and_close(inner: WardKeyDialog):
        inner.buttons["create"].click()
        inner.reject()
    when_modal(WardKeyDialog, create_and_close)
    qtbot.mouseClick(dialog.findChild(QPushButton, "settings_ward_key_button"), Qt.MouseButton.LeftButton)
    assert ward_key.load().key_id[:8] in dialog.ward_key.text() and dialog.ward_key.text() != before


def test_the_passphrase_dialog_is_japanese(qtbot):
    """The one dialog the Japanese-UI walk cannot reach without a key file chosen first."""
    from PySide6.QtWidgets import QLabel

    dialog = PassphraseDialog(None, new=True)
    qtbot.addWidget(dialog)
    dialog.show()
    labels = [w.text() for w in dialog.findChildren(QLabel) if w.text()]
    assert dialog.windowTitle() == "鍵ファイルのパスフレーズ"
    assert "パスフレーズ" in labels and "もう一度" in labels
    qtbot.keyClicks(dialog.first, "short")
    qtbot.keyClicks(dialog.again, "short")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.error.text() == "パスフレーズは 10 文字以上にしてください。"
