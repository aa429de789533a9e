"""Background sync, never on the GUI thread: at start, every N minutes while enabled, on demand
(toolbar button, F5) and once at close (bounded wait). The status bar says when it last worked,
what still waits to go out, whether the share is reachable, and any warning."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QStatusBar

from app.errors import FieldDeskError, UnavailableError, UserError
from app.i18n import _
from app.services import sync as service


class SyncController(QObject):
    progress = Signal(int, int)  # files done, files to do (emitted from the worker thread)
    finished = Signal(object)  # SyncSummary
    failed = Signal(str)
    state_changed = Signal()

    def __init__(self, ctx, runner, status_bar: QStatusBar, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.running = False
        self.last_ok: datetime | None = None
        self.last_summary = None
        self.offline_reason = ""
        self.label = QLabel(status_bar)
        self.label.setObjectName("sync_status")
        status_bar.addPermanentWidget(self.label)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.sync)
        self.progress.connect(self._show_progress)
        self.apply_settings()

    def apply_settings(self) -> None:
        settings = self.ctx.settings
        self.timer.stop()
        if settings.sync_enabled and settings.share_folder:
            self.timer.start(max(1, settings.sync_interval_minutes) * 60_000)
        self.refresh_state()

    def sync(self) -> None:
        """One round on the worker; a second request while one runs is dropped, not queued."""
        if self.running or not self.ctx.settings.share_folder:
            if not self.ctx.settings.share_folder:
                self._show(_("Sync: no shared folder set (Settings)"))
            return
        self.running = True
        self._show(_("Sync: running…"))
        store, settings = self.ctx.store, self.ctx.settings
        self.runner.submit(lambda: service.sync_now(store, settings, progress=self.progress.emit),
                           self._done, self._failed)

    def _show_progress(self, done: int, total: int) -> None:
        if total > 3:
            self._show(_("Sync: importing {done} / {total} files…").format(done=done, total=total))

    def _done(self, summary) -> None:
        self.running = False
        self.last_ok = datetime.now()
        self.last_summary = summary
        self.offline_reason = ""
        self.finished.emit(summary)
        self.refresh_state()

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        if isinstance(exc, UnavailableError | UserError):
            self.offline_reason = str(exc)
            self.failed.emit(str(exc))
            self.refresh_state()
            return
        if isinstance(exc, FieldDeskError):
            self.failed.emit(str(exc))
            return
        raise exc

    def refresh_state(self) -> None:
        store = self.ctx.store
        self.runner.submit(lambda: service.sync_state(store), self._show_state)

    def _show_state(self, state: service.SyncState) -> None:
        parts = []
        if self.offline_reason:
            parts.append(_("offline"))
        elif self.last_ok is not None:
            parts.append(_("synced {time}").format(time=self.last_ok.strftime("%H:%M")))
        elif not self.ctx.settings.share_folder:
            parts.append(_("no shared folder"))
        parts.append(_("{n} changes waiting to go out").format(n=state.waiting))
        if state.conflicts:
            parts.append(_("{n} conflicts").format(n=state.conflicts))
        summary = self.last_summary
        if summary is not None and (summary.warnings or summary.quarantined):
            parts.append(_("{n} warnings").format(n=len(summary.warnings) + len(summary.quarantined)))
        self.state = state
        self._show(_("Sync: ") + " · ".join(parts))
        self.label.setToolTip(self._details())
        self.state_changed.emit()

    def _details(self) -> str:
        lines = []
        if self.offline_reason:
            lines.append(self.offline_reason)
        summary = self.last_summary
        if summary is not None:
            lines += summary.warnings + summary.quarantined + [_("Ignored: {name}").format(name=n) for n in summary.ignored]
        return "\n".join(lines)

    def _show(self, text: str) -> None:
        self.label.setText(text)

    def stop(self) -> None:
        self.timer.stop()
