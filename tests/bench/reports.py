"""Benchmark (d): the participation report of a fiscal year (2,000 staff, 40,000 marks) through
``app.services.attendance.reports.participation_report`` — query, tables, fonts, file — against a bare
reportlab LongTable of the same person rows in the same embedded font (goal <= 1.5x)."""

from __future__ import annotations

import io
import time
from datetime import date
from pathlib import Path

from tests.bench.common import Goal, median, spread

TODAY = date(2025, 3, 15)  # the bench data's "today" (tests.bench.importing)
FISCAL_YEAR = 2024


def _bare(rows: list[list[str]]) -> float:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import LongTable, SimpleDocTemplate, TableStyle

    from app.reports.fonts import MAIN, fonts

    fonts()
    start = time.perf_counter()
    buf = io.BytesIO()
    table = LongTable(rows, repeatRows=1)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), MAIN, 8), ("GRID", (0, 0), (-1, -1), 0.25, (0, 0, 0))]))
    SimpleDocTemplate(buf, pagesize=A4).build([table])
    return time.perf_counter() - start


def bench_report(store_dir: Path, tmp: Path, repeat: int) -> Goal:
    from app.services.attendance.participation import participation
    from app.services.attendance.reports import participation_report
    from app.settings import Settings
    from app.storage.store import open_store

    store = open_store(store_dir)
    settings = Settings(device_name="bench")
    try:
        report = participation(store, FISCAL_YEAR, today=TODAY)
        rows = [["職員番号", "氏名", "所属", "協議会", "対象", "出席", "公欠", "出席率"]]
        rows += [[p.staff_no, p.name, p.department, p.council_name, str(p.expected), str(p.attended),
                  str(p.excused), f"{100 * p.attended / p.expected:.0f}%" if p.expected else "—"]
                 for p in report.people]
        participation_report(store, settings, FISCAL_YEAR, None, tmp / "warm.pdf", TODAY)  # fonts, caches
        _bare(rows)
        ours, base = [], []
        for i in range(repeat):
            start = time.perf_counter()
            participation_report(store, settings, FISCAL_YEAR, None, tmp / f"p{i}.pdf", TODAY)
            ours.append(time.perf_counter() - start)
            base.append(_bare(rows))
    finally:
        store.close()
    print(f"(d) Participation report, fiscal {FISCAL_YEAR}: {len(report.people):,} people; the whole service "
          "(query + PDF + file) vs a bare LongTable of the same person rows, same font")
    print(f"    report {spread(ours)}   bare table {spread(base)}   pages: ours "
          f"{_pages(tmp / 'p0.pdf')}")
    print()
    return Goal("d", f"Participation report ({len(report.people):,} people)", median(ours), median(base), "s",
                "bare reportlab table", 1.5, True)


def _pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)
