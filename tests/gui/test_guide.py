"""Help → 使い方ガイド (F1): the guide in the UI language, non-modal, its contents list jumps to chapters."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextDocument

from app.context import AppContext
from app.guide import chapters
from app.ui.dialogs.guide import GuideDialog
from app.ui.main_window import MainWindow
from app.ui.tasks import SyncRunner
from tests.helpers.paths import GUIDES


@pytest.fixture
def open_window(qtbot, tmp_path):
    opened = []

    def make(language: str) -> MainWindow:
        folder = tmp_path / language
        folder.mkdir()
        (folder / "settings.json").write_text(json.dumps({"language": language}), encoding="utf-8")
        ctx = AppContext.open(folder)
        window = MainWindow(ctx, SyncRunner())
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        opened.append(window)
        return window

    yield make
    for window in opened:
        window.close()
        window.ctx.close()


def _headings(dialog: GuideDialog) -> list[str]:
    return [dialog.contents.item(i).text() for i in range(dialog.contents.count())]


def test_f1_opens_the_japanese_guide_beside_the_window(open_window, qtbot):
    window = open_window("ja")
    assert window.guide_action.text() == "使い方ガイド"
    assert window.guide_action.shortcut().toString() == "F1"
    assert window.guide_action in window.menuBar().actions()[-1].menu().actions()  # in the Help menu
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_F1)
    dialog = window.last_dialog
    assert isinstance(dialog, GuideDialog) and dialog.isVisible()
    assert not dialog.isModal()  # staff follow it while they work
    assert dialog.windowTitle() == "使い方ガイド"
    assert dialog.path == GUIDES / "ja.md"
    assert _headings(dialog) == chapters((GUIDES / "ja.md").read_text(encoding="utf-8"))
    assert _headings(dialog)[0] == "1. インストール"
    assert "共有フォルダにつながらないとき" in dialog.browser.toPlainText()
    window.guide_action.trigger()  # a second F1 raises the same dialog, no second window
    assert window.last_dialog is dialog


def test_the_menu_opens_the_english_guide_when_the_language_is_english(open_window):
    window = open_window("en")
    assert window.guide_action.text() == "User guide"
    window.guide_action.trigger()
    dialog = window.last_dialog
    assert isinstance(dialog, GuideDialog) and dialog.isVisible()
    assert dialog.path == GUIDES / "en.md"
    assert _headings(dialog) == chapters((GUIDES / "en.md").read_text(encoding="utf-8"))
    assert "When the shared folder cannot be reached" in dialog.browser.toPlainText()
    assert "共有フォルダにつながらないとき" not in dialog.browser.toPlainText()


def test_clicking_a_chapter_scrolls_to_it(open_window, qtbot):
    window = open_window("ja")
    window.guide_action.trigger()
    dialog = window.last_dialog
    bar = dialog.browser.verticalScrollBar()
    assert bar.value() == 0 and bar.maximum() > 0
    for row in (8, 3, 11):  # down, up, down again
        item = dialog.contents.item(row)
        rect = dialog.contents.visualItemRect(item)
        qtbot.mouseClick(dialog.contents.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        heading = item.text()
        top_block = dialog.browser.cursorForPosition(QPoint(10, 10)).block()
        assert top_block.text() == heading  # the chapter's heading is at the top of the text
        assert dialog.browser.textCursor().block().text() == heading
        assert dialog.contents.currentRow() == row
    dialog.contents.setCurrentRow(0)  # the keyboard too
    assert dialog.browser.cursorForPosition(QPoint(10, 10)).block().text() == "1. インストール"


def test_the_pictures_are_shown_and_fit_the_column(open_window):
    window = open_window("ja")
    window.guide_action.trigger()
    dialog = window.last_dialog
    document = dialog.browser.document()
    shown = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat():
                image = fmt.toImageFormat()
                resource = document.resource(QTextDocument.ResourceType.ImageResource, image.name())
                assert resource is not None and not resource.isNull(), image.name()  # found relative to the .md
                assert 0 < image.width() <= dialog.browser.viewport().width()
                shown.append(image.name())
            it += 1
        block = block.next()
    assert shown and "../sync_warning.png" in shown


def test_a_missing_guide_says_so_instead_of_failing(qtbot, monkeypatch, tmp_path):
    monkeypatch.setattr("app.ui.dialogs.guide.guide_file", lambda language: tmp_path / "none.md")
    dialog = GuideDialog(language="ja")
    qtbot.addWidget(dialog)
    assert dialog.contents.count() == 0
    assert "使い方ガイドが見つかりません" in dialog.browser.toPlainText()
