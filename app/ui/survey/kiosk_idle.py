"""A kiosk left mid-answer must not show one person's answers to the next.

After ``idle_ms`` without a key, click, wheel or touch anywhere in the app, a kiosk that is not on
its start page warns in large type; after ``grace_ms`` more it returns to the start page, which
empties every field (an unsent answer was never saved, so nothing saved is lost). Any input
during the warning cancels it. Nothing runs while the start page shows.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

IDLE_MS = 180_000  # 3 minutes: long enough to think about a proposal, short enough for a queue
GRACE_MS = 30_000
INPUT = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel, QEvent.Type.TouchBegin,
         QEvent.Type.InputMethod}


class IdleReset(QObject):
    def __init__(self, kiosk, *, idle_ms: int = IDLE_MS, grace_ms: int = GRACE_MS):
        super().__init__(kiosk)
        self.kiosk = kiosk
        self.idle = QTimer(self, singleShot=True, interval=idle_ms)
        self.idle.timeout.connect(self._warn)
        self.grace = QTimer(self, singleShot=True, interval=grace_ms)
        self.grace.timeout.connect(self._reset)
        kiosk.pages.currentChanged.connect(lambda _index: self.touch())
        QApplication.instance().installEventFilter(self)
        kiosk.destroyed.connect(self.stop)

    def eventFilter(self, _watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() in INPUT:
            self.touch()
        return False

    def touch(self) -> None:
        """Someone is here: cancel a warning and count the idle time from now (not on the start page)."""
        if self.grace.isActive():
            self.grace.stop()
            self.kiosk.show_idle_warning(False)
        if self.kiosk.pages.currentIndex() == 0:
            self.idle.stop()
        else:
            self.idle.start()

    def stop(self) -> None:
        self.idle.stop()
        self.grace.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def _warn(self) -> None:
        if self.kiosk.pages.currentIndex() != 0:
            self.kiosk.show_idle_warning(True)
            self.grace.start()

    def _reset(self) -> None:
        self.kiosk.show_idle_warning(False)
        self.kiosk.show_start()
