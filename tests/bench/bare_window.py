"""Baseline of benchmark (b): the least a PySide6 window with three tabs costs to start and paint.

Run as ``python -m tests.bench.bare_window`` the way ``python -m app gui --self-test`` is run. The
first-paint time is measured like the app's: from just after Qt is imported to the first Paint event.

With ``FIELDDESK_PAINT_STAMP`` set (benchmark (o), tests/bench/xwindow.py) it stamps its first
frame exactly as the app does (app/ui/paint_stamp.py, copied here so the baseline imports no app
code): ``paint`` on the loop turn after the first Paint, ``data`` at the same moment (a bare
window has nothing more to show), then it stays open until it is terminated, like the app.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QTabWidget

STARTED = time.perf_counter()


class FirstPaint(QObject):
    def __init__(self):
        super().__init__()
        self.at: float | None = None

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if self.at is None and event.type() == QEvent.Type.Paint:
            self.at = time.perf_counter()
        return False


def stamp(*events: str) -> None:
    with open(os.environ["FIELDDESK_PAINT_STAMP"], "a", encoding="utf-8") as fh:
        for event in events:
            fh.write(f"{event} {time.monotonic():.6f}\n")


class FirstFrame(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        window.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if obj is self.window and event.type() == QEvent.Type.Paint:
            self.window.removeEventFilter(self)
            QTimer.singleShot(0, lambda: stamp("paint", "data"))
        return False


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    tabs = QTabWidget(window)
    for n in range(1, 4):
        tabs.addTab(QLabel(f"Tab {n}"), f"Tab {n}")
    window.setCentralWidget(tabs)
    window.resize(1200, 760)
    if os.environ.get("FIELDDESK_PAINT_STAMP"):
        FirstFrame(window)
        window.show()
        return app.exec()
    watcher = FirstPaint()
    window.installEventFilter(watcher)
    window.show()
    deadline = time.perf_counter() + 30
    while watcher.at is None and time.perf_counter() < deadline:
        app.processEvents()
    if watcher.at is None:
        print("bare window: no paint within 30 s", file=sys.stderr)
        return 1
    print(f"bare window ok: first paint {watcher.at - STARTED:.3f} s, {tabs.count()} tabs")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
