"""Walking the window as a user would: every page of every tab, the first row of each list, and every
dialog a … button or menu entry opens (one level of their own … buttons too), each looked at and
closed again without accepting anything. The Japanese-text and the fit tests look for different
things along the same walk."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QMenu,
    QTabWidget,
    QWidget,
)


def pages(tabs: QTabWidget, skip_disabled: bool = True):
    """(name, page) for every page of every tab, nested tabs included, each made current in turn."""
    for i in range(tabs.count()):
        if skip_disabled and not tabs.isTabEnabled(i):
            continue
        tabs.setCurrentIndex(i)
        QApplication.processEvents()
        yield f"{tabs.tabText(i)}", tabs.widget(i)
        for inner in tabs.widget(i).findChildren(QTabWidget):
            if inner.isVisible():
                for name, page in pages(inner, skip_disabled):
                    yield f"{tabs.tabText(i)} / {name}", page


def select_first_rows(page: QWidget) -> None:
    for view in page.findChildren(QAbstractItemView):
        if view.isVisible() and view.model() is not None and view.model().rowCount() and hasattr(view, "selectRow"):
            view.selectRow(0)
    QApplication.processEvents()


def ellipsis_buttons(w: QWidget) -> list[QAbstractButton]:
    """Buttons that say they open a dialog (the … convention), enabled and shown."""
    return [b for b in w.findChildren(QAbstractButton)
            if b.isVisible() and b.isEnabled() and b.text().rstrip().endswith("…")]


class DialogWalk:
    """Opens what a trigger opens (modal or not), hands each new window to ``look``, walks one level
    of its own … buttons, and closes everything again without accepting anything."""

    def __init__(self, qtbot):
        self.qtbot = qtbot
        self.kinds: set[str] = set()

    def look(self, w: QWidget) -> None:
        """What a walk checks in each window it opens; the subclasses say."""

    def open(self, trigger, depth: int = 1) -> None:
        before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
        done: list[object] = []

        def catch(tries: int = 40) -> None:
            new = [w for w in QApplication.topLevelWidgets()
                   if w.isVisible() and id(w) not in before and not isinstance(w, QMenu)]
            if not new and tries:
                QTimer.singleShot(25, lambda: catch(tries - 1))
                return
            for w in new:
                self.visit(w, depth)
            done.append(True)

        QTimer.singleShot(0, catch)
        trigger()
        self.qtbot.waitUntil(lambda: bool(done), timeout=5000)
        QApplication.processEvents()
        for w in QApplication.topLevelWidgets():  # what an answered dialog led to (the print preview)
            if w.isVisible() and id(w) not in before and not isinstance(w, QMenu):
                self.visit(w, depth)

    def visit(self, w: QWidget, depth: int) -> None:
        self.kinds.add(type(w).__name__)
        QApplication.processEvents()
        self.look(w)
        if depth > 0:
            for button in ellipsis_buttons(w):
                self.open(button.click, depth - 1)
        if isinstance(w, QDialog):
            w.reject()
        w.close()
        w.hide()
