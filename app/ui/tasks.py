"""Background work: every database, file and PDF job runs on ONE worker thread, never the GUI's.

One worker (as Anki does) keeps SQLite access serial without locks of our own. Results cross back
to the GUI thread by a queued signal as plain Python values (DTOs), never ORM objects. Tests use
``SyncRunner``, which runs the job at once on the calling thread through the same interface.
"""

from __future__ import annotations

import itertools
import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

log = logging.getLogger(__name__)
Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Worker(QObject):
    finished = Signal(int, object, object)  # job id, result, error

    @Slot(int, object)
    def run(self, job_id: int, fn: Callable[[], Any]) -> None:
        try:
            result, error = fn(), None
        except BaseException as exc:  # reported to the GUI thread, which decides
            log.debug("job %s failed: %s", job_id, "".join(traceback.format_exception(exc)))
            result, error = None, exc
        self.finished.emit(job_id, result, error)


class TaskRunner(QObject):
    """Queue ``fn`` on the worker; ``on_done(result)`` or ``on_error(exc)`` runs on the GUI thread."""

    _submit = Signal(int, object)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple[Done | None, Failed | None]] = {}
        self._thread = QThread()
        self._thread.setObjectName("fielddesk-worker")
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self._submit.connect(self._worker.run)
        self._worker.finished.connect(self._on_finished)
        self._thread.start()

    def submit(self, fn: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None) -> int:
        job_id = next(self._ids)
        self._pending[job_id] = (on_done, on_error)
        if len(self._pending) == 1:
            self.busy_changed.emit(True)
        self._submit.emit(job_id, fn)
        return job_id

    @Slot(int, object, object)
    def _on_finished(self, job_id: int, result: Any, error: BaseException | None) -> None:
        on_done, on_error = self._pending.pop(job_id, (None, None))
        if not self._pending:
            self.busy_changed.emit(False)
        if error is not None:
            if on_error is None:
                raise error  # a bug: the crash hook shows it
            on_error(error)
        elif on_done is not None:
            on_done(result)

    @property
    def idle(self) -> bool:
        return not self._pending

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Let queued jobs finish (bounded wait: a final sync at close), then stop the thread;
        True when everything finished in time."""
        import time

        from PySide6.QtCore import QCoreApplication

        deadline = time.monotonic() + timeout_ms / 1000
        while self._pending and time.monotonic() < deadline:
            QCoreApplication.processEvents()
            self._thread.wait(10)
        self._thread.quit()
        stopped = self._thread.wait(max(0, int((deadline - time.monotonic()) * 1000)) + 100)
        return bool(stopped) and not self._pending


class SyncRunner(QObject):
    """Same interface, run inline: for tests and the self-test, where order must be exact."""

    busy_changed = Signal(bool)

    def submit(self, fn: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None) -> int:
        try:
            result = fn()
        except BaseException as exc:
            if on_error is None:
                raise
            on_error(exc)
            return 0
        if on_done is not None:
            on_done(result)
        return 0

    @property
    def idle(self) -> bool:
        return True

    def shutdown(self, timeout_ms: int = 0) -> bool:
        return True
