"""Benchmarks of the attendance tab, in this process on real widgets (offscreen Qt):

(e) filtering the staff picker of 2,000 staff by a kana prefix, per keystroke (goal <= 16 ms),
    against a plain list comprehension over the same normalised rows;
(f) one mark from click to committed (goal <= 10 ms median), against a bare sqlite3 UPDATE +
    COMMIT of one row in the same WAL + synchronous=FULL file.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from pathlib import Path

from tests.bench.common import BenchError, Goal, median, spread

PREFIXES = ["た", "たか", "たかは", "タカハシ", "ｽｽﾞｷ", "すずき", "い", "いと", "いとう", "さ", "さと", "さとう"]


def _app():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.ui.application import ensure_japanese_font, make_app

    app = QApplication.instance() or make_app()
    ensure_japanese_font(app)
    return app


def bench_picker(store_dir: Path, repeat: int) -> Goal:
    from app.domain.kana import search_key
    from app.services.people import list_staff
    from app.storage.store import open_store
    from app.ui.widgets.staff_picker import StaffPicker

    app = _app()
    store = open_store(store_dir)
    try:
        staff = list_staff(store)
    finally:
        store.close()
    picker = StaffPicker(staff)
    picker.show()
    ours, base = [], []
    for _ in range(repeat):
        for prefix in PREFIXES:
            picker.search.clear()
            app.processEvents()
            start = time.perf_counter()
            picker.search.setText(prefix)  # what one keystroke does: filter, then the view updates
            app.processEvents()
            ours.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            key = search_key(prefix)
            rows = [r for r in staff if key in r.search]
            base.append((time.perf_counter() - start) * 1000)
            if picker.proxy.rowCount() != len([r for r in rows if r.active]):
                raise BenchError(f"picker shows {picker.proxy.rowCount()} rows for {prefix!r}, expected {len(rows)}")
    picker.close()
    print(f"(e) Staff picker of {len(staff):,} staff filtered by a kana prefix, per keystroke "
          f"({len(PREFIXES)} prefixes x {repeat}); baseline: a list comprehension over the same rows")
    print(f"    picker {spread(ours, 'ms')}   baseline {spread(base, 'ms')}   "
          f"max {max(ours):.1f} ms")
    print()
    return Goal("e", f"Filter the staff picker ({len(staff):,} staff) per keystroke", median(ours),
                median(base), "ms", "list comprehension", 16, False, notes=[f"worst {max(ours):.1f} ms"])


def bench_mark(store_dir: Path, tmp: Path, repeat: int) -> Goal:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from app.context import AppContext
    from app.services.participation import fiscal_years
    from app.ui.attendance.models import STATUSES, RosterModel
    from app.ui.main_window import MainWindow
    from app.ui.tasks import SyncRunner

    app = _app()
    data = tmp / "mark-store"
    shutil.copytree(store_dir, data, dirs_exist_ok=True)
    ctx = AppContext.open(data)
    window = MainWindow(ctx, SyncRunner())  # inline runner: the click returns when the mark is committed
    try:
        window.resize(1280, 800)
        window.show()
        window.refresh()
        view = window.attendance_view
        meeting = _busiest_meeting(ctx)
        view.fiscal_year.setCurrentIndex(view.fiscal_year.findData(meeting[2]))
        view.select_council(meeting[0])
        if not view.select_meeting(meeting[1]):
            raise BenchError("could not select the benchmark meeting")
        app.processEvents()
        model = view.roster_model
        rows = min(model.rowCount(), 10)
        if rows == 0:
            raise BenchError(f"the benchmark meeting has an empty roster (years {fiscal_years(ctx.store)})")
        ours = []
        for n in range(20 * repeat):
            row = (n // 4) % rows
            current = model.entry_at(row).status
            offset = n % 4 if STATUSES[n % 4] != current else (n + 1) % 4  # every click is a change
            column = RosterModel.STATUS_FIRST + offset
            rect = view.roster_table.visualRect(model.index(row, column))
            start = time.perf_counter()
            QTest.mouseClick(view.roster_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            ours.append((time.perf_counter() - start) * 1000)
        base = _bare_updates(data / "fielddesk.sqlite3", 20 * repeat)
    finally:
        window.close()
        ctx.close()
    print(f"(f) One mark, from a click on the roster to the committed transaction ({len(ours)} clicks, "
          "synchronous runner); baseline: sqlite3 UPDATE of one row + COMMIT in the same file")
    print(f"    click  {spread(ours, 'ms')}   baseline {spread(base, 'ms')}")
    print()
    return Goal("f", "One mark from click to committed", median(ours), median(base), "ms",
                "sqlite3 UPDATE + COMMIT", 10, False, notes=[f"slowest {max(ours):.1f} ms"])


def _busiest_meeting(ctx) -> tuple[str, str, int]:
    from sqlalchemy import text

    from app.domain.fiscal import fiscal_year_of

    with ctx.store.session(capture_changes=False) as session:
        council_id, meeting_id, day = session.execute(text(
            "SELECT m.council_id, m.id, m.date FROM meeting m JOIN staff s ON s.council_id = m.council_id "
            "AND s.housing != '' AND s.active = 1 GROUP BY m.id ORDER BY COUNT(s.id) DESC, m.date LIMIT 1")).one()
    from datetime import date

    return council_id, meeting_id, fiscal_year_of(date.fromisoformat(day))


def _bare_updates(db: Path, count: int) -> list[float]:
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    row_id = conn.execute("SELECT id FROM attendance LIMIT 1").fetchone()[0]
    times = []
    for n in range(count):
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE attendance SET note = ? WHERE id = ?", (f"bench {n}", row_id))
        conn.execute("COMMIT")
        times.append((time.perf_counter() - start) * 1000)
    conn.close()
    return times
