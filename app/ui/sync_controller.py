"""Background sync, never on the GUI thread and never on the database worker: at start, every N
minutes while enabled, on demand (toolbar button, F5) and once at close (bounded wait). Rounds run
on the share worker (``tasks.ShareRunner``), so a share that hangs delays no mark; the status bar
says when it last worked, what still waits to go out, whether the share is reachable or not
answering, and any warning."""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QStatusBar

from app.errors import FieldDeskError, NoWardKey, UnavailableError, UserError
from app.i18n import _
from app.services.admin import sync as service
from app.ui.tasks import share_runner_for
from app.ui.widgets.fit import ElidedLabel

log = logging.getLogger(__name__)
NOT_ANSWERING_S = 5  # one share call this long: the status bar says the share is not answering
CLOSE_WAIT_MS = 10_000  # the last round at close waits this long at most


class SyncController(QObject):
    progress = Signal(int, int)  # files done, files to do (emitted from the worker thread)
    finished = Signal(object)  # SyncSummary
    failed = Signal(str)
    state_changed = Signal()

    def __init__(self, ctx, runner, status_bar: QStatusBar, parent=None, share_runner=None, show_state: bool = True):
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner  # the database worker: the state shown in the status bar
        self.share_runner = share_runner if share_runner is not None else share_runner_for(runner)
        self.running = False
        self.closed = False  # after the last round at close: no more rounds
        self.paused = False  # while a restore swaps the store's file: no round may start
        self.not_answering = 0.0  # seconds the running round has waited on one share call
        self.last_ok: datetime | None = None
        self.last_summary = None
        self.offline_reason = ""
        self.no_key = False
        self.label = ElidedLabel(parent=status_bar)  # a long state must not widen the window
        self.label.setObjectName("sync_status")
        status_bar.addPermanentWidget(self.label)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.sync)
        self.watchdog = QTimer(self)  # while a round runs: is the share answering?
        self.watchdog.setInterval(500)
        self.watchdog.timeout.connect(self._watch)
        self.progress.connect(self._show_progress)
        self.apply_settings(show_state)  # at start-up the window asks later: behind the first data

    def apply_settings(self, show_state: bool = True) -> None:
        settings = self.ctx.settings
        self.timer.stop()
        if settings.sync_enabled and settings.share_folder:
            self.timer.start(max(1, settings.sync_interval_minutes) * 60_000)
        if show_state:
            self.refresh_state()

    def sync(self) -> None:
        """One round on the worker; a second request while one runs is dropped, not queued."""
        if self.running or self.closed or self.paused or not self.ctx.settings.share_folder:
            if not self.ctx.settings.share_folder:
                self._show(_("Sync: no shared folder set (Settings)"))
            return
        self.running = True
        self.not_answering = 0.0
        self._show(_("Sync: running…"))
        store, settings = self.ctx.store, self.ctx.settings
        self.watchdog.start()
        self.share_runner.submit(lambda: service.sync_now(store, settings, progress=self.progress.emit),
                                 self._done, self._failed)

    def _watch(self) -> None:
        stuck = getattr(self.share_runner, "stuck_seconds", lambda: 0.0)()
        if stuck < NOT_ANSWERING_S:
            if self.not_answering:
                self.not_answering = 0.0
                self._show(_("Sync: running…"))
            return
        self.not_answering = stuck
        waiting = getattr(getattr(self, "state", None), "waiting", None)
        text = _("Sync: the shared folder is not answering ({seconds} s) · your work is saved on this laptop").format(
            seconds=int(stuck))
        if waiting:
            text += " · " + _("{n} changes waiting to go out").format(n=waiting)
        self._show(text)
        self.label.setToolTip(_("The shared folder {folder} has not answered for {seconds} s (the server or the "
                                "network may be down). Marking and editing go on as usual; the changes go out "
                                "when the folder answers again.").format(folder=self.ctx.settings.share_folder,
                                                                          seconds=int(stuck)))

    def _show_progress(self, done: int, total: int) -> None:
        if total > 3:
            self._show(_("Sync: importing {done} / {total} files…").format(done=done, total=total))

    def _done(self, summary) -> None:
        self.running = False
        self.watchdog.stop()
        self.not_answering = 0.0
        self.last_ok = datetime.now()
        self.last_summary = summary
        self.offline_reason = ""
        self.finished.emit(summary)
        self.refresh_state()

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        self.watchdog.stop()
        self.not_answering = 0.0
        if isinstance(exc, UnavailableError | UserError):
            self.offline_reason = str(exc)
            self.no_key = isinstance(exc, NoWardKey)  # not a network matter: the status bar says which
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
            parts.append(_("no ward key") if self.no_key else _("offline"))
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

    def finish(self, timeout_ms: int = CLOSE_WAIT_MS) -> bool:
        """At close: one last round (when sync is on), waited for at most ``timeout_ms``, so a share
        that does not answer cannot hold the close for ever; True when it finished. Nothing is
        lost otherwise: the changes wait in the store and go out at the next start."""
        self.stop()
        if self.closed:
            return True
        self.closed = True
        settings = self.ctx.settings
        if settings.sync_enabled and settings.share_folder and not self.running:
            self.sync()
        if self.running:
            self._show(_("Sync: the last sync before closing (at most {seconds} s)…").format(seconds=timeout_ms // 1000))
        done = self.share_runner.shutdown(timeout_ms)
        self.watchdog.stop()
        if not done:
            log.warning("closed without the last sync: the shared folder %s did not answer within %d s; "
                        "the changes wait on this laptop", settings.share_folder, timeout_ms // 1000)
        return done
