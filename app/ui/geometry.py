"""The main window's place on the screen: it opens within the screen's free area (the taskbar
left alone), comes back where it was closed, and is moved back on screen when it is not.

The smallest screen FieldDesk is made for is a 1366×768 laptop: a Windows taskbar takes 40–48 px
and a title bar ~30 px, so a window's frame has 1366×720 and its contents 1366×690. Every page and
dialog is laid out to fit that (tests/gui/test_window_fit.py); this module only sizes and places
the window. See docs/dev/window_fit.md.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QByteArray, QEvent, QMargins, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from app.errors import FieldDeskError

log = logging.getLogger(__name__)

SCREEN = QSize(1366, 768)  # the smallest laptop screen
TASKBAR = 48
TITLE_BAR = 30
FRAME_BUDGET = QSize(SCREEN.width(), SCREEN.height() - TASKBAR)  # 1366×720: the window with its frame
CONTENT_BUDGET = QSize(FRAME_BUDGET.width(), FRAME_BUDGET.height() - TITLE_BAR)  # 1366×690
PREFERRED = QSize(1440, 900)  # on a larger screen the window opens this big, not over all of it
# Until the window manager has framed the window (X11 does so after it is shown) its frame is
# unknown: assume a title bar and thin borders, and correct once the real frame is known.
ASSUMED_FRAME = QMargins(1, TITLE_BAR, 1, 1)
SETTLE_SECONDS = 3.0  # after the first show, how long the real frame is waited for
SETTLE_CHECKS_MS = (50, 200, 500, 1500)
_pretended: tuple[QRect, QMargins] | None = None


def pretend_screen(available: QRect | None, frame: QMargins = ASSUMED_FRAME) -> None:
    """Stand for a screen's free area and a window frame where the platform has neither (the
    offscreen platform of the tests and the screenshots is 800×800 with a 2 px frame). None goes
    back to the real screen."""
    global _pretended
    _pretended = None if available is None else (QRect(available), QMargins(frame))


def frame_margins(window: QWidget) -> QMargins:
    """The window's frame as the window manager drew it, or ASSUMED_FRAME before it has."""
    if _pretended is not None:
        return _pretended[1]
    frame, inner = window.frameGeometry(), window.geometry()
    real = QMargins(inner.left() - frame.left(), inner.top() - frame.top(),
                    frame.right() - inner.right(), frame.bottom() - inner.bottom())
    return real if window.isVisible() and not real.isNull() else ASSUMED_FRAME


def frame_of(window: QWidget, margins: QMargins | None = None) -> QRect:
    """The window's rectangle with its frame (``margins``, else the real or assumed one)."""
    return window.geometry().marginsAdded(margins if margins is not None else frame_margins(window))


def fitted(frame: QRect, available: QRect) -> QRect:
    """``frame`` shrunk to ``available`` where it is larger, then moved inside it."""
    width, height = min(frame.width(), available.width()), min(frame.height(), available.height())
    x = min(max(frame.x(), available.x()), available.x() + available.width() - width)
    y = min(max(frame.y(), available.y()), available.y() + available.height() - height)
    return QRect(x, y, width, height)


