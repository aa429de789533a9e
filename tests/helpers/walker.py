"""Walk every action a user can reach in a window, through the real widgets, and answer every dialog.

Generic on purpose: actions and buttons are discovered by walking the widget tree (menus and their
sub-menus, tool bars, the window's own actions, and every visible, enabled QPushButton/QToolButton
on every page of every tab widget and stacked widget), so a new button is covered without a test
edit. Each dialog that opens — modal (``exec()``, static ``QFileDialog``/``QInputDialog``
helpers) or window-modal (``open()``) — is either accepted (its accept button is clicked, so the
dialog's own validation runs) or cancelled; a file dialog is pointed into a scratch folder first,
so nothing is ever written outside it. Crashes are caught by the test's ``sys.excepthook``.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QToolButton,
    QWidget,
)


def _alive(widget) -> bool:
    try:
        widget.objectName()
    except RuntimeError:  # the C++ object is gone
        return False
    return True


def menu_actions(menu: QMenu, path: str = "") -> Iterator[tuple[str, QAction]]:
    """Every action of ``menu`` and its sub-menus, with a readable path (ファイル > 取り込み…)."""
    for action in menu.actions():
        if action.isSeparator():
            continue
        name = f"{path} > {action.text()}" if path else action.text()
        if action.menu() is not None:
            yield from menu_actions(action.menu(), name)
        else:
            yield name, action


def window_actions(window) -> list[tuple[str, QAction]]:
    """Menus, tool bars and the window's own (shortcut-only) actions, each once."""
    found: list[tuple[str, QAction]] = []
    seen: set[int] = set()

    def add(name: str, action: QAction) -> None:
        if id(action) not in seen and not action.isSeparator() and action.menu() is None:
            seen.add(id(action))
            found.append((name, action))

    for top in window.menuBar().actions():
        if top.menu() is not None:
            for name, action in menu_actions(top.menu(), top.text()):
                add(f"menu {name}", action)
    for toolbar in window.findChildren(QToolBar):
        for action in toolbar.actions():
            add(f"toolbar {toolbar.windowTitle()} > {action.text()}", action)
    for action in window.actions():
        add(f"window action {action.text()}", action)
    return found


def reveal(widget: QWidget, root: QWidget) -> bool:
    """Make ``widget`` current in every tab widget above it, as a user clicking the tabs would;
    False when a page the program switches (a plain stacked widget) hides it, or a tab is disabled."""
    child, parent = widget, widget.parentWidget()
    while parent is not None and child is not root:
        if isinstance(parent, QStackedWidget) and isinstance(parent.parentWidget(), QTabWidget):
            tabs = parent.parentWidget()
            index = tabs.indexOf(child)
            if index < 0 or not tabs.isTabEnabled(index):
                return False
            tabs.setCurrentIndex(index)
        elif isinstance(parent, QStackedWidget) and parent.currentWidget() is not child:
            return False
        child, parent = parent, parent.parentWidget()
    return True


def pages(root: QWidget) -> Iterator[tuple[str, Callable[[], bool]]]:
    """Every page of every tab widget below ``root`` (the user switches those; stacked widgets
    are switched by the program, so only what it shows is walked): (name, make it current)."""
    for container in [root, *root.findChildren(QTabWidget)]:
        if not isinstance(container, QTabWidget):
            continue
        for index in range(container.count()):
            name = f"{container.objectName() or type(container).__name__}[{container.tabText(index)}]"

            def show(container=container, index=index) -> bool:
                if not _alive(container) or not container.isTabEnabled(index) or not reveal(container, root):
                    return False
                container.setCurrentIndex(index)
                return container.isVisible()

            yield name, show


def clickable(root: QWidget) -> list[QAbstractButton]:
    return [b for b in root.findChildren(QAbstractButton)
            if isinstance(b, QPushButton | QToolButton) and b.isVisible() and b.isEnabled()
            and b.window() is root.window()]


def select_first_rows(root: QWidget) -> None:
    """A current row in every visible list, so buttons that need a selection are enabled too."""
    for view in root.findChildren(QAbstractItemView):
        if view.isVisible() and view.model() is not None and view.model().rowCount() > 0 \
                and not view.currentIndex().isValid():
            view.setCurrentIndex(view.model().index(0, 0))


