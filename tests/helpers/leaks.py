"""A test must not leave work running behind it: a Python thread, a QThread (a window's worker not
shut down), a task on Qt's global thread pool, or an active QTimer (a tick on a closed window).
Left behind, they run into the next test: a late job writes into its store, a timer fires on a
half-deleted widget, and the failure shows up far from its cause.

``guard()`` is the autouse fixture's body (tests/conftest.py): it notes what runs before the test,
and after it (pytest-qt has closed the test's widgets by then) gives the work ``GRACE_S`` to end,
processing events meanwhile, then fails the test with what is still running.

Python's ``threading.enumerate()`` lists a foreign thread (a QThread that ran Python code) as a
``_DummyThread`` that never goes away, so those are left to the QThread check, which sees every
QThread started while the test ran (``QThread.start`` noted, once per process: ``track_qthreads``).
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Iterator

GRACE_S = 2.0

# Threads that outlive a test on purpose, by name; each says who starts it and why it may stay.
# None today: what module and session fixtures start (an Xvfb session, a FUSE share, a running
# app's output pump) runs before the snapshot is taken, so it counts as "before", not as left.
ALLOWED_THREADS: dict[str, str] = {}

_started: weakref.WeakSet = weakref.WeakSet()


def track_qthreads() -> None:
    """Note every QThread that starts from now on (the app's workers make theirs in their
    constructors, with no parent: nothing else finds them)."""
    from PySide6.QtCore import QThread

    if getattr(QThread.start, "_noted", False):
        return
    original = QThread.start

    def start(self, *args, **kwargs):
        _started.add(self)
        return original(self, *args, **kwargs)

    start._noted = True
    QThread.start = start


def _python_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate()
            if t.is_alive() and not isinstance(t, threading._DummyThread) and t.name not in ALLOWED_THREADS}


def _qthreads() -> set:
    out = set()
    for thread in list(_started):
        try:
            if thread.isRunning():
                out.add(thread)
        except RuntimeError:  # its C++ side is gone: it is not running
            pass
    return out


def _active_timers() -> list:
    """Active QTimers under the application object and under every top-level widget (shown or
    closed but not deleted)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return []
    roots = [app, *QApplication.topLevelWidgets()] if isinstance(app, QApplication) else [app]
    found, seen = [], set()
    for root in roots:
        for timer in root.findChildren(QTimer):
            if id(timer) not in seen and timer.isActive():
                seen.add(id(timer))
                found.append(timer)
    return found


def _pool_busy() -> int:
    from PySide6.QtCore import QThreadPool

    return QThreadPool.globalInstance().activeThreadCount()


def _describe_timer(timer) -> str:
    owner = timer.parent()
    where = f"{type(owner).__name__} {owner.objectName()!r}" if owner is not None else "no parent"
    return f"QTimer {timer.objectName()!r} every {timer.interval()} ms on {where}"


class Snapshot:
    """What runs at one moment: the threads, QThreads, busy pool threads and active timers."""

    def __init__(self):
        self.threads, self.qthreads = _python_threads(), _qthreads()
        self.pool = _pool_busy() if _qt_loaded() else 0
        self.timers = _active_timers() if _qt_loaded() else []  # held: their ids stay theirs

    def new_timers(self) -> list:
        known = {id(t) for t in self.timers}
        return [t for t in _active_timers() if id(t) not in known] if _qt_loaded() else []

    def leftovers(self) -> list[str]:
        """What runs now that did not then: empty when the test cleaned up."""
        out = [f"thread {t.name!r} ({t.__class__.__name__}, target {getattr(t, '_target', None)!r})"
               for t in _python_threads() - self.threads]
        out += [f"QThread {t.objectName()!r} ({type(t).__name__})" for t in _qthreads() - self.qthreads]
        if _qt_loaded() and (busy := _pool_busy()) > self.pool:
            out.append(f"{busy - self.pool} task(s) on QThreadPool.globalInstance()")
        return out + [_describe_timer(t) for t in self.new_timers()]


def _qt_loaded() -> bool:
    import sys

    return "PySide6.QtCore" in sys.modules


def _settle() -> None:
    if _qt_loaded():
        from PySide6.QtCore import QCoreApplication

        if QCoreApplication.instance() is not None:
            QCoreApplication.processEvents()
    time.sleep(0.02)


def guard() -> Iterator[None]:
    """Fail the test that leaves work running (see the module's docstring)."""
    before = Snapshot()
    yield
    deadline = time.monotonic() + GRACE_S
    while (left := before.leftovers()) and time.monotonic() < deadline:
        _settle()
    if left:
        for timer in before.new_timers():
            timer.stop()  # told once, here: it must not tick into the next test
        import pytest

        pytest.fail("the test left work running after it ended (tests/helpers/leaks.py):\n  "
                    + "\n  ".join(left), pytrace=False)
