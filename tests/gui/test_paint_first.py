"""Paint first, then open (issue 14 item 1), on a real X display with a window manager: the first
frame is drawn before SQLAlchemy, Alembic, reportlab, openpyxl, PDFium or any tab's code is loaded;
it shows the last-known state (counts, the open meeting) from last_state.json; the store opens and
migrates on the worker, never on the GUI thread; the meeting open at the last close is shown again.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from app import last_state
from app.context import AppContext
from app.i18n import set_language
from app.ui.main_window import MainWindow
from app.ui.tasks import SyncRunner
from tests.helpers.cli import run_cli
from tests.helpers.paths import ROOT
from tests.helpers.x11 import missing_tools, start_x_session

needs_x = pytest.mark.skipif(bool(missing_tools()), reason=f"needs {', '.join(missing_tools())}")


@pytest.fixture
def x():
    session = start_x_session()
    yield session
    session.stop()


def _start(x, data: Path, stamps: Path, want: tuple[str, ...], until=lambda: True) -> tuple[dict[str, float], list[str]]:
    """Run ``gui`` until every event in ``want`` is stamped and ``until()``; (event → time, the ``loaded`` line)."""
    env = {**x.env, "FIELDDESK_PAINT_STAMP": str(stamps)}
    err = stamps.with_suffix(".err")
    with open(err, "wb") as err_fh:
        proc = subprocess.Popen([sys.executable, "-m", "app", "--data-dir", str(data), "gui"], cwd=ROOT, env=env,
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err_fh)
    seen: dict[str, float] = {}
    loaded: list[str] = []
    try:
        deadline = time.monotonic() + 90
        while not (all(e in seen for e in want) and until()):
            assert proc.poll() is None, err.read_text(encoding="utf-8", errors="replace")[-2000:]
            assert time.monotonic() < deadline, f"only {sorted(seen)} stamped"
            time.sleep(0.05)
            if stamps.exists():
                for line in stamps.read_text(encoding="utf-8").splitlines():
                    event, _, value = line.partition(" ")
                    if event == "loaded":
                        loaded = [] if value == "-" else value.split(",")
                    elif event not in seen:
                        seen[event] = float(value)
    finally:
        proc.terminate()
        proc.wait(30)
    return seen, loaded


@needs_x
def test_the_first_frame_comes_before_the_store_and_the_tabs_code(x, tmp_path):
    data = tmp_path / "data"
    assert run_cli("demo", data_dir=data).returncode == 0
    seen, loaded = _start(x, data, tmp_path / "stamps.txt", ("paint", "data"))
    assert loaded == [], f"loaded before the first frame: {loaded}"
    assert seen["paint"] < seen["data"]


def _one_schema_back(db: Path) -> tuple[str, str]:
    """The store taken one migration back with the migration's own downgrade; (head, previous)."""
    from alembic import command
    from alembic.script import ScriptDirectory
    from sqlalchemy import create_engine

    from app.storage.migrate import alembic_config

    cfg = alembic_config()
    head = ScriptDirectory.from_config(cfg).get_current_head()
    previous = ScriptDirectory.from_config(cfg).get_revision(head).down_revision
    engine = create_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, previous)
    engine.dispose()
    return head, previous


@needs_x
def test_a_migration_runs_on_the_worker_after_the_first_frame(x, tmp_path):
    """A store one schema older (the newest migration's table not there yet) is migrated on the
    worker thread while the window is already painted, then its data shown."""
    data = tmp_path / "data"
    assert run_cli("demo", data_dir=data).returncode == 0
    head, previous = _one_schema_back(data / "fielddesk.sqlite3")
    log_file = data / "logs" / "fielddesk.log"
    before = log_file.stat().st_size  # the demo command's own migrations are in the log too
    seen, loaded = _start(x, data, tmp_path / "stamps.txt", ("paint", "data"))
    assert loaded == []
    log = log_file.read_bytes()[before:].decode("utf-8")
    upgrade = [line for line in log.splitlines() if f"Running upgrade {previous} -> {head}" in line]
    assert upgrade and not any("[MainThread]" in line for line in upgrade), upgrade or log[-2000:]  # the worker (a QThread)
    conn = sqlite3.connect(data / "fielddesk.sqlite3")
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head
    conn.close()