@dataclass
class Walker:
    """``accept``: answer dialogs with their accept button, and click each page's buttons last to
    first (a button that changes the page — the welcome page's sample data — hides its siblings);
    else cancel them, first to last."""

    window: QWidget
    scratch: Path
    accept: bool
    settle: Callable[[], None]  # wait until background work is done (the runner is idle)
    done: list[str] = field(default_factory=list)
    answered: list[str] = field(default_factory=list)
    _tries: dict[int, int] = field(default_factory=dict)
    _answering: set[int] = field(default_factory=set)

    # -- dialogs -----------------------------------------------------------------------------------
    def _foreign_windows(self) -> list[QWidget]:
        return [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not self.window]

    def answer_dialogs(self) -> None:
        """Answer what is open now: first try to accept (when accepting), then cancel, then close.
        Each answer runs from the event loop, not from here: an answer that opens another modal
        dialog (overwrite?) blocks, and this timer must stay free to answer that one too."""
        for widget in self._foreign_windows():
            if id(widget) in self._answering:
                continue
            self._answering.add(id(widget))
            QTimer.singleShot(0, lambda w=widget: self._answer(w))

    def _answer(self, widget: QWidget) -> None:
        try:
            if _alive(widget) and widget.isVisible():
                self._answer_now(widget)
        finally:
            self._answering.discard(id(widget))

    def _answer_now(self, widget: QWidget) -> None:
        tries = self._tries.get(id(widget), 0)
        self._tries[id(widget)] = tries + 1
        title = widget.windowTitle() or type(widget).__name__
        if tries == 0:
            self.answered.append(f"{type(widget).__name__} {title!r}")
        if os.environ.get("WALKER_TRACE"):
            print(f"walker:   answer {type(widget).__name__} {title!r} try {tries}", file=sys.__stderr__, flush=True)
        if isinstance(widget, QMenu):  # a tool button's pop-up menu: looked at, closed
            widget.close()
        elif isinstance(widget, QFileDialog):
            self._answer_file_dialog(widget, tries)
        elif isinstance(widget, QDialog):
            if self.accept and tries == 0 and self._click_accept(widget):
                return
            if tries <= 1:
                widget.reject()
            else:
                widget.done(QDialog.DialogCode.Rejected)
                widget.hide()
        else:  # a non-modal tool window (preview, guide): the user closes it
            widget.close()

    def _answer_file_dialog(self, dialog: QFileDialog, tries: int) -> None:
        if self.accept and tries == 0 and dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave:
            suggested = (dialog.selectedFiles() or ["walked.out"])[0]
            dialog.setDirectory(str(self.scratch))
            dialog.selectFile(str(self.scratch / (Path(suggested).name or "walked.out")))
            dialog.accept()
        else:
            dialog.reject()

    @staticmethod
    def _click_accept(dialog: QDialog) -> bool:
        if isinstance(dialog, QMessageBox):
            button = dialog.defaultButton() or next(
                (b for b in dialog.buttons() if dialog.buttonRole(b) in (
                    QMessageBox.ButtonRole.AcceptRole, QMessageBox.ButtonRole.YesRole)), None)
            if button is None:
                return False
            button.click()
            return True
        for box in dialog.findChildren(QDialogButtonBox):
            for button in box.buttons():
                if box.buttonRole(button) in (QDialogButtonBox.ButtonRole.AcceptRole,
                                              QDialogButtonBox.ButtonRole.YesRole) and button.isEnabled():
                    button.click()
                    return True
        return False

    # -- one step ------------------------------------------------------------------------------------
    def step(self, name: str, trigger: Callable[[], None], timeout: float = 60) -> None:
        """Trigger, then keep answering dialogs until nothing is open and no work is queued."""
        if os.environ.get("WALKER_TRACE"):
            print(f"walker: {name}", file=sys.__stderr__, flush=True)
        timer = QTimer()
        timer.setInterval(30)
        timer.timeout.connect(self.answer_dialogs)  # runs inside exec() of a modal dialog, too
        timer.start()
        try:
            trigger()
            deadline = time.monotonic() + timeout
            quiet = 0
            while quiet < 3:
                self.settle()
                QApplication.processEvents()
                self.answer_dialogs()
                QApplication.processEvents()
                quiet = quiet + 1 if not self._foreign_windows() else 0
                if time.monotonic() > deadline:
                    raise AssertionError(f"{name}: still open after {timeout:.0f} s: "
                                         f"{[w.windowTitle() for w in self._foreign_windows()]}")
                time.sleep(0.01)
        finally:
            timer.stop()
        self.done.append(name)

    # -- the whole window ------------------------------------------------------------------------------
    def walk_actions(self, skip: Callable[[QAction], bool] = lambda a: False) -> None:
        for name, action in window_actions(self.window):
            if _alive(action) and action.isEnabled() and action.isVisible() and not skip(action):
                self.step(name, action.trigger)

    def walk_buttons(self, root: QWidget, prefix: str = "") -> None:
        """Every visible, enabled button of ``root``, on every page of every tab/stacked widget."""
        clicked: set[int] = set()

        def click_visible(where: str) -> None:
            select_first_rows(root)
            buttons = clickable(root)
            for button in reversed(buttons) if self.accept else buttons:  # both orders over the two modes
                if id(button) in clicked or not _alive(button) or not (button.isVisible() and button.isEnabled()):
                    continue
                clicked.add(id(button))
                label = button.text() or button.toolTip() or button.objectName() or type(button).__name__
                self.step(f"{prefix}{where} button {label!r}",
                          lambda b=button: QTest.mouseClick(b, Qt.MouseButton.LeftButton))

        for _round in range(3):  # a click may show more (the welcome page's sample data shows the tabs)
            before = len(clicked)
            for where, show in list(pages(root)):
                if show():
                    QApplication.processEvents()
                    self.settle()
                    click_visible(where)
            click_visible("")
            if len(clicked) == before:
                break
