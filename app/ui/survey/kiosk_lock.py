"""While the kiosk is on, it is the only FieldDesk window anyone can see, focus or use.

The main window (whose 職員 tab shows names and housing addresses) and every other top-level
window are hidden when the kiosk starts and given back only after the PIN; a window that tries to
appear meanwhile (a message of a background job, the guide, a crash report) is hidden too and
given back with the others. Hidden, a window is unmapped: no window manager can bring it up with
Alt+Tab and no key reaches it. Found through ``QApplication.topLevelWidgets()``, so the kiosk needs
no wiring into the main window.

The kiosk itself covers the screen and stays on top with or without a window manager: its geometry
is set to the screen's (a bare X server ignores "full screen"), and whenever it is minimised,
un-fullscreened, sent to another desktop, lowered or loses the focus to nothing of its own, it takes
them back at once and again on a short timer (a window manager may act after the event).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

REASSERT_MS = 150  # after a window manager's action: soon, but after it is done
WATCH_MS = 500  # the steady check (focus to another program, a desktop switched away)


def owned_by(kiosk: QWidget, widget: QWidget) -> bool:
    """The kiosk or one of its own windows (the PIN dialog, the slip's preview, a popup)."""
    w: QWidget | None = widget
    while w is not None:
        if w is kiosk:
            return True
        w = w.parentWidget()
    return False


class KioskLock(QObject):
    def __init__(self, kiosk: QWidget):
        super().__init__(kiosk)
        self.kiosk = kiosk
        self.hidden: list[QWidget] = []  # in the order they were hidden; given back in that order
        self.engaged = False
        self.unexposed = 0  # steady checks in a row that found the kiosk unmapped
        self.reassert_timer = QTimer(self, singleShot=True, interval=REASSERT_MS)
        self.reassert_timer.timeout.connect(self.reassert)
        self.watch = QTimer(self, interval=WATCH_MS)
        self.watch.timeout.connect(self._check)

    # -- on and off ----------------------------------------------------------------------------
    def engage(self) -> None:
        """Hide every other top-level window, then show the kiosk over the whole screen."""
        self.engaged = True
        app = QApplication.instance()
        app.installEventFilter(self)
        for widget in app.topLevelWidgets():
            self._hide(widget)
        k = self.kiosk
        k.setWindowFlags(k.windowFlags() | Qt.WindowType.WindowStaysOnTopHint | Qt.WindowType.FramelessWindowHint)
        self._cover()
        self.watch.start()

    def release(self) -> list[QWidget]:
        """After the PIN: stop guarding and give the hidden windows back; returns them."""
        self.engaged = False
        self.watch.stop()
        self.reassert_timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        back, self.hidden = [w for w in self.hidden if _alive(w)], []
        for widget in back:
            widget.show()
        main = next((w for w in back if not w.parentWidget()), None)
        if main is not None:
            _raise(main)
            main.activateWindow()
        return back

    # -- guarding ------------------------------------------------------------------------------
    def _hide(self, widget: QWidget) -> None:
        if not widget.isWindow() or owned_by(self.kiosk, widget) or not widget.isVisible():
            return
        if widget.windowType() in (Qt.WindowType.ToolTip, Qt.WindowType.Popup):
            widget.hide()  # a tooltip or menu of a hidden window: nothing to give back
            return
        if widget not in self.hidden:
            self.hidden.append(widget)
        widget.hide()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            if not owned_by(self.kiosk, watched):
                QTimer.singleShot(0, lambda w=watched: self.engaged and _alive(w) and self._hide(w))
        elif watched is self.kiosk and kind in (QEvent.Type.WindowStateChange, QEvent.Type.WindowDeactivate,
                                                QEvent.Type.Hide):
            self.reassert_timer.start()
        return False

    def _check(self) -> None:
        app = QApplication.instance()
        active = app.activeWindow() if app is not None else None
        covered = self.kiosk.windowState() & Qt.WindowState.WindowFullScreen
        exposed = self.kiosk.windowHandle() is not None and self.kiosk.windowHandle().isExposed()
        self.unexposed = 0 if exposed else self.unexposed + 1
        if self.unexposed >= 2:  # unmapped by the window manager (show desktop, another desktop): map it afresh
            self.unexposed = 0
            self.kiosk.hide()
        if active is None or not owned_by(self.kiosk, active) or not covered or not exposed:
            self.reassert()

    def reassert(self) -> None:
        """Full screen, on top, focused: unless one of the kiosk's own windows has the focus."""
        if not self.engaged:
            return
        active = QApplication.activeWindow()
        own_dialog = active is not None and active is not self.kiosk and owned_by(self.kiosk, active)
        if own_dialog:
            return
        self._cover()

    def _cover(self) -> None:
        k = self.kiosk
        screen = k.screen() or QApplication.primaryScreen()
        if screen is not None:
            k.setGeometry(screen.geometry())  # without a window manager nobody else makes it so
        k.setWindowState((k.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowFullScreen)
        k.show()
        _raise(k)
        k.activateWindow()


def _raise(widget: QWidget) -> None:
    if QApplication.platformName() != "offscreen":  # which has no stacking to raise in
        widget.raise_()


def _alive(widget: QWidget) -> bool:
    try:
        widget.objectName()
    except RuntimeError:  # deleted on the C++ side meanwhile (WA_DeleteOnClose)
        return False
    return True
