"""The guard of tests/conftest.py (tests/helpers/leaks.py) can fail: pytest runs a tiny test file
whose tests each leave one kind of work running, and every one of them is failed by name; work that
ends within the grace period, and a thread allowed by name, pass."""

from __future__ import annotations

import textwrap

from tests.helpers.paths import ROOT

CONFTEST = """
import pytest

from tests.helpers import leaks

leaks.track_qthreads()
leaks.ALLOWED_THREADS["on-purpose"] = "started by this file's last test, allowed to show the list works"


@pytest.fixture(autouse=True)
def _no_work_left_running():
    yield from leaks.guard()
"""

LEAKY = """
import threading
import time

from PySide6.QtCore import QThread, QThreadPool, QTimer

KEEP = []


def test_leaves_a_thread():
    stop = threading.Event()
    KEEP.append(stop)
    threading.Thread(target=stop.wait, name="left-behind", daemon=True).start()


def test_leaves_a_timer(qapp):
    timer = QTimer(qapp)
    timer.setObjectName("ticking-on")
    timer.start(1000)
    KEEP.append(timer)


class Sleeper(QThread):
    def run(self):
        self.msleep(3500)


def test_leaves_a_qthread(qapp):
    thread = Sleeper()
    thread.setObjectName("still-sleeping")
    KEEP.append(thread)
    thread.start()


def test_leaves_a_pool_task(qapp):
    QThreadPool.globalInstance().start(lambda: time.sleep(3.5))


def test_work_that_ends_within_the_grace_passes(qapp):
    threading.Thread(target=time.sleep, args=(0.3,), name="short").start()
    QTimer.singleShot(200, lambda: None)


def test_a_thread_allowed_by_name_passes():
    stop = threading.Event()
    KEEP.append(stop)
    threading.Thread(target=stop.wait, name="on-purpose", daemon=True).start()
"""


def test_the_guard_fails_each_kind_of_leftover_work(pytester, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    pytester.makeconftest(textwrap.dedent(CONFTEST))
    pytester.makepyfile(test_leaky=textwrap.dedent(LEAKY))
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-q", timeout=120)
    out = result.stdout.str()
    result.assert_outcomes(passed=6, errors=4)  # each leaking test passes its body, then fails at teardown
    for test, said in [("test_leaves_a_thread", "thread 'left-behind'"),
                       ("test_leaves_a_timer", "QTimer 'ticking-on' every 1000 ms"),
                       ("test_leaves_a_qthread", "QThread 'still-sleeping' (Sleeper)"),
                       ("test_leaves_a_pool_task", "1 task(s) on QThreadPool.globalInstance()")]:
        assert f"ERROR at teardown of {test}" in out, out
        assert said in out, out
    for clean in ("test_work_that_ends_within_the_grace_passes", "test_a_thread_allowed_by_name_passes"):
        assert f"teardown of {clean}" not in out, out
