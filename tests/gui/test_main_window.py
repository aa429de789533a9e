"""The main window driven as a user would: real widgets (pytest-qt), a real store in a tmp folder.

Jobs run inline through ``SyncRunner`` except in the one test that checks the threaded ``TaskRunner``.
The sample store is made once per module by the real command line and copied per test.
"""

from __future__ import annotations

import csv
import json
import shutil
import sys
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from sqlalchemy import func, select

from app.context import AppContext
from app.services.staff import people
from app.storage.models import SyncChange
from app.ui.application import CrashReporter
from app.ui.dialogs.history import HistoryDialog
from app.ui.dialogs.settings import SettingsDialog
from app.ui.dialogs.transfer import ProblemsDialog
from app.ui.main_window import MainWindow
from app.ui.staff.models import StaffFilter, StaffModel
from app.ui.tasks import SyncRunner, TaskRunner
from tests.helpers.cli import run_cli

DEMO_USER = "港区 検証係"  # written to settings.json before the demo, so the history names it

STAFF_HEADER = ["職員番号", "氏名", "ふりがな", "所属", "災害対策住宅", "協議会コード", "在籍"]


# -- fixtures ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("gui-demo") / "data"
    folder.mkdir()
    (folder / "settings.json").write_text(json.dumps({"user_name": DEMO_USER}, ensure_ascii=False), encoding="utf-8")
    done = run_cli("demo", data_dir=folder)
    assert done.returncode == 0, done.stderr
    return folder


