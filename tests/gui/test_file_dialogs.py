"""Every file dialog starts in the folder last used for its purpose (reports, import, export,
photos, backups), across tabs and after a restart, driven through the real dialogs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QFileDialog

from app.context import AppContext
from app.settings import Settings
from app.ui.dialogs.transfer import TransferDialog
from app.ui.main_window import MainWindow
from app.ui.tasks import SyncRunner
from tests.helpers.townwalk import seed


def answer(choose: Path | None) -> list[Path]:
    """Answer the next modal file dialog as a user would: note the folder it opened in, then pick
    ``choose`` (None: cancel). Returns the folders seen (filled once the dialog has been shown)."""
    seen: list[Path] = []

    def respond() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(10, respond)
            return
        seen.append(Path(dialog.directory().absolutePath()))
        if choose is None:
            dialog.reject()
        else:
            dialog.selectFile(str(choose))
            dialog.accept()

    QTimer.singleShot(0, respond)
    return seen


@pytest.fixture
def window(qtbot, tmp_path, contexts):
    folder = tmp_path / "data"
    ctx = AppContext.open(folder)
    seed(ctx)
    ctx.close()
    return open_window(qtbot, folder, contexts)


def open_window(qtbot, folder: Path, contexts) -> MainWindow:
    ctx = AppContext.open(folder)
    contexts.append(ctx)
    win = MainWindow(ctx, SyncRunner())
    win.townwalk.open_reports = False
    win.survey.open_after = False
    qtbot.addWidget(win)
    win.show()
    win.refresh()
    win.townwalk.walks.select_year(2026)
    return win


def test_report_dialogs_start_where_the_last_report_was_saved(qtbot, window, tmp_path, contexts):
    council = tmp_path / "協議会資料"
    council.mkdir()
    tab = window.townwalk
    tab.walks_view.walks_table.selectRow(0)
    first = answer(council / "walk.pdf")
    tab.walks_view.record_button.click()
    assert (council / "walk.pdf").exists()
    assert first and first[0] != council  # never used: the documents folder
    tab.routes_view.routes_table.selectRow(0)
    again = answer(None)
    tab.routes_view.sheet_button.click()  # another report, same purpose: the same folder
    assert again == [council]
    export = answer(None)
    tab.coverage.report = tab.coverage.report or _coverage(tab)
    tab.coverage._ask_export()  # an export is another purpose
    assert export and export[0] != council
    folder = window.ctx.paths.root
    window.close()
    window.ctx.close()
    reopened = open_window(qtbot, folder, contexts)  # after a restart, and in the survey tab too
    survey = answer(None)
    reopened.survey._ask_pdf("survey")
    assert survey == [council]
    assert json.loads(reopened.ctx.paths.settings.read_text(encoding="utf-8"))["file_folders"] == {
        "report": str(council)}


def _coverage(tab):
    tab.pages.setCurrentWidget(tab.coverage_view)
    tab.coverage.select_year(2026)
    return tab.coverage.report


def test_import_and_export_each_remember_their_own_folder(qtbot, window, tmp_path):
    stick, out = tmp_path / "USB", tmp_path / "書き出し"
    stick.mkdir()
    out.mkdir()
    (stick / "staff.csv").write_text("職員番号,氏名\n", encoding="utf-8")
    importing = TransferDialog(exporting=False, language="ja", ctx=window.ctx, parent=window)
    seen = answer(stick / "staff.csv")
    importing._browse()
    assert importing.path.text() == str(stick / "staff.csv") and seen and seen[0] != stick
    exporting = TransferDialog(exporting=True, language="ja", ctx=window.ctx, parent=window)
    seen = answer(out / "staff.csv")
    exporting._browse()
    assert seen and seen[0] != stick  # export has its own folder
    again = TransferDialog(exporting=False, language="ja", ctx=window.ctx, parent=window)
    seen = answer(None)
    again._browse()
    assert seen == [stick] and again.path.text() == ""
    seen = answer(None)
    TransferDialog(exporting=True, language="ja", ctx=window.ctx, parent=window)._browse()
    assert seen == [out]


def test_the_photo_dialog_starts_where_the_last_photo_came_from(qtbot, window, tmp_path):
    camera = tmp_path / "DCIM"
    camera.mkdir()
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor("#3a7"))
    image.save(str(camera / "stop1.png"))
    tab = window.townwalk
    tab.walks_view.walks_table.selectRow(0)
    tab.walks_view.field_button.click()
    tab.field.go(1)
    seen = answer(camera / "stop1.png")
    tab.field_view.photo_button.click()
    assert tab.field_view.photo_count() == 1 and seen and seen[0] != camera
    reports = tmp_path / "報告"
    reports.mkdir()
    answer(reports / "walk.pdf")
    # a report saved elsewhere in between: Qt by itself would reopen the folder it saw last
    tab._ask_pdf("walk", tab.field.sheet.walk_id, "walk.pdf")
    assert (reports / "walk.pdf").exists()
    seen = answer(None)
    tab.field_view.photo_button.click()
    assert seen == [camera]


def test_backup_and_restore_start_in_the_folder_last_used_for_backups(qtbot, window, tmp_path):
    stick = tmp_path / "USB"
    stick.mkdir()
    actions = window.backups
    assert Path(window.ctx.settings.file_folders.get("backup", "")) != stick
    actions.restore()
    assert Path(window.last_dialog.directory().absolutePath()) == window.ctx.paths.backups  # never used
    window.last_dialog.reject()
    actions.backup_now()
    dialog = window.last_dialog
    dialog.selectFile(str(stick / "mine.sqlite3"))
    dialog.accept()
    assert (stick / "mine.sqlite3").exists()
    window.last_dialog.close()  # the confirmation
    actions.backup_now()
    assert Path(window.last_dialog.directory().absolutePath()) == stick
    window.last_dialog.reject()
    actions.restore()
    assert Path(window.last_dialog.directory().absolutePath()) == stick


def test_damaged_folder_settings_fall_back_to_none(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"file_folders": {"report": 3, "import": "D:/取込", "": ""}}), encoding="utf-8")
    assert Settings.load(path).file_folders == {"import": "D:/取込"}
    path.write_text(json.dumps({"file_folders": ["x"]}), encoding="utf-8")
    assert Settings.load(path).file_folders == {}
