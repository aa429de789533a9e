"""File menu 「バックアップを作成…」 / 「バックアップから復元…」 and the automatic daily backup.

Every file and database step runs on the worker, one job at a time. A restore swaps the store's
file under the open window: one worker job closes the store, restores and reopens the same
``Store`` object, so every controller that holds it keeps working; then every tab reloads and the
undo history (which points at the old data) is dropped. Rebuilding the main window would do the
same with far more moving parts (the sync controller, timers, open dialogs), so it is not done.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from app.errors import FieldDeskError
from app.i18n import _
from app.services.admin.backup import (
    BackupFile,
    Restored,
    daily_backup,
    format_size,
    inspect_backup,
    make_backup,
    restore_backup,
)
from app.ui.file_dialogs import remember, start_in

log = logging.getLogger(__name__)
CHECK_EVERY_MS = 60 * 60 * 1000  # a laptop left running gets its next day's backup within the hour


class BackupActions(QObject):
    def __init__(self, window, menu: QMenu, before: QAction | None = None):
        super().__init__(window)
        self.window = window
        self.now: Callable[[], datetime] = datetime.now  # the day of the automatic backup; tests move it
        self.last_automatic: BackupFile | None = None
        self.last_warning = ""
        self.backup_action = QAction(_("Back up now…"), window)
        self.backup_action.triggered.connect(self.backup_now)
        self.restore_action = QAction(_("Restore from a backup…"), window)
        self.restore_action.triggered.connect(self.restore)
        if before is None:
            menu.addSeparator()
            menu.addActions([self.backup_action, self.restore_action])
        else:  # above ``before`` (the window's Quit, added with the first frame)
            menu.insertSeparator(before)
            menu.insertActions(before, [self.backup_action, self.restore_action])
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.daily)

    # -- automatic -------------------------------------------------------------------------------
    def start(self) -> None:
        """At start (queued behind the first load, so the window paints first), then hourly."""
        self.daily()
        self.timer.start()

    def daily(self) -> None:
        paths, settings, now = self.window.ctx.paths, self.window.ctx.settings, self.now()
        self.window.runner.submit(lambda: daily_backup(paths, settings.backup_keep, now=now),
                                  self._daily_done, self._daily_failed)

    def _daily_done(self, made: BackupFile | None) -> None:
        if made is not None:
            self.last_automatic = made
            log.info("automatic backup %s (%s bytes)", made.path, made.size)

    def _daily_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, FieldDeskError | OSError):
            raise exc  # a bug: the crash hook shows it
        log.warning("automatic backup failed: %s", exc)
        self.last_warning = _("Automatic backup failed: {reason}").format(reason=exc)
        self.window.statusBar().showMessage(self.last_warning)

    # -- back up now -----------------------------------------------------------------------------
    def backup_now(self) -> None:
        name = start_in(self.window.ctx, "backup") / f"fielddesk-backup-{self.now():%Y%m%d}.sqlite3"
        dialog = QFileDialog(self.window, _("Back up now…"), str(name), _("FieldDesk backups (*.sqlite3)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("sqlite3")
        dialog.selectFile(str(name))
        dialog.fileSelected.connect(self._back_up_to)
        self._open(dialog)

    def _back_up_to(self, path: str) -> None:
        remember(self.window.ctx, "backup", path)
        paths = self.window.ctx.paths
        self.window.statusBar().showMessage(_("Backing up…"))
        self.window.runner.submit(lambda: make_backup(paths, Path(path)), self._backed_up, self.window.report_error)

    def _backed_up(self, made: BackupFile) -> None:
        self.window.statusBar().clearMessage()
        self.window.last_message = _("Backup written: {file} ({size}).").format(file=made.path, size=format_size(made.size))
        self.window.notify(_("Backup"), self.window.last_message)

    # -- restore ---------------------------------------------------------------------------------
    def restore(self) -> None:
        folder = start_in(self.window.ctx, "backup", self.window.ctx.paths.backups)
        dialog = QFileDialog(self.window, _("Restore from a backup…"), str(folder),
                             _("FieldDesk backups (*.sqlite3)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self._check)
        self._open(dialog)

    def _check(self, path: str) -> None:
        remember(self.window.ctx, "backup", path)
        def job() -> tuple[BackupFile, datetime]:
            info = inspect_backup(Path(path))
            return info, datetime.fromtimestamp(info.path.stat().st_mtime)

        self.window.runner.submit(job, self._confirm, self.window.report_error)

    def _confirm(self, checked: tuple[BackupFile, datetime]) -> None:
        info, saved = checked
        text = _("Replace the data on this laptop with the backup {file} ({size}, saved {time})?\n\n"
                 "The current data is kept first as a pre-restore copy in {folder}, so nothing is lost. "
                 "After the restore this laptop syncs under a new id; what it has already sent to the shared "
                 "folder stays there and comes back at the next sync.").format(
            file=info.path, size=format_size(info.size), time=f"{saved:%Y-%m-%d %H:%M}", folder=self.window.ctx.paths.backups)
        box = QMessageBox(QMessageBox.Icon.Question, _("Restore from a backup"), text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self.window)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        yes = box.button(QMessageBox.StandardButton.Yes)
        box.finished.connect(lambda _result: box.clickedButton() is yes and self._restore(info.path))
        self._open(box)

    def _restore(self, source: Path) -> None:
        ctx = self.window.ctx
        if self.window.sync.running:  # the round on the share worker uses the store: never swap it under it
            self.window.last_message = _("A sync is still running (the shared folder may not be answering). "
                                         "Restore again when it has finished; nothing was changed.")
            self.window.notify(_("Restore from a backup"), self.window.last_message)
            return
        self.window.sync.paused = True

        def job() -> Restored:
            ctx.store.close()  # the file is swapped only while no connection is open
            try:
                return restore_backup(ctx.paths, source)
            finally:
                ctx.store.reopen()  # the restored file (migrated if older), or the old one if refused

        def failed(exc: BaseException) -> None:
            self.window.sync.paused = False
            self.window.report_error(exc)

        self.window.statusBar().showMessage(_("Restoring…"))
        self.window.runner.submit(job, self._restored, failed)

    def _restored(self, done: Restored) -> None:
        window = self.window
        window.sync.paused = False
        window.attendance.undo_stack.clear()
        window.attendance_view.undo_button.setEnabled(False)
        window.status_user.setText(_("User: {user} · Laptop {device}").format(
            user=window.ctx.settings.user_name, device=window.ctx.store.device_id[:8]))
        window.statusBar().clearMessage()
        window.data_changed.emit()
        window.sync.refresh_state()
        window.last_message = _("Restored {file}. The data from before the restore was kept as {kept}.").format(
            file=done.source, kept=done.kept or "-")
        window.notify(_("Restore from a backup"), window.last_message)

    def _open(self, dialog: QWidget) -> None:
        self.window.last_dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