@pytest.fixture
def demo_copy(demo_folder: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(demo_folder, target)
    return target


def _open_window(qtbot, folder: Path, runner=None) -> MainWindow:
    ctx = AppContext.open(folder)
    window = MainWindow(ctx, runner or SyncRunner())
    qtbot.addWidget(window)
    window.show()
    return window




@pytest.fixture
def demo_window(qtbot, demo_copy: Path, contexts) -> MainWindow:
    window = _open_window(qtbot, demo_copy)
    contexts.append(window.ctx)
    window.refresh()
    return window


def _change_count(ctx: AppContext) -> int:
    with ctx.store.read() as session:
        return session.scalar(select(func.count()).select_from(SyncChange))


def _write_staff_csv(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(STAFF_HEADER)
        writer.writerows(rows)
    return path


def _shown_rows(window: MainWindow) -> list[people.StaffRow]:
    proxy = window.staff_view.proxy
    return [proxy.data(proxy.index(r, 0), StaffModel.ROW_ROLE) for r in range(proxy.rowCount())]


def _type(qtbot, widget, text: str) -> None:
    """Type into a line edit: ASCII as key presses, Japanese as an input method commits it
    (QTest's key clicks only know ASCII keys)."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
    else:
        widget.setFocus()
        event = QInputMethodEvent("", [])
        event.setCommitString(text)
        QApplication.sendEvent(widget, event)


def _type_query(qtbot, window: MainWindow, text: str) -> None:
    search = window.staff_view.search
    search.clear()
    _type(qtbot, search, text)
    assert search.text() == text


def _to_hiragana(reading: str) -> str:
    """Independent of app.domain.kana: widen (NFKC), then shift katakana down to hiragana."""
    wide = unicodedata.normalize("NFKC", reading)
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in wide)


def _family_reading(reading: str) -> str:
    return reading.replace("\u3000", " ").split(" ")[0]


# -- the welcome page and the sample data -------------------------------------------------------

def test_empty_store_shows_welcome_and_demo_button_loads_sample_data(qtbot, tmp_path, contexts):
    window = _open_window(qtbot, tmp_path / "data")
    contexts.append(window.ctx)
    with qtbot.waitSignal(window.refreshed):
        window.refresh()
    assert window.pages.currentWidget() is window.welcome
    assert window.staff_view.model.rowCount() == 0
    assert window.welcome.demo_button.text() == "サンプルデータを読み込む"

    with qtbot.waitSignal(window.refreshed):
        qtbot.mouseClick(window.welcome.demo_button, Qt.MouseButton.LeftButton)

    assert window.pages.currentWidget() is window.tabs
    summary = people.summary(window.ctx.store)
    assert summary.staff > 0 and summary.councils > 0 and summary.meetings > 0
    assert f"職員 {summary.staff}人" in window.status_counts.text()
    assert len(window.staff_view.model.rows()) == summary.staff
    assert window.welcome.demo_button.isEnabled()


def test_threaded_runner_loads_demo_off_the_gui_thread(qtbot, tmp_path, contexts):
    runner = TaskRunner()
    try:
        window = _open_window(qtbot, tmp_path / "data", runner)
        contexts.append(window.ctx)
        with qtbot.waitSignal(window.refreshed, timeout=10_000):
            window.refresh()
        assert window.pages.currentWidget() is window.welcome
        with qtbot.waitSignal(window.refreshed, timeout=30_000):
            qtbot.mouseClick(window.welcome.demo_button, Qt.MouseButton.LeftButton)
        assert window.pages.currentWidget() is window.tabs
        assert len(window.staff_view.model.rows()) == people.summary(window.ctx.store).staff > 0
        qtbot.waitUntil(lambda: runner.idle)
    finally:
        assert runner.shutdown() is True
    assert runner._thread.isFinished()


# -- the staff list ------------------------------------------------------------------------------

def test_staff_models_pass_the_model_tester(qtbot, demo_window, qtmodeltester):
    view = demo_window.staff_view
    assert isinstance(view.proxy, StaffFilter)
    qtmodeltester.check(view.model)
    qtmodeltester.check(view.proxy)
    _type_query(qtbot, demo_window, "や")
    qtmodeltester.check(view.proxy)


def test_search_ignores_kana_kind_and_width(qtbot, demo_window):
    rows = demo_window.staff_view.model.rows()
    katakana = next(r for r in rows if any("ァ" <= c <= "ヶ" for c in r.kana))
    halfwidth = next(r for r in rows if any("ｦ" <= c <= "ﾝ" for c in r.kana))
    for person in (katakana, halfwidth):
        query = _to_hiragana(_family_reading(person.kana))
        assert query and all("ぁ" <= c <= "ゖ" or c == "ー" for c in query), query
        _type_query(qtbot, demo_window, query)
        shown = _shown_rows(demo_window)
        assert person.staff_no in {r.staff_no for r in shown}
        # and nothing that does not carry that reading
        assert all(query in _to_hiragana(r.kana).replace(" ", "").replace("\u3000", "") for r in shown)
        assert f"{len(shown)}人" in demo_window.staff_view.count_label.text()


def test_search_by_staff_number_and_no_match(qtbot, demo_window):
    person = demo_window.staff_view.model.rows()[-1]  # beyond the first fetched batch is fine too
    _type_query(qtbot, demo_window, person.staff_no)
    shown = _shown_rows(demo_window)
    assert person.staff_no in [r.staff_no for r in shown]
    assert all(person.staff_no in r.staff_no for r in shown)

    _type_query(qtbot, demo_window, "該当者なしXYZ")
    assert demo_window.staff_view.proxy.rowCount() == 0
    assert _shown_rows(demo_window) == []

    demo_window.staff_view.search.clear()
    assert demo_window.staff_view.proxy.rowCount() == demo_window.staff_view.model.rowCount() > 0


# -- change history --------------------------------------------------------------------------------

def test_history_dialog_lists_fields_and_user(qtbot, demo_window, qtmodeltester, tmp_path):
    window = demo_window
    person = window.staff_view.model.rows()[0]
    # One change as another user, through the import path the window uses.
    window.ctx.store.user = "編集 太郎"
    new_department = person.department + " 別室"
    exported = tmp_path / "all.csv"
    window.run_export("staff", exported, "ja")
    with open(exported, encoding="utf-8-sig", newline="") as fh:
        row = next(r for r in csv.reader(fh) if r[0] == person.staff_no)
    row[3] = new_department
    source = _write_staff_csv(tmp_path / "edit.csv", [row])
    window.run_import("staff", source)

    view = window.staff_view
    view.search.setText(person.staff_no)
    view.table.selectRow(0)
    assert view.selected().staff_no == person.staff_no
    assert view.history_button.isEnabled()
    qtbot.mouseClick(view.history_button, Qt.MouseButton.LeftButton)

    dialog = window.last_dialog
    assert isinstance(dialog, HistoryDialog)
    assert person.staff_no in dialog.windowTitle() and "変更履歴" in dialog.windowTitle()
    model = dialog.model
    qtmodeltester.check(model)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[:5] == ["日時", "項目", "変更前", "変更後", "利用者"]
    table = [[model.data(model.index(r, c)) for c in range(model.columnCount())] for r in range(model.rowCount())]
    fields = {r[1] for r in table}
    assert {"職員番号", "氏名", "ふりがな", "所属"} <= fields  # fields by the names users know
    created = {r[1]: r for r in table if r[4] == DEMO_USER}
    assert created["氏名"][3] == person.name and created["ふりがな"][3] == person.kana
    edits = [r for r in table if r[4] == "編集 太郎"]
    assert [(r[1], r[2], r[3]) for r in edits] == [("所属", person.department, new_department)]
    dialog.close()


# -- import and export ------------------------------------------------------------------------------

def test_bad_csv_opens_problems_dialog_and_writes_nothing(qtbot, demo_window, tmp_path):
    window = demo_window
    before = _change_count(window.ctx)
    rows_before = window.staff_view.model.rows()
    bad = _write_staff_csv(tmp_path / "bad.csv", [
        ["990001", "港 一郎", "ミナト イチロウ", "総務課", "", "", "1"],  # good, must not be written either
        ["990002", "港 二郎", "港二郎", "総務課", "", "", "1"],  # reading in kanji
        ["990003", "港 三郎", "ミナト サブロウ", "総務課", "", "NOPE99", "1"],  # unknown council
    ])
    window.run_import("staff", bad)

    dialog = window.last_dialog
    assert isinstance(dialog, ProblemsDialog)
    assert dialog.windowTitle() == "取り込みを中止しました"
    table = dialog.table
    listed = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
    assert [r[0] for r in listed] == ["3", "4"]
    assert listed[0][1].startswith("3:") and listed[0][2] == "港二郎"
    assert listed[1][1].startswith("6:") and listed[1][2] == "NOPE99"
    assert str(bad) in window.last_message
    assert _change_count(window.ctx) == before
    assert window.staff_view.model.rows() == rows_before
    assert not any(r.staff_no.startswith("99000") for r in people.list_staff(window.ctx.store))
    dialog.close()


def test_good_csv_import_updates_the_list(qtbot, demo_window, tmp_path):
    window = demo_window
    count = len(window.staff_view.model.rows())
    good = _write_staff_csv(tmp_path / "good.csv", [
        ["000777", "芝 花子", "ｼﾊﾞ ﾊﾅｺ", "防災課", "", "", "1"],
        ["000778", "麻布 次郎", "あざぶ じろう", "防災課", "", "", "在籍"],
    ])
    with qtbot.waitSignal(window.refreshed):
        window.run_import("staff", good)
    assert isinstance(window.last_dialog, QMessageBox)
    assert "追加 2件" in window.last_message
    rows = window.staff_view.model.rows()
    assert len(rows) == count + 2
    added = {r.staff_no: r for r in rows if r.staff_no in ("000777", "000778")}
    assert added["000777"].name == "芝 花子" and added["000777"].kana == "ｼﾊﾞ ﾊﾅｺ"  # stored as typed
    assert f"職員 {count + 2}人" in window.status_counts.text()
    _type_query(qtbot, window, "しば はなこ")
    assert [r.staff_no for r in _shown_rows(window)] == ["000777"]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_reimports_unchanged(qtbot, demo_window, tmp_path, suffix):
    window = demo_window
    out = tmp_path / f"staff{suffix}"
    window.run_export("staff", out, "ja")
    assert out.exists() and out.stat().st_size > 0
    total = len(window.staff_view.model.rows())
    assert f"{total}行" in window.last_message
    changes = _change_count(window.ctx)
    before = people.list_staff(window.ctx.store)
    window.run_import("staff", out)
    assert f"変更なし {total}件" in window.last_message, window.last_message
    assert _change_count(window.ctx) == changes
    assert people.list_staff(window.ctx.store) == before


# -- settings, language ------------------------------------------------------------------------------

def test_settings_dialog_changes_user_name_and_persists(qtbot, demo_copy):
    ctx = AppContext.open(demo_copy)
    try:
        dialog = SettingsDialog(ctx.settings, str(ctx.paths.root))
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.user_name.text() == DEMO_USER
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)

        dialog.user_name.clear()
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        assert dialog.result() != SettingsDialog.DialogCode.Accepted
        assert dialog.error.text() == "利用者名を入力してください。"

        _type(qtbot, dialog.user_name, " 高輪 さくら ")
        assert dialog.user_name.text() == " 高輪 さくら "
        dialog.language.setCurrentIndex(dialog.language.findData("en"))
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        assert dialog.result() == SettingsDialog.DialogCode.Accepted
        dialog.apply_to(ctx.settings)
        ctx.settings.save(ctx.paths.settings)
    finally:
        ctx.close()

    again = AppContext.open(demo_copy)
    try:
        assert again.settings.user_name == "高輪 さくら"
        assert again.settings.language == "en"
        assert again.store.user == "高輪 さくら"
    finally:
        again.close()


def test_window_is_japanese_by_default(qtbot, demo_window):
    window = demo_window
    assert window.windowTitle() == "フィールドデスク"
    menus = [a.text() for a in window.menuBar().actions()]
    assert "ファイル" in menus[0]
    assert menus[1:] == ["同期(&Y)", "設定(&S)", "ヘルプ(&H)"]
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == ["協議会出席", "まちあるき研修", "業務改善アンケート", "職員"]
    assert window.welcome.demo_button.text() == "サンプルデータを読み込む"
    assert window.demo_action.text() == "サンプルデータを読み込む"
    model = window.staff_view.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == ["職員番号", "氏名", "ふりがな"]
    assert window.status_user.text().startswith(f"利用者: {DEMO_USER}")


# -- the crash hook ------------------------------------------------------------------------------

def test_crash_hook_logs_traceback_and_emits(qtbot, tmp_path):
    app = QApplication.instance()
    previous = app.property("fielddesk_self_test")
    app.setProperty("fielddesk_self_test", True)
    ctx = AppContext.open(tmp_path / "data")  # sets up logging into this data folder
    try:
        log_file = ctx.paths.logs / "fielddesk.log"
        reporter = CrashReporter(str(log_file))
        try:
            raise RuntimeError("crash-marker-7f3a")
        except RuntimeError:
            info = sys.exc_info()
        with qtbot.waitSignal(reporter.crashed) as blocker:
            reporter.hook(*info)
        details = blocker.args[0]
        assert "Traceback" in details and "crash-marker-7f3a" in details
        assert reporter.shown == [details]
        logged = log_file.read_text(encoding="utf-8")
        assert "uncaught exception" in logged and "RuntimeError: crash-marker-7f3a" in logged
        assert "test_crash_hook_logs_traceback_and_emits" in logged  # the frame, not just the message
    finally:
        ctx.close()
        app.setProperty("fielddesk_self_test", previous)


def test_history_button_disabled_without_selection(qtbot, demo_window):
    view = demo_window.staff_view
    assert not view.history_button.isEnabled()
    view.select_first()
    assert view.history_button.isEnabled()
    assert view.selected() == view.proxy.data(view.proxy.index(0, 0, QModelIndex()), StaffModel.ROW_ROLE)


def test_settings_for_participation_and_reports_are_saved(qtbot, tmp_path):
    from app.settings import Settings
    from app.ui.dialogs.settings import SettingsDialog, approval_columns

    settings = Settings()
    dialog = SettingsDialog(settings, str(tmp_path), None)
    qtbot.addWidget(dialog)
    dialog.minimum.setValue(5)
    dialog.excused.setChecked(True)
    dialog.approval.setText("部長、課長・担当")
    dialog.device_name.setText("MINATO-PC-07")
    dialog.apply_to(settings)
    settings.save(tmp_path / "settings.json")
    again = Settings.load(tmp_path / "settings.json")
    assert (again.minimum_attended, again.excused_counts_as_attended) == (5, True)
    assert again.approval_columns == ["部長", "課長", "担当"]
    assert again.device_name == "MINATO-PC-07"
    assert approval_columns("") == []  # no approval box
