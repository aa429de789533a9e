"""Help → 使い方ガイド (F1): the user guide in the UI language, beside the window, not over it.

Non-modal, so staff can follow a chapter while they work; one per window, raised again by F1.
The Markdown is shown by QTextBrowser with its pictures resolved relative to the .md file (the
same layout in a source tree and in the bundle, see ``app/guide.py``) and scaled down to fit.
The contents list holds the chapters (the ``##`` headings); it follows the text as it scrolls.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QImage, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QMenu,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.guide import guide_file
from app.i18n import _, current_language
from app.ui.geometry import fit_dialog

MIN_IMAGE_WIDTH = 320  # px: pictures never get narrower than this, however narrow the dialog


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, language: str | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("User guide"))
        self.setModal(False)
        fit_dialog(self, 1100, 760)  # less on a smaller screen
        self.path = guide_file(language or current_language())
        self.contents = QListWidget(self)
        self.contents.setObjectName("guide_contents")
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("guide_text")
        self.browser.setOpenExternalLinks(True)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.contents)
        splitter.addWidget(self.browser)
        splitter.setSizes([260, 840])
        splitter.setChildrenCollapsible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self._widths: dict[str, int] = {}  # natural width of each picture, read once
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(100)
        self._refit.timeout.connect(self._fit_images)
        self.headings = self._load()
        self.contents.addItems([block.text() for block in self.headings])
        self.contents.currentRowChanged.connect(self.show_chapter)  # keys
        self.contents.itemClicked.connect(lambda item: self.show_chapter(self.contents.row(item)))  # also the current one
        self.browser.verticalScrollBar().valueChanged.connect(self._follow_scroll)
        self.browser.setFocus()  # not the list: focusing it would pick chapter 1 and skip the introduction

    def _load(self) -> list:
        """Show the guide; return its chapter headings (text blocks of heading level 2)."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except OSError:
            self.browser.setPlainText(_("The user guide was not found ({file}).").format(file=self.path))
            return []
        folder = str(self.path.parent)
        self.browser.setSearchPaths([folder])
        self.browser.document().setBaseUrl(QUrl.fromLocalFile(folder + "/"))
        self.browser.setMarkdown(text)
        document = self.browser.document()
        return [block for block in _blocks(document) if block.blockFormat().headingLevel() == 2]

    def _fit_images(self) -> None:
        """Markdown has no image size: wide pictures are scaled to the text column (keeping their
        shape), again when the dialog is resized, so a maximised guide shows them at full size."""
        document = self.browser.document()
        column = max(MIN_IMAGE_WIDTH, self.browser.viewport().width() - 2 * int(document.documentMargin()) - 8)
        changes = []  # found first, changed after: the document is not edited while it is walked
        for block in _blocks(document):
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                if fragment.charFormat().isImageFormat():
                    image_format = fragment.charFormat().toImageFormat()
                    name = image_format.name()
                    if name not in self._widths:
                        self._widths[name] = QImage(_resolve(self.path.parent, name)).width()
                    width = min(self._widths[name], column)
                    if width > 0 and image_format.width() != width:
                        image_format.setWidth(width)
                        changes.append((fragment.position(), fragment.length(), image_format))
                it += 1
        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        for position, length, image_format in changes:
            cursor.setPosition(position)
            cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
            cursor.setCharFormat(image_format)
        cursor.endEditBlock()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._refit.stop()
        self._fit_images()  # laid out now: the column's real width

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self.isVisible():
            self._refit.start()

    def show_chapter(self, row: int) -> None:
        """Scroll so that chapter ``row``'s heading is at the top of the text."""
        if not 0 <= row < len(self.headings):
            return
        block = self.headings[row]
        self.browser.setTextCursor(QTextCursor(block))
        top = self.browser.document().documentLayout().blockBoundingRect(block).top()
        bar = self.browser.verticalScrollBar()
        bar.blockSignals(True)
        bar.setValue(int(top))
        bar.blockSignals(False)
        self.contents.blockSignals(True)
        self.contents.setCurrentRow(row)
        self.contents.blockSignals(False)

    def _follow_scroll(self, value: int) -> None:
        """Mark the chapter being read in the contents list (without jumping anywhere)."""
        layout = self.browser.document().documentLayout()
        row = -1
        for i, block in enumerate(self.headings):
            if layout.blockBoundingRect(block).top() <= value + 4:
                row = i
        self.contents.blockSignals(True)
        self.contents.setCurrentRow(row)
        self.contents.blockSignals(False)


def _blocks(document):
    block = document.begin()
    while block.isValid():
        yield block
        block = block.next()


def _resolve(folder: Path, name: str) -> str:
    url = QUrl(name)
    return url.toLocalFile() if url.isLocalFile() else str(folder / name)


def add_guide_action(window, menu: QMenu) -> QAction:
    """The Help menu entry (F1). The dialog is kept as ``window.guide_dialog`` and ``last_dialog``."""
    action = QAction(_("User guide"), window)
    action.setShortcut(QKeySequence("F1"))
    action.triggered.connect(lambda: show_guide(window))
    menu.addAction(action)
    window.guide_dialog = None
    return action


def show_guide(window) -> GuideDialog:
    dialog = window.guide_dialog
    if dialog is None:
        dialog = window.guide_dialog = GuideDialog(window)
    window.last_dialog = dialog
    dialog.setWindowState(dialog.windowState() & ~Qt.WindowState.WindowMinimized)
    dialog.show()
    dialog.activateWindow()  # to the front again when it was open behind the window
    return dialog
