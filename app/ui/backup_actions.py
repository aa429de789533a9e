"""File menu 「バックアップを作成…」 / 「バックアップから復元…」 and the automatic daily backup.

Every file and database step runs on the worker, one job at a time. A restore swaps the store's
file under the open window: one worker job closes the store, restores and reopens the same
``Store`` object, so every controller that holds it keeps working; then ``store_replaced`` fires:
each tab connected to it reloads (the attendance tab drops its undo history, which points at the
old data) and so does the status bar. Rebuilding the main window would do the same with far more
moving parts (the sync controller, timers, open dialogs), so it is not done.

Given what it needs (the parent widget, the context, the runner, the window's ``Messages``, the
sync controller, the status bar, the File menu), not the window.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QStatusBar, QWidget

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
    store_replaced = Signal()  # a restore swapped the data under the open window: reload what is shown

    def __init__(self, parent: QWidget, ctx, runner, messages, sync, status_bar: QStatusBar, menu: QMenu,
                 before: QAction | None = None):
        super().__init__(parent)
        self.parent_widget = parent
        self.ctx, self.runner, self.messages, self.sync, self.status_bar = ctx, runner, messages, sync, status_bar
        self.now: Callable[[], datetime] = datetime.now  # the day of the automatic backup; tests move it
        self.last_automatic: BackupFile | None = None
        self.last_warning = ""
        self.backup_action = QAction(_("Back up now…"), parent)
        self.backup_action.triggered.connect(self.backup_now)
        self.restore_action = QAction(_("Restore from a backup…"), parent)
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
        paths, settings, now = self.ctx.paths, self.ctx.settings, self.now()
        self.runner.submit(lambda: daily_backup(paths, settings.backup_keep, now=now),
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
        self.status_bar.showMessage(self.last_warning)

    # -- back up now -----------------------------------------------------------------------------
    def backup_now(self) -> None:
        name = start_in(self.ctx, "backup") / f"fielddesk-backup-{self.now():%Y%m%d}.sqlite3"
        dialog = QFileDialog(self.parent_widget, _("Back up now…"), str(name), _("FieldDesk backups (*.sqlite3)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("sqlite3")
        dialog.selectFile(str(name))
        dialog.fileSelected.connect(self._back_up_to)
        self.messages.open(dialog)

    def _back_up_to(self, path: str) -> None:
        remember(self.ctx, "backup", path)
        paths = self.ctx.paths
        self.status_bar.showMessage(_("Backing up…"))
        self.runner.submit(lambda: make_backup(paths, Path(path)), self._backed_up, self.messages.report_error)

    def _backed_up(self, made: BackupFile) -> None:
        self.status_bar.clearMessage()
        self.messages.last_message = _("Backup written: {file} ({size}).").format(file=made.path, size=format_size(made.size))
        self.messages.notify(_("Backup"), self.messages.last_message)

    # -- restore ---------------------------------------------------------------------------------
    def restore(self) -> None:
        folder = start_in(self.ctx, "backup", self.ctx.paths.backups)
        dialog = QFileDialog(self.parent_widget, _("Restore from a backup…"), str(folder),
                             _("FieldDesk backups (*.sqlite3)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self._check)
        self.messages.open(dialog)

    def _check(self, path: str) -> None:
        remember(self.ctx, "backup", path)

        def job() -> tuple[BackupFile, datetime]:
            info = inspect_backup(Path(path))
            return info, datetime.fromtimestamp(info.path.stat().st_mtime)

        self.runner.submit(job, self._confirm, self.messages.report_error)

    def _confirm(self, checked: tuple[BackupFile, datetime]) -> None:
        info, saved = checked
        text = _("Replace the data on this laptop with the backup {file} ({size}, saved {time})?\n\n"
                 "The current data is kept first as a pre-restore copy in {folder}, so nothing is lost. "
                 "After the restore this laptop syncs under a new id; what it has already sent to the shared "
                 "folder stays there and comes back at the next sync.").format(
            file=info.path, size=format_size(info.size), time=f"{saved:%Y-%m-%d %H:%M}", folder=self.ctx.paths.backups)
        box = QMessageBox(QMessageBox.Icon.Question, _("Restore from a backup"), text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self.parent_widget)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        yes = box.button(QMessageBox.StandardButton.Yes)
        box.finished.connect(lambda _result: box.clickedButton() is yes and self._restore(info.path))
        self.messages.open(box)

    def _restore(self, source: Path) -> None:
        ctx = self.ctx
        if self.sync.running:  # the round on the share worker uses the store: never swap it under it
            self.messages.last_message = _("A sync is still running (the shared folder may not be answering). "
                                         "Restore again when it has finished; nothing was changed.")
            self.messages.notify(_("Restore from a backup"), self.messages.last_message)
            return
        self.sync.paused = True

        def job() -> Restored:
            ctx.store.close()  # the file is swapped only while no connection is open
            try:
                return restore_backup(ctx.paths, source)
            finally:
                ctx.store.reopen()  # the restored file (migrated if older), or the old one if refused

        def failed(exc: BaseException) -> None:
            self.sync.paused = False
            self.messages.report_error(exc)

        self.status_bar.showMessage(_("Restoring…"))
        self.runner.submit(job, self._restored, failed)

    def _restored(self, done: Restored) -> None:
        self.sync.paused = False
        self.status_bar.clearMessage()
        self.store_replaced.emit()
        self.sync.refresh_state()
        self.messages.last_message = _("Restored {file}. The data from before the restore was kept as {kept}.").format(
            file=done.source, kept=done.kept or "-")
        self.messages.notify(_("Restore from a backup"), self.messages.last_message)
