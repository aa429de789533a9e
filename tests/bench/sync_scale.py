"""Benchmarks (r), (s), (t): sync and check of a big import, whole process, at two sizes 10x apart
(issue 12 item 15, issue 14 items 5, 6).

Laptop A imports N attendance marks with ``fielddesk import attendance`` (on a store that holds
the councils, staff and ten years of meetings), then each command runs as a child under
``tests.bench.peak``, which reports its own peak RSS (VmHWM):

(r) ``fielddesk sync`` on A: publishing every change of the store            (goal <= 300 MB)
(s) ``fielddesk sync`` on a new laptop B: importing all of them               (goal <= 300 MB)
(t) ``fielddesk check`` on B                                                  (goal <= 300 MB)

The baseline is the peak of ``fielddesk --version`` (the interpreter and the app, doing nothing).
Each goal also asks that memory not grow with the data (growth exponent of the peak over the 10x
step <= 0.3); the notes give the times at both sizes and their growth (1 = linear).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.bench.common import Goal, exponent, measured_argv, run_measured
from tests.bench.marks_data import write_marks_data

MB = 1024 * 1024
KEYS = ("r", "s", "t")
TITLES = {"r": "Publish (sync on the importing laptop)", "s": "Import (sync on another laptop)",
          "t": "check on the other laptop"}


def _fd(data: Path, *args: str, what: str):
    run = run_measured(measured_argv("app", "--data-dir", str(data), *args), timeout=3600).check(what)
    if run.max_rss is None:
        raise RuntimeError(f"{what}: no peak memory reported")
    return run


def _one_size(tmp: Path, marks_data, marks: int) -> dict[str, tuple[float, float]]:
    """key -> (seconds, peak MB) at ``marks`` marks."""
    a, b, share = tmp / f"r-a-{marks}", tmp / f"r-b-{marks}", tmp / f"r-share-{marks}"
    for path in (b, share):
        shutil.rmtree(path, ignore_errors=True)
    share.mkdir()
    marks_data.store(a)
    _fd(a, "import", "attendance", str(marks_data.attendance(marks)), what=f"importing {marks} marks")
    out = {}
    for key, data, args in (("r", a, ("sync", "--share", str(share))), ("s", b, ("sync", "--share", str(share))),
                            ("t", b, ("check",))):
        run = _fd(data, *args, what=f"{TITLES[key]} ({marks} marks)")
        out[key] = (run.wall, run.max_rss / MB)
    for path in (a, b, share):
        shutil.rmtree(path, ignore_errors=True)
    return out


def bench_sync_scale(tmp: Path, only: str, small: int, large: int, quick: bool = False) -> list[Goal]:
    marks_data = write_marks_data(tmp / "r-data", marks=large, **({"staff": 300, "years": 2} if quick else {}))
    idle = run_measured(measured_argv("app", "--version")).check("fielddesk --version")
    baseline = (idle.max_rss or 0) / MB
    at_small = _one_size(tmp, marks_data, small)
    at_large = _one_size(tmp, marks_data, large)
    goals = []
    for key in KEYS:
        if key not in only:
            continue
        (t1, m1), (t2, m2) = at_small[key], at_large[key]
        goal = Goal(key, f"{TITLES[key]}, {large:,} marks: peak memory", m2, baseline, "MB",
                    "fielddesk --version", 300, False,
                    notes=[f"{small:,} marks: {t1:.1f} s, {m1:.0f} MB; {large:,} marks: {t2:.1f} s, {m2:.0f} MB; "
                           f"time growth {exponent(t1, t2, large / small):.2f}"],
                    growth=exponent(m1, m2, large / small), growth_limit=0.3)
        print(f"({key}) {goal.title}: {m2:.0f} MB (at {small:,}: {m1:.0f} MB)   time {t1:.1f} s -> {t2:.1f} s   "
              f"baseline {baseline:.0f} MB")
        goals.append(goal)
    print()
    return goals
