"""Baseline of benchmark (b): the least a PySide6 window with three tabs costs to start and paint.

Run as ``python -m tests.bench.bare_window`` the way ``python -m app gui --self-test`` is run. The
first-paint time is measured like the app's: from just after Qt is imported to the first Paint event.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, QObject
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


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    tabs = QTabWidget(window)
    for n in range(1, 4):
        tabs.addTab(QLabel(f"Tab {n}"), f"Tab {n}")
    window.setCentralWidget(tabs)
    window.resize(1200, 760)
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