@needs_x
def test_the_meeting_open_at_the_last_close_is_shown_again(x, tmp_path):
    """Round trip through the real program: close on a meeting, start again, the same roster."""
    data = tmp_path / "data"
    assert run_cli("demo", data_dir=data).returncode == 0
    cache = last_state.path_in(data)
    seen, _loaded = _start(x, data, tmp_path / "first.txt", ("paint", "data"), until=cache.exists)
    assert "roster" not in seen  # no meeting was open: nothing chosen for the user
    kept = last_state.load(data)
    assert kept.empty is False and kept.staff > 0 and kept.attendance > 0 and not kept.has_meeting
    kept.council_id, kept.fiscal_year, kept.meeting_id, kept.meeting_title = _a_meeting(data)
    last_state.save(data, kept)
    written = cache.stat().st_mtime_ns
    seen, _loaded = _start(x, data, tmp_path / "second.txt", ("paint", "data", "roster"),
                           until=lambda: cache.stat().st_mtime_ns != written)
    assert seen["paint"] < seen["data"] <= seen["roster"]
    again = last_state.load(data)  # written again when the roster was shown (and at the close)
    assert (again.council_id, again.meeting_id) == (kept.council_id, kept.meeting_id)
    assert again.meeting_title == kept.meeting_title


def _a_meeting(data: Path) -> tuple[str, int, str, str]:
    from app.services.attendance import marking as attendance
    from app.services.attendance.participation import fiscal_years
    from app.storage.store import open_store
    from app.ui.attendance.models import meeting_heading

    store = open_store(data)
    try:
        fy = max(fiscal_years(store))
        for council in attendance.list_councils(store):
            meetings = attendance.list_meetings(store, council.id, fy)
            if meetings:
                return council.id, fy, meetings[0].id, meeting_heading(meetings[0])
    finally:
        store.close()
    raise AssertionError("the demo store has no meeting")


def test_the_first_frame_shows_the_last_known_state(qtbot, tmp_path):
    """Built before the store is open, the window shows the cached counts, the tabs and the
    meeting heading; once composed on the opened store, the real data replaces them."""
    data = tmp_path / "data"
    assert run_cli("demo", data_dir=data).returncode == 0
    set_language("ja")
    ctx = AppContext.prepare(data)
    last = last_state.LastState(False, 123, 4, 56, 7890, "abcdef123456", "c", 2026, "m", "本会議\n2026-11-23 10:00")
    window = MainWindow(ctx, SyncRunner(), last=last)
    qtbot.addWidget(window)
    try:
        assert ctx.store is None and not window.composed
        assert window.pages.currentWidget() is window.tabs and window.tabs.count() == 4
        assert all(n in window.status_counts.text() for n in ("123", "56", "7890"))
        assert "abcdef12" in window.status_user.text()
        assert window.findChild(QLabel, "last_meeting_title").text() == last.meeting_title
        assert not window.import_action.isEnabled() and not window.welcome.demo_button.isEnabled()
        ctx.open_store()
        window.compose()
        # the sync state scans every record for conflicts (seconds in a big store): counted after
        # the first data, not queued in front of it
        assert window.sync.label.text() == ""
        with qtbot.waitSignal(window.refreshed, timeout=10_000):
            window.refresh()
        assert window.sync.label.text() != ""
        assert window.composed and window.import_action.isEnabled()
        assert "7890" not in window.status_counts.text()  # the store's own counts now
        assert window.tabs.widget(0) is window.attendance_tab
    finally:
        window.close()
        ctx.close()


def test_a_first_start_without_a_store_paints_the_welcome_page(qtbot, tmp_path):
    set_language("ja")
    ctx = AppContext.prepare(tmp_path / "new")
    window = MainWindow(ctx, SyncRunner(), last=last_state.load(tmp_path / "new"))
    qtbot.addWidget(window)
    try:
        assert window.pages.currentWidget() is window.welcome
        assert window.status_counts.text() == ""  # nothing known yet: no made-up counts
    finally:
        window.close()
        ctx.close()


def test_a_damaged_cache_is_only_a_missing_hint(tmp_path):
    (tmp_path / last_state.FILE_NAME).write_text('{"staff": "many", "empty": 3, "meeting_id": 5', encoding="utf-8")
    assert last_state.load(tmp_path) == last_state.LastState()
    (tmp_path / last_state.FILE_NAME).write_text('{"staff": "many", "empty": 3, "meetings": 2}', encoding="utf-8")
    state = last_state.load(tmp_path)
    assert (state.staff, state.empty, state.meetings) == (0, None, 2)
