"""Benchmark (g): the attendance tab on a store of 10 years' size (400,000 marks): switching to a
meeting (its roster) and loading a fiscal year's participation, against bare sqlite3 queries of
the same rows. No numeric goal in the issue ("feel instant"); reported in docs/dev/benchmarks.md."""

from __future__ import annotations

import sqlite3
import time
from datetime import date
from pathlib import Path

from tests.bench.common import Goal, median, spread

TODAY = date(2026, 11, 23)


def bench_large(tmp: Path, repeat: int, marks: int) -> Goal:
    from app.services.attendance import marking as attendance
    from app.services.attendance.participation import participation
    from app.services.demo.attendance import generate_bulk
    from app.services.demo.load import load_data
    from app.storage.store import open_store

    store = open_store(tmp / "large")
    try:
        started = time.perf_counter()
        load_data(store, generate_bulk(TODAY, staff=2000, marks=marks))
        loaded = time.perf_counter() - started
        councils = attendance.list_councils(store)
        meetings = [m for c in councils for fy in (2025, 2026) for m in attendance.list_meetings(store, c.id, fy)]
        ours, base = [], []
        db = sqlite3.connect(store.paths.db)
        for _ in range(repeat):
            for m in meetings[:: max(1, len(meetings) // 40)]:
                start = time.perf_counter()
                attendance.roster(store, m.id)
                ours.append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                db.execute("SELECT s.staff_no, s.name, s.kana, a.status, a.note FROM attendance a JOIN staff s "
                           "ON s.id = a.staff_id WHERE a.meeting_id = ? AND a.deleted = 0", (m.id,)).fetchall()
                base.append((time.perf_counter() - start) * 1000)
        db.close()
        years = []
        for _ in range(repeat):
            start = time.perf_counter()
            participation(store, 2025, today=TODAY)
            years.append(time.perf_counter() - start)
    finally:
        store.close()
    print(f"(g) A store of {marks:,} marks (loaded through the import path in {loaded:.1f} s): switching to a "
          "meeting (its roster) vs a bare sqlite3 query of its marks; a fiscal year's participation")
    print(f"    roster {spread(ours, 'ms')}   bare query {spread(base, 'ms')}   participation of fiscal 2025 "
          f"{spread(years)}")
    print()
    return Goal("g", f"Switch meetings with {marks:,} marks in the store", median(ours), median(base), "ms",
                "bare sqlite3 query", 100, False, notes=[f"participation of a year {median(years):.2f} s"])
