"""Benchmark data at every size, fast: ten fiscal years of meetings and up to 4,000,000 marks.

``generate_bulk`` makes two years of realistic marks (≤ 800,000 pairs of meeting and person); the
growth benchmarks need ten times more, so the councils and staff come from it and the meetings and
marks are written here with ``csv`` directly (4,000,000 rows in a few seconds). The file of marks
is ordered by meeting, as an export is; a smaller size is the head of the larger file, so every size
has the same shape, and the ten-imports benchmark takes consecutive slices of it.

Files are written once per benchmark run into ``folder`` and reused by every row of the table,
together with a store that already holds the councils, staff and meetings (``prepared``).
"""

from __future__ import annotations

import csv
import itertools
import shutil
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from tests.bench.common import measured_argv, run_measured

TODAY = date(2026, 3, 31)
STATUSES = ("出席",) * 70 + ("遅刻",) * 8 + ("欠席",) * 15 + ("公欠",) * 7
NOTES = ("駐輪場の件", "子ども連れ", "途中退席", "家庭の事情", "-")
ATTENDANCE_HEADER = ("協議会コード", "開催日", "件名", "職員番号", "出欠", "備考")


@dataclass
class MarksData:
    folder: Path
    staff: int
    meetings: int
    marks: int  # rows of attendance.csv
    prepared: Path  # a data folder holding councils, staff and meetings (copy it, never write to it)
    slices: dict[tuple[int, int], Path] = field(default_factory=dict)

    def attendance(self, marks: int, start: int = 0) -> Path:
        """A file of ``marks`` rows of the full file from row ``start`` (its head by default)."""
        if start == 0 and marks == self.marks:
            return self.folder / "attendance.csv"
        path = self.slices.get((start, marks))
        if path is None:
            path = self.slices[start, marks] = self.folder / f"attendance-{start}-{marks}.csv"
            with open(self.folder / "attendance.csv", "rb") as src, open(path, "wb") as out:
                out.write(src.readline())
                out.writelines(itertools.islice(src, start, start + marks))
        return path

    def store(self, target: Path) -> Path:
        """A fresh copy of the prepared data folder."""
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(self.prepared, target, ignore=shutil.ignore_patterns("*.lock", "logs"))
        return target


def write_marks_data(folder: Path, *, marks: int, staff: int = 2000, years: int = 10) -> MarksData:
    from app.services.demo.attendance import generate_bulk
    from app.services.transfer.kinds import KINDS
    from app.tabular.writer import write_rows

    folder.mkdir(parents=True, exist_ok=True)
    base = generate_bulk(TODAY, staff=staff, marks=0)
    for name, records in (("councils", base.councils), ("staff", base.staff)):
        columns = KINDS[name].columns
        write_rows(folder / f"{name}.csv", columns, [[r[c.name] for c in columns] for r in records], lang="ja")
    meetings = _meetings([c["code"] for c in base.councils], years)
    columns = KINDS["meetings"].columns
    write_rows(folder / "meetings.csv", columns, [[m[c.name] for c in columns] for m in meetings], lang="ja")
    numbers = [s["staff_no"] for s in base.staff]
    per_meeting = -(-marks // len(meetings))
    if per_meeting > len(numbers):
        raise ValueError(f"{marks} marks need more than {len(numbers)} staff at {len(meetings)} meetings")
    with open(folder / "attendance.csv", "w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh, lineterminator="\r\n")
        out.writerow(ATTENDANCE_HEADER)
        written = 0
        for i, m in enumerate(meetings):
            take = min(per_meeting, marks - written)
            if take <= 0:
                break
            first = (i * 37) % len(numbers)  # a different window of people at each meeting
            out.writerows(
                (m["council_code"], m["date"], m["title"], numbers[(first + k) % len(numbers)],
                 STATUSES[(written + k) * 7 % 100], NOTES[(written + k) % 5] if (written + k) % 14 == 0 else "")
                for k in range(take))
            written += take
    prepared = folder / "prepared"
    for name in ("councils", "staff", "meetings"):
        run_measured(measured_argv("app", "--data-dir", str(prepared), "import", name, str(folder / f"{name}.csv")),
                     timeout=600).check(f"preparing the benchmark store ({name})")
    return MarksData(folder, staff, len(meetings), marks, prepared)


def _meetings(codes: list[str], years: int) -> list[dict[str, str]]:
    """Eight meetings a year per council, on distinct days, for ``years`` fiscal years to TODAY."""
    rows = []
    first_fy = TODAY.year - years  # fiscal years first_fy .. TODAY's (April to March)
    for fy in range(first_fy, first_fy + years):
        era = f"令和{fy - 2018}" if fy >= 2019 else f"平成{fy - 1988}"
        for n in range(8):
            for c, code in enumerate(codes):
                day = date(fy, 4, 10) + timedelta(days=n * 40 + c % 20)
                rows.append({"council_code": code, "date": day.isoformat(), "kind": "会議",
                             "title": f"{era}年度 第{n + 1}回 定例会", "place": "区民センター", "start": "19:00",
                             "end": "20:30", "residents": str(10 + c)})
    rows.sort(key=lambda r: (r["date"], r["council_code"]))
    return rows
