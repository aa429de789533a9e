"""File menu 「バックアップを作成…」 / 「バックアップから復元…」 driven through the real dialogs, the
automatic daily backup on the worker thread, and its setting."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.context import AppContext
from app.services.admin.backup import AUTO, make_backup
from app.services.attendance import records
from app.settings import Settings
from app.ui.dialogs.settings import SettingsDialog
from app.ui.main_window import MainWindow
from app.ui.tasks import SyncRunner, TaskRunner


def staff_nos(store) -> list[str]:
    from app.services.staff import people

    return sorted(r.staff_no for r in people.list_staff(store))


def add_staff(store, number: str) -> None:
    records.save_staff(store, records.StaffInput(number, f"職員 {number}", "しょくいん"))


@pytest.fixture
def folder(tmp_path) -> Path:
    from app.storage.store import open_store

    data = tmp_path / "data"
    store = open_store(data)
    try:
        for number in ("100001", "100002"):
            add_staff(store, number)
    finally:
        store.close()
    return data




def open_window(qtbot, folder: Path, contexts, runner=None) -> MainWindow:
    ctx = AppContext.open(folder)
    contexts.append(ctx)
    window = MainWindow(ctx, runner or SyncRunner())
    qtbot.addWidget(window)
    window.show()
    window.refresh()
    return window


def pick(window, path: Path) -> None:
    """Choose ``path`` in the file dialog the action opened, as a user would, and press OK."""
    dialog = window.last_dialog
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    dialog.selectFile(str(path))
    dialog.accept()


def test_back_up_now_asks_for_a_file_and_confirms(qtbot, folder, contexts, tmp_path):
    window = open_window(qtbot, folder, contexts)
    window.backups.backup_action.trigger()
    dialog = window.last_dialog
    assert isinstance(dialog, QFileDialog)
    assert Path(dialog.selectedFiles()[0]).name == f"fielddesk-backup-{date.today():%Y%m%d}.sqlite3"
    target = tmp_path / "USB" / "mine.sqlite3"
    target.parent.mkdir()
    pick(window, target)
    box = window.last_dialog
    assert isinstance(box, QMessageBox) and "バックアップを作成しました" in box.text() and str(target) in box.text()
    with sqlite3.connect(target) as conn:
        assert sorted(r[0] for r in conn.execute("SELECT staff_no FROM staff")) == ["100001", "100002"]
    conn.close()


def test_restore_asks_first_then_swaps_the_store_and_refreshes_the_tabs(qtbot, folder, contexts, tmp_path):
    window = open_window(qtbot, folder, contexts)
    store = window.ctx.store
    backup = make_backup(window.ctx.paths, tmp_path / "b.sqlite3").path
    add_staff(store, "100003")  # saved after the backup
    window.refresh()
    window.attendance.push_undo("a mark", lambda: None)
    assert [r.staff_no for r in window.staff_view.model.rows()] == ["100001", "100002", "100003"]
    old_id = store.device_id

    window.backups.restore_action.trigger()
    pick(window, backup)
    box = window.last_dialog
    assert isinstance(box, QMessageBox) and str(backup) in box.text() and "pre-restore" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)
    assert staff_nos(store) == ["100001", "100002", "100003"] and store.device_id == old_id  # no: nothing done
    assert list(window.ctx.paths.backups.glob("pre-restore-*")) == []

    window.backups.restore_action.trigger()
    pick(window, backup)
    qtbot.mouseClick(window.last_dialog.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert window.ctx.store is store and store.device_id != old_id  # the same object, reopened on the backup
    assert staff_nos(store) == ["100001", "100002"]
    assert [r.staff_no for r in window.staff_view.model.rows()] == ["100001", "100002"]  # the tab reloaded
    assert store.device_id[:8] in window.status_user.text()
    assert window.attendance.undo_stack == []  # undo pointed at data that is gone
    kept = list(window.ctx.paths.backups.glob("pre-restore-*.sqlite3"))
    assert len(kept) == 1 and str(kept[0]) in window.last_dialog.text() and "復元しました" in window.last_dialog.text()
    with sqlite3.connect(kept[0]) as conn:
        assert conn.execute("SELECT COUNT(*) FROM staff WHERE staff_no = '100003'").fetchone()[0] == 1
    conn.close()
    add_staff(store, "100004")  # the reopened store takes edits
    assert staff_nos(store) == ["100001", "100002", "100004"]


def test_a_file_that_is_not_a_backup_is_refused_and_the_store_stays(qtbot, folder, contexts, tmp_path):
    window = open_window(qtbot, folder, contexts)
    junk = tmp_path / "名簿.sqlite3"
    junk.write_text("職員番号,氏名\n", encoding="utf-8")
    before = window.ctx.paths.db.read_bytes()
    window.backups.restore_action.trigger()
    pick(window, junk)
    box = window.last_dialog
    assert isinstance(box, QMessageBox) and box.icon() == QMessageBox.Icon.Warning
    assert str(junk) in box.text() and "SQLite のデータベースではありません" in box.text()
    assert window.ctx.paths.db.read_bytes() == before
    add_staff(window.ctx.store, "100009")
    assert staff_nos(window.ctx.store) == ["100001", "100002", "100009"]


def test_the_daily_backup_runs_on_the_worker_at_start_and_again_the_next_day(qtbot, folder, contexts):
    runner = TaskRunner()
    try:
        window = open_window(qtbot, folder, contexts, runner)
        window.backups.start()
        assert window.backups.timer.isActive()
        qtbot.waitUntil(lambda: window.backups.last_automatic is not None, timeout=20_000)
        first = window.backups.last_automatic.path
        assert AUTO.match(first.name) and first.name.startswith(f"auto-{date.today():%Y%m%d}-")
        window.backups.daily()  # the hourly check, same day: nothing new
        qtbot.waitUntil(lambda: runner.idle, timeout=20_000)
        assert window.backups.last_automatic.path == first
        window.backups.now = lambda: datetime.now() + timedelta(days=1)  # a laptop left running overnight
        window.backups.daily()
        qtbot.waitUntil(lambda: window.backups.last_automatic.path != first, timeout=20_000)
        assert len([p for p in window.ctx.paths.backups.iterdir() if AUTO.match(p.name)]) == 2
    finally:
        assert runner.shutdown() is True


def test_a_failed_daily_backup_is_a_status_bar_warning(qtbot, folder, contexts):
    window = open_window(qtbot, folder, contexts)
    shutil.rmtree(window.ctx.paths.backups)
    window.ctx.paths.backups.write_text("a file where the folder should be", encoding="utf-8")
    window.backups.daily()
    assert "自動バックアップに失敗しました" in window.statusBar().currentMessage()
    assert window.backups.last_warning == window.statusBar().currentMessage()
    assert window.backups.last_automatic is None
    add_staff(window.ctx.store, "100005")  # nothing else is affected


def test_backups_to_keep_is_a_setting(qtbot, tmp_path):
    settings = Settings()
    assert settings.backup_keep == 14
    dialog = SettingsDialog(settings, str(tmp_path))
    qtbot.addWidget(dialog)
    assert dialog.backup_keep.value() == 14
    dialog.backup_keep.setValue(30)
    dialog.apply_to(settings)
    settings.save(tmp_path / "settings.json")
    assert Settings.load(tmp_path / "settings.json").backup_keep == 30
    for bad in (0, -3, "7", True, None):
        (tmp_path / "settings.json").write_text(json.dumps({"backup_keep": bad}), encoding="utf-8")
        assert Settings.load(tmp_path / "settings.json").backup_keep == 14
