"""Benchmarks of the attendance tab, in this process on real widgets (offscreen Qt):

(e) the staff picker of 2,000 and 20,000 staff, per keystroke of a word typed one character at a
    time (goals <= 2 ms and <= 16 ms), against a list comprehension over the same folded rows;
(f) one mark from click to committed (goal <= 10 ms median), against a bare sqlite3 UPDATE +
    COMMIT of one row in the same WAL + synchronous=FULL file.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.bench.common import BenchError, Goal, exponent, median, spread

WORDS = ["たかはし", "タカハシ", "ｽｽﾞｷ", "すずき", "いとう", "さとう", "やまもと", "なかむら", "こばやし", "ﾜﾀﾅﾍﾞ",
         "010", "佐藤"]  # typed one character at a time, as a clerk does


def _app():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.ui.application import ensure_japanese_font, make_app

    app = QApplication.instance() or make_app()
    ensure_japanese_font(app)
    return app


def picker_staff(count: int):
    """``count`` staff as ``list_staff`` returns them (folded once, sorted by reading): the demo
    generator's 2,000 people, repeated under other numbers past that (it is slow at 20,000)."""
    from datetime import date

    from app.services.demo.attendance import generate_bulk
    from app.services.staff.people import staff_row

    people = generate_bulk(date(2026, 3, 31), staff=min(count, 2_000), marks=0).staff
    rows = []
    for n in range(count):
        p, copy = people[n % len(people)], n // len(people)
        number = p["staff_no"] if copy == 0 else f"{copy}{p['staff_no']}"
        rows.append(staff_row(f"s{n}", number, p["name"], p["kana"], p["department"], p["housing"], "",
                              p["active"] != "0"))
    rows.sort(key=lambda r: r.sort_key)
    return rows


@dataclass
class Keystrokes:
    staff: int
    search: list[float] = field(default_factory=list)  # text changed -> matches in the model (ms)
    shown: list[float] = field(default_factory=list)  # ... -> the table repainted (ms)
    base: list[float] = field(default_factory=list)  # the list comprehension (ms)


def _keystrokes(count: int, repeat: int) -> Keystrokes:
    """Per keystroke in a shown picker of ``count`` staff: the text changes, the index finds the
    matches and the model takes them (synchronously, in ``insert``), then Qt repaints the table
    (``processEvents``); beside a list comprehension of the folded query over the same rows."""
    from app.domain.staff_no import search_query
    from app.ui.widgets.staff_picker import StaffPicker

    app = _app()
    staff = picker_staff(count)
    active = [r for r in staff if r.active]
    picker = StaffPicker(staff)
    picker.show()
    app.processEvents()
    out = Keystrokes(len(staff))
    for _ in range(repeat):
        for word in WORDS:
            picker.search.clear()
            app.processEvents()
            for end in range(1, len(word) + 1):
                start = time.perf_counter()
                picker.search.insert(word[end - 1])  # one keystroke: find, reset the model...
                found = time.perf_counter()
                app.processEvents()  # ... and repaint
                done = time.perf_counter()
                out.search.append((found - start) * 1000)
                out.shown.append((done - start) * 1000)
                start = time.perf_counter()
                key = search_query(word[:end])
                rows = [r for r in active if key in r.search]
                out.base.append((time.perf_counter() - start) * 1000)
                if picker.matches() != rows:
                    raise BenchError(f"picker shows {len(picker.matches())} rows for {word[:end]!r}, "
                                     f"the list comprehension {len(rows)}")
    picker.close()
    return out


def bench_picker(repeat: int, sizes: tuple[int, int] = (2_000, 20_000)) -> list[Goal]:
    small, large = (_keystrokes(n, repeat) for n in sizes)
    factor = large.staff / small.staff
    growth = exponent(median(small.search), median(large.search), factor)
    keys = sum(len(w) for w in WORDS)
    print(f"(e) Staff picker, per keystroke ({len(WORDS)} words typed one character at a time, {keys} keystrokes "
          f"x {repeat}): text changed -> matches in the table's model, and -> table repainted; "
          "baseline: a list comprehension of the folded query over the same rows")
    for k in (small, large):
        print(f"    {k.staff:>7,} staff  search {spread(k.search, 'ms'):<30} with repaint {spread(k.shown, 'ms'):<30} "
              f"baseline {spread(k.base, 'ms'):<30} worst search {max(k.search):.2f} ms")
    print(f"    growth over {factor:g}x: search {growth:.2f}, with repaint "
          f"{exponent(median(small.shown), median(large.shown), factor):.2f}, baseline "
          f"{exponent(median(small.base), median(large.base), factor):.2f}")
    print()

    def notes(k: Keystrokes) -> list[str]:
        return [f"worst {max(k.search):.2f} ms", f"with the table's repaint {median(k.shown):.2f} ms"]

    return [Goal("e", f"Staff picker ({small.staff:,} staff) per keystroke", median(small.search),
                 median(small.base), "ms", "list comprehension", 2, False, notes=notes(small)),
            Goal("e", f"Staff picker ({large.staff:,} staff) per keystroke", median(large.search),
                 median(large.base), "ms", "list comprehension", 16, False, growth=growth, growth_limit=1.0,
                 notes=[*notes(large), f"growth from {small.staff:,}: {growth:.2f}"])]


def bench_mark(store_dir: Path, tmp: Path, repeat: int) -> Goal:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from app.context import AppContext
    from app.services.attendance.participation import fiscal_years
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

    with ctx.store.read() as session:
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
