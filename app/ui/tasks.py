"""Background work: every database, file and PDF job runs on ONE worker thread, never the GUI's;
share I/O (sync rounds) runs on a second one (``ShareRunner``), so a hanging share never waits
in front of a mark.

One worker (as Anki does) keeps SQLite access serial without locks of our own. Results cross back
to the GUI thread by a queued signal as plain Python values (DTOs), never ORM objects. Tests use
``SyncRunner``, which runs the job at once on the calling thread through the same interface.

Every job gets the environmental-error path by default (``deliver``): a failure the user can act
on (``FieldDeskError``: bad input, share gone, disk full, read-only, store locked; or a raw OSError
of that kind) goes to the runner's ``on_expected`` (the window shows a plain message), whether the
job has no handler or its handler passes the error on. Only bugs reach the crash hook.
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


def deliver(result: Any, error: BaseException | None, on_done: Done | None, on_error: Failed | None,
            on_expected: Failed | None) -> None:
    """Hand a finished job's outcome to its callbacks, on the GUI thread. An error goes to the
    job's ``on_error`` first; one it does not handle (none given, or raised again) goes to
    ``on_expected`` when it is environmental, else it is raised: a bug, for the crash hook."""
    if error is None:
        if on_done is not None:
            on_done(result)
        return
    from app.errors import environmental

    expected = environmental(error)
    if on_error is not None:
        try:
            on_error(error)
            return
        except BaseException as raised:
            if raised is not error or expected is None or on_expected is None:
                raise
    if expected is not None and on_expected is not None:
        log.info("job failed (environment): %s", expected)
        on_expected(expected)
        return
    raise error  # a bug: the crash hook shows it


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


class _Runner(QObject):
    """What both workers share: the book of pending jobs, the busy signal, and delivering each
    result on the GUI thread (``deliver``: environmental failures told, bugs to the crash hook)."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple[Done | None, Failed | None]] = {}
        self.on_expected: Failed | None = None  # where an environmental failure is told (the window)

    def _book(self, on_done: Done | None, on_error: Failed | None) -> int:
        job_id = next(self._ids)
        self._pending[job_id] = (on_done, on_error)
        if len(self._pending) == 1:
            self.busy_changed.emit(True)
        return job_id

    @Slot(int, object, object)
    def _on_finished(self, job_id: int, result: Any, error: BaseException | None) -> None:
        on_done, on_error = self._pending.pop(job_id, (None, None))
        if not self._pending:
            self.busy_changed.emit(False)
        deliver(result, error, on_done, on_error, self.on_expected)

    @property
    def idle(self) -> bool:
        return not self._pending


class TaskRunner(_Runner):
    """Queue ``fn`` on the worker; ``on_done(result)`` or ``on_error(exc)`` runs on the GUI thread."""

    _submit = Signal(int, object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("fielddesk-worker")
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self._submit.connect(self._worker.run)
        self._worker.finished.connect(self._on_finished)
        self._thread.start()

    def submit(self, fn: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None) -> int:
        job_id = self._book(on_done, on_error)
        self._submit.emit(job_id, fn)
        return job_id

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

    on_expected: Failed | None = None

    def submit(self, fn: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None) -> int:
        try:
            result, error = fn(), None
        except BaseException as exc:
            result, error = None, exc
        deliver(result, error, on_done, on_error, self.on_expected)
        return 0

    @property
    def idle(self) -> bool:
        return True

    def shutdown(self, timeout_ms: int = 0) -> bool:
        return True


class ShareRunner(_Runner):
    """The second worker: share I/O only (sync rounds), so a share that hangs for minutes never
    delays a mark or a screen update, which keep the first worker. The round opens its own SQLite
    connection (WAL: readers and one writer at a time) and never holds the write lock across a
    share call (app/sync/round.py).

    A Python daemon thread, not a QThread: a call blocked in a share that does not answer cannot be
    stopped, and Qt aborts the process when a running QThread is destroyed ("QThread: Destroyed
    while thread is still running"). A daemon thread is left behind at exit, so closing the window
    with a hanging share is bounded (``shutdown``). Same interface as ``TaskRunner``.
    """

    _finished = Signal(int, object, object)  # emitted from the share thread: queued to the GUI thread

    def __init__(self, parent: QObject | None = None):
        import queue
        import threading

        from app.sync.watch import CallWatch

        super().__init__(parent)
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._closed = False
        self._finished.connect(self._on_finished)
        self._thread = threading.Thread(target=self._loop, name="fielddesk-share", daemon=True)
        self._thread.start()
        self._watch = CallWatch(self._thread.ident)

    def _loop(self) -> None:
        while (item := self._jobs.get()) is not None:
            job_id, fn = item
            try:
                result, error = fn(), None
            except BaseException as exc:  # reported to the GUI thread, which decides
                log.debug("share job %s failed: %s", job_id, "".join(traceback.format_exception(exc)))
                result, error = None, exc
            if self._closed:
                continue  # the window is gone: nobody to tell
            try:
                self._finished.emit(job_id, result, error)
            except RuntimeError:  # the runner was deleted while the job hung
                return

    def submit(self, fn: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None) -> int:
        job_id = self._book(on_done, on_error)
        self._jobs.put((job_id, fn))
        return job_id

    def stuck_seconds(self) -> float:
        """How long the running job has been inside one call (a share that does not answer)."""
        return self._watch.sample() if self._pending else 0.0

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Let queued jobs finish for at most ``timeout_ms``, then stop; True when all finished.
        A job still hanging in the share is left behind (nothing is lost: its changes wait in
        the store and go out at the next start)."""
        import time

        from PySide6.QtCore import QCoreApplication

        deadline = time.monotonic() + timeout_ms / 1000
        while self._pending and time.monotonic() < deadline:
            QCoreApplication.processEvents()
            self._thread.join(0.01)
        self._closed = True
        self._jobs.put(None)
        self._thread.join(0.1)
        return not self._pending


def share_runner_for(runner) -> Any:
    """The share worker that goes with ``runner``: its own thread beside a ``TaskRunner``; the same
    inline runner for a ``SyncRunner`` (tests and the self-test, where order must be exact)."""
    return runner if isinstance(runner, SyncRunner) else ShareRunner()
