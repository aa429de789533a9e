"""The import command as a user waits for it: ``python -m app import attendance FILE``, a whole child
process from spawn to exit, beside the raw loader (``tests.bench.raw_import``) run the same way on a
copy of the same store, alternating, median of N.

(u) the ratio at a size and at 10× (40,000 and 400,000 marks) and how our time grows between them;
(v) peak memory (VmHWM of the child) at 400,000 and 4,000,000 marks: bounded, whatever the size;
(w) ten imports of 40,000 marks one after another into one store: the last cost what the first did.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tests.bench.common import BenchError, Goal, Run, exponent, measured_argv, median, run_measured, spread
from tests.bench.marks_data import MarksData

MB = 1024 * 1024


def ours_argv(data_dir: Path, csv: Path) -> list[str]:
    return measured_argv("app", "--data-dir", str(data_dir), "import", "attendance", str(csv))


def raw_argv(data_dir: Path, csv: Path) -> list[str]:
    return measured_argv("tests.bench.raw_import", str(data_dir / "fielddesk.sqlite3"), str(csv))


@dataclass
class Sized:
    marks: int
    ours: list[float] = field(default_factory=list)
    raw: list[float] = field(default_factory=list)
    ours_rss: list[float] = field(default_factory=list)
    raw_rss: list[float] = field(default_factory=list)
    store: Path | None = None  # FieldDesk's store after the last run (for the roster benchmark)

    @property
    def ratio(self) -> float:
        return median(self.ours) / median(self.raw)


def _run(argv: list[str], what: str, marks: int) -> Run:
    run = run_measured(argv, timeout=max(120, marks / 2000)).check(what)
    if what == "fielddesk import" and str(marks) not in run.stdout:
        raise BenchError(f"the import did not report {marks} rows: {run.stdout}")
    return run


def measure(data: MarksData, tmp: Path, marks: int, repeat: int, *, baseline: bool = True) -> Sized:
    """Alternating runs of both sides at one size, each on a fresh copy of the prepared store."""
    csv = data.attendance(marks)
    sized = Sized(marks)
    for _ in range(repeat):
        store = data.store(tmp / f"ours-{marks}")
        run = _run(ours_argv(store, csv), "fielddesk import", marks)
        sized.ours.append(run.wall)
        sized.ours_rss.append((run.max_rss or 0) / MB)
        sized.store = store
        if baseline:
            raw = data.store(tmp / f"raw-{marks}")
            run = _run(raw_argv(raw, csv), "raw import", marks)
            sized.raw.append(run.wall)
            sized.raw_rss.append((run.max_rss or 0) / MB)
    return sized


def bench_ratio(small: Sized, large: Sized) -> list[Goal]:
    print("(u) python -m app import attendance FILE vs python -m tests.bench.raw_import DB FILE (csv + sqlite3 "
          "executemany, one transaction), whole child processes, alternating, fresh store copy each")
    for s in (small, large):
        print(f"    {s.marks:>9,} marks  FieldDesk {spread(s.ours):<28} raw {spread(s.raw):<28} ratio {s.ratio:.2f}x"
              f"   peak {max(s.ours_rss):.0f} MB vs {max(s.raw_rss):.0f} MB")
    ours_growth = exponent(median(small.ours), median(large.ours))
    raw_growth = exponent(median(small.raw), median(large.raw))
    print(f"    growth over 10x: FieldDesk {ours_growth:.2f}, raw {raw_growth:.2f}")
    print()
    return [
        Goal("u", f"`fielddesk import attendance`, {small.marks:,} marks, whole command", median(small.ours),
             median(small.raw), "s", "csv + sqlite3 executemany", 2.5, True),
        Goal("u", f"`fielddesk import attendance`, {large.marks:,} marks, whole command", median(large.ours),
             median(large.raw), "s", "csv + sqlite3 executemany", 2.5, True, growth=ours_growth, growth_limit=1.0,
             notes=[f"growth from {small.marks:,}: FieldDesk {ours_growth:.2f}, raw {raw_growth:.2f}"]),
    ]


def bench_memory(data: MarksData, tmp: Path, small: Sized, marks: int) -> Goal:
    """Peak memory of the whole command at ``small``'s size (from its runs) and at ``marks``."""
    huge = measure(data, tmp, marks, 1, baseline=False)
    before, after = max(small.ours_rss), max(huge.ours_rss)
    growth = exponent(before, after, marks / small.marks)
    print(f"(v) Peak memory (VmHWM) of python -m app import attendance: {small.marks:,} marks {before:.0f} MB "
          f"(raw loader {max(small.raw_rss):.0f} MB), {marks:,} marks {after:.0f} MB in {huge.ours[0]:.1f} s; "
          f"growth {growth:.2f}")
    print()
    return Goal("v", f"Peak memory of the import command, {marks:,} marks", after, before, "MB",
                f"the same command, {small.marks:,} marks", 300, False, growth=growth, growth_limit=0.1,
                notes=[f"{marks:,} marks imported in {huge.ours[0]:.1f} s"])


def bench_repeated(data: MarksData, tmp: Path, marks: int, times: int = 10) -> Goal:
    """``times`` imports of ``marks`` different marks each, one after another into one store."""
    store = data.store(tmp / "repeated")
    walls = []
    for i in range(times):
        run = _run(ours_argv(store, data.attendance(marks, start=i * marks)), "fielddesk import", marks)
        walls.append(run.wall)
    first, last = median(walls[:3]), median(walls[-3:])
    growth = exponent(first, last)
    print(f"(w) {times} imports of {marks:,} marks each into one store (whole commands): "
          + ", ".join(f"{w:.2f}" for w in walls) + " s")
    print(f"    first three {first:.3f} s, last three {last:.3f} s: {last / first:.2f}x")
    print()
    return Goal("w", f"{times} imports of {marks:,} marks into one store: the last ones", last, first, "s",
                "the first ones", 1.25, True, growth=growth, growth_limit=0.1,
                notes=[f"each: {', '.join(f'{w:.2f}' for w in walls)} s"])
