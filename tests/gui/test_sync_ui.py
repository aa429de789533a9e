"""Sync from the window: the status bar, F5, a conflict shown and restored on two laptops."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.context import AppContext
from app.services.demo.load import load_data
from app.storage.models import Council
from app.ui.dialogs.conflicts import ConflictsDialog
from app.ui.main_window import MainWindow
from app.ui.tasks import SyncRunner
from tests.helpers.attendance import hall_data


def laptop(qtbot, folder, share, user, data=None):
    ctx = AppContext.open(folder)
    ctx.settings.share_folder = str(share)
    ctx.settings.user_name = ctx.store.user = user
    ctx.settings.device_name = user
    if data is not None:
        load_data(ctx.store, data)
    window = MainWindow(ctx, SyncRunner())
    qtbot.addWidget(window)
    window.show()
    window.refresh()
    return window


@pytest.fixture
def pair(qtbot, tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    a = laptop(qtbot, tmp_path / "a", share, "芝 一郎", hall_data())
    b = laptop(qtbot, tmp_path / "b", share, "麻布 花子")
    yield a, b
    for w in (a, b):
        w.ctx.settings.sync_enabled = False  # no final round at close in the test
        w.close()
        w.ctx.close()


def council_name(window, code="SH01") -> str:
    with window.ctx.store.read() as session:
        return session.scalar(select(Council.name).where(Council.code == code))


def rename(window, name: str, code="SH01") -> None:
    with window.ctx.store.session() as session:
        session.scalars(select(Council).where(Council.code == code)).one().name = name


def test_f5_sends_and_the_other_laptop_receives(pair, qtbot):
    a, b = pair
    assert "送信" in a.sync.label.text() or "未送信" in a.sync.label.text()
    assert b.pages.currentWidget() is b.welcome  # nothing yet
    assert a.sync_action.shortcut().toString() == "F5"
    a.sync_action.trigger()
    assert "未送信 0 件" in a.sync.label.text() and "同期済み" in a.sync.label.text()
    b.sync_action.trigger()
    assert b.pages.currentWidget() is b.tabs  # the data arrived and the views reloaded
    assert len(b.staff_view.model.rows()) == len(a.staff_view.model.rows())
    assert council_name(b) == "芝小学校区地域防災協議会"


def test_concurrent_edits_show_as_a_conflict_and_restore_mine_wins_everywhere(pair):
    a, b = pair
    a.sync.sync()
    b.sync.sync()
    rename(a, "芝協議会（甲）")  # both offline, both edit the same field
    rename(b, "芝協議会（乙）")
    for w in (a, b, a):
        w.sync.sync()
    assert council_name(a) == council_name(b)
    winner = council_name(a)
    loser_window = a if winner == "芝協議会（乙）" else b
    assert "競合 1 件" in loser_window.sync.label.text() or loser_window.sync.state.conflicts == 1
    loser_window.show_conflicts()
    dialog = loser_window.last_dialog
    assert isinstance(dialog, ConflictsDialog)
    assert dialog.model.rowCount() == 1
    conflict, label = dialog.model.row_at(0)
    assert "SH01" in label and conflict.kept_value == winner and conflict.lost_value != winner
    assert "1 件" in dialog.summary.text()  # "1 of your edits were overwritten by …"
    dialog.restore_button.click()
    assert dialog.model.rowCount() == 0
    mine = conflict.lost_value
    for w in (loser_window, a, b):
        w.sync.sync()
    assert council_name(a) == council_name(b) == mine
    assert a.sync.state.conflicts == 0 and b.sync.state.conflicts == 0


def test_an_unreachable_share_says_offline_and_loses_nothing(pair, tmp_path):
    a, _b = pair
    a.ctx.settings.share_folder = str(tmp_path / "gone")
    a.sync.sync()
    assert "オフライン" in a.sync.label.text()
    assert "接続できません" in a.sync.label.toolTip()
    assert a.sync.state.waiting > 0  # still waiting, still here
    a.ctx.settings.share_folder = str(tmp_path / "share")
    a.sync.sync()
    assert a.sync.state.waiting == 0


def test_the_history_of_a_conflicting_record_opens_from_the_conflicts_view(pair):
    from app.ui.dialogs.history import HistoryDialog

    a, b = pair
    a.sync.sync()
    b.sync.sync()
    rename(a, "甲")
    rename(b, "乙")
    for w in (a, b, a):
        w.sync.sync()
    loser = a if council_name(a) == "乙" else b
    loser.show_conflicts()
    loser.last_dialog.history_button.click()
    history = loser.last_dialog
    assert isinstance(history, HistoryDialog)
    values = {history.model.data(history.model.index(r, 3)) for r in range(history.model.rowCount())}
    assert {"甲", "乙"} <= values  # both versions of the name, whoever won


def test_an_edit_of_a_record_deleted_meanwhile_shows_as_the_deletion_and_restores(pair):
    """Fault 9 in the window: b renames the council while a, not having seen it, deletes it. The
    row says the record was deleted, with b's field and value; "restore" brings it back with it."""
    from app.services.attendance import records

    a, b = pair
    a.sync.sync()
    b.sync.sync()
    rename(b, "芝協議会（改）")  # first by the clock: no stamp rule would find it
    with a.ctx.store.read() as session:
        council_id = session.scalar(select(Council.id).where(Council.code == "SH01"))
    records.delete(a.ctx.store, records.plan_delete(a.ctx.store, "council", council_id))
    for w in (a, b, a):
        w.sync.sync()
    assert a.sync.state.conflicts == b.sync.state.conflicts == 1
    b.show_conflicts()
    dialog = b.last_dialog
    assert dialog.model.rowCount() == 1
    texts = [dialog.model.data(dialog.model.index(0, col)) for col in range(4)]
    assert texts[1:] == ["（削除）", "削除済み", "協議会名：芝協議会（改）"]
    assert "削除" in dialog.summary.text() and "1 件" in dialog.summary.text()
    dialog.restore_button.click()
    assert dialog.model.rowCount() == 0
    for w in (b, a):
        w.sync.sync()
    assert council_name(a) == council_name(b) == "芝協議会（改）"
    with a.ctx.store.read() as session:
        assert session.get(Council, council_id).deleted is False
    assert a.sync.state.conflicts == 0 and b.sync.state.conflicts == 0


def test_a_laptop_without_the_ward_key_says_so_in_the_status_bar_and_sends_nothing(pair, tmp_path, monkeypatch):
    a, _b = pair
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "no-key"))  # this laptop's credential store: empty
    a.sync.sync()
    assert "区の鍵なし" in a.sync.label.text() and "オフライン" not in a.sync.label.text()
    assert "区の鍵" in a.sync.label.toolTip() and "fielddesk key" in a.sync.label.toolTip()
    assert a.sync.state.waiting > 0
    assert not list((tmp_path / "share").rglob("seg-*"))  # nothing published
    monkeypatch.undo()  # the key is given: the next round goes out
    a.sync.sync()
    assert a.sync.state.waiting == 0 and "同期済み" in a.sync.label.text()