def first_frame(available: QRect) -> QRect:
    """Where a window opens the first time: PREFERRED or the whole free area if smaller, centred."""
    size = PREFERRED.boundedTo(available.size())
    return QRect(available.x() + (available.width() - size.width()) // 2,
                 available.y() + (available.height() - size.height()) // 2, size.width(), size.height())


def available_area(window: QWidget) -> QRect:
    """The free area (taskbar excluded) of the screen the window is on, or of the primary one."""
    if _pretended is not None:
        return _pretended[0]
    centre = window.geometry().center()
    screen = QGuiApplication.screenAt(centre) or window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def place_window(window: QWidget, saved: str = "", available: QRect | None = None,
                 margins: QMargins | None = None) -> QRect:
    """Size and place ``window`` before it is shown: as it was saved (``saved_geometry``) if
    that is valid, else at first_frame; in both cases within ``available`` (default: the screen's
    free area), its frame taken as ``margins`` (default: the real or assumed one). Returns the
    frame rectangle it was given."""
    restored = False
    if saved:
        restored = window.restoreGeometry(QByteArray.fromBase64(saved.encode("ascii", "ignore")))
    area = available if available is not None else available_area(window)
    if restored and window.windowState() & (Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen):
        return area  # the window manager fits a maximised window itself
    margins = margins if margins is not None else frame_margins(window)
    if restored:
        frame = frame_of(window, margins)
    else:
        frame = first_frame(area)
    frame = fitted(frame, area)
    window.setGeometry(frame.marginsRemoved(margins))
    return frame


def keep_on_screen(window: QWidget, available: QRect | None = None, margins: QMargins | None = None) -> bool:
    """Move and shrink a shown window whose frame leaves the free area. True when it had to."""
    if window.windowState() & (Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen):
        return False
    area = available if available is not None else available_area(window)
    margins = margins if margins is not None else frame_margins(window)
    frame = frame_of(window, margins)
    if area.contains(frame):
        return False
    window.setGeometry(fitted(frame, area).marginsRemoved(margins))
    return True


def fit_dialog(dialog: QWidget, width: int, height: int) -> None:
    """Resize a dialog to ``width``×``height``, less where the screen's free area is smaller."""
    room = available_area((dialog.parentWidget() or dialog).window()).marginsRemoved(frame_margins(dialog)).size()
    dialog.resize(QSize(width, height).boundedTo(room))


def saved_geometry(window: QWidget) -> str:
    return bytes(window.saveGeometry().toBase64()).decode("ascii")


class WindowPlacement(QObject):
    """Installed on the main window by ``fit_window``: places it at its first show, keeps its frame
    on screen once the window manager has drawn it, and keeps its geometry in the settings."""

    def __init__(self, window: QWidget, settings, settings_path):
        super().__init__(window)
        self.window, self.settings, self.settings_path = window, settings, settings_path
        self.placed = False
        self.settle_until = 0.0
        window.installEventFilter(self)

    def place(self) -> None:
        """Size and place the window now, before ``show()``: the window manager then maps it
        where it belongs (placed from the Show event, X11 could map it at the origin first and
        keep it there). Called again by the Show event, it does nothing."""
        if self.placed:
            return
        self.placed = True
        place_window(self.window, self.settings.window_geometry)
        self.settle_until = time.monotonic() + SETTLE_SECONDS
        for ms in SETTLE_CHECKS_MS:  # the frame arrives a moment after the window is mapped
            QTimer.singleShot(ms, self._settle)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind == QEvent.Type.Show and not self.placed:
            self.place()
        elif kind in (QEvent.Type.Move, QEvent.Type.Resize) and time.monotonic() < self.settle_until:
            QTimer.singleShot(0, self._settle)
        elif kind == QEvent.Type.Close:
            self.save()
        return False

    def resettle(self) -> None:
        """The contents changed their minimum size after the show (the tabs composed behind the
        first frame): keep the frame on screen again, as just after the first show."""
        if not self.placed or not self.window.isVisible():
            return
        self.settle_until = time.monotonic() + SETTLE_SECONDS
        for ms in (0, *SETTLE_CHECKS_MS):
            QTimer.singleShot(ms, self._settle)

    def _settle(self) -> None:
        if self.window.isVisible():
            keep_on_screen(self.window)

    def save(self) -> None:
        """Keep the geometry for the next start; a settings file that cannot be written loses
        only that (the close goes on)."""
        self.settings.window_geometry = saved_geometry(self.window)
        try:
            self.settings.save(self.settings_path)
        except FieldDeskError as exc:
            log.warning("window geometry not saved: %s", exc)


def fit_window(window: QWidget, ctx) -> WindowPlacement:
    """The one call the main window makes."""
    return WindowPlacement(window, ctx.settings, ctx.paths.settings)
