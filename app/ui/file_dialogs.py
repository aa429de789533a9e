"""Every file dialog of the window starts in the folder last used for the same purpose (import,
export, report, photo, backup), remembered in the settings of this laptop's data folder.

A clerk who saves the sign-in sheet to the council's folder finds the next report's dialog
there, not in the program's folder; an import from a USB stick starts on the stick next time.
The folder is not checked before the dialog opens: a mapped drive that has gone away could hang
the window in a ``stat``, and Qt's dialog falls back by itself when the folder is missing.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSize, QStandardPaths
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from app.errors import FieldDeskError

log = logging.getLogger(__name__)
PURPOSES = ("import", "export", "report", "photo", "backup")


def documents() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
                or Path.home())


def start_in(ctx, purpose: str, default: Path | None = None) -> Path:
    """The folder a dialog for ``purpose`` opens in: the last one used, else ``default``, else
    the user's documents folder."""
    assert purpose in PURPOSES, purpose
    folder = ctx.settings.file_folders.get(purpose)
    return Path(folder) if folder else (default or documents())


def remember(ctx, purpose: str, chosen: str | Path) -> None:
    """Keep the folder of ``chosen`` for the next dialog of ``purpose``. A settings file that
    cannot be written costs only this convenience: logged, never an error to the user."""
    assert purpose in PURPOSES, purpose
    folder = str(Path(chosen).parent)
    if ctx.settings.file_folders.get(purpose) == folder:
        return
    ctx.settings.file_folders[purpose] = folder
    try:
        ctx.settings.save(ctx.paths.settings)
    except FieldDeskError as exc:
        log.warning("the last folder for %s was not kept: %s", purpose, exc)


def ask_save(parent: QWidget | None, ctx, purpose: str, title: str, name: str, filters: str,
             default: Path | None = None) -> Path | None:
    """A save dialog proposing ``name`` in the folder last used for ``purpose``; None if cancelled."""
    dialog = QFileDialog(parent, title, str(start_in(ctx, purpose, default)), filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    suffix = Path(name).suffix.lstrip(".")
    if suffix:
        dialog.setDefaultSuffix(suffix)
    dialog.selectFile(name)
    return _run(dialog, ctx, purpose)


def ask_open(parent: QWidget | None, ctx, purpose: str, title: str, filters: str,
             default: Path | None = None) -> Path | None:
    """An open dialog for one existing file, in the folder last used for ``purpose``."""
    dialog = QFileDialog(parent, title, str(start_in(ctx, purpose, default)), filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return _run(dialog, ctx, purpose)


def _run(dialog: QFileDialog, ctx, purpose: str) -> Path | None:
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
            return None
        chosen = Path(dialog.selectedFiles()[0])
    finally:
        dialog.deleteLater()
    remember(ctx, purpose, chosen)
    return chosen


class _FileDialogSizer(QObject):
    """Every Qt file dialog of the app opens big enough for its four columns (name, size, type,
    date): Qt's default leaves 「更新日」 off the right edge on a fresh profile, and only a later
    resize by hand, kept in Qt's own settings, would show it. Native dialogs are not touched."""

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Show and isinstance(obj, QFileDialog) and not obj.property("fielddesk_sized"):
            obj.setProperty("fielddesk_sized", True)
            from app.ui.geometry import fit_dialog

            hint = obj.sizeHint()
            fit_dialog(obj, max(FILE_DIALOG_SIZE.width(), hint.width()), max(FILE_DIALOG_SIZE.height(), hint.height()))
        return False


FILE_DIALOG_SIZE = QSize(960, 560)
_sizer: _FileDialogSizer | None = None


def size_file_dialogs(app: QApplication) -> None:
    """Install the sizer once per application (the main window calls it)."""
    global _sizer
    if _sizer is None:
        _sizer = _FileDialogSizer(app)
        app.installEventFilter(_sizer)
