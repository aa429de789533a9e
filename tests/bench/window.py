"""Benchmarks (b) and (c): ``gui --self-test`` on a full store against a bare three-tab PySide6
window, both run as child processes the same way (``python -m`` under ``tests.bench.peak``, which
adds only a ``runpy`` call); wall time, first paint and peak RSS of each."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from tests.bench.common import BenchError, measured_argv, run_measured

_PAINT = re.compile(r"first paint ([0-9.]+) s")


@dataclass
class Side:
    wall: list[float] = field(default_factory=list)  # seconds, whole process
    paint: list[float] = field(default_factory=list)  # seconds, as the process reports it
    rss: list[float] = field(default_factory=list)  # MB, peak resident set of the process


@dataclass
class Startup:
    ours: Side = field(default_factory=Side)
    bare: Side = field(default_factory=Side)

    @property
    def memory_known(self) -> bool:
        return bool(self.ours.rss) and bool(self.bare.rss)


def ours_argv(data_dir: Path) -> list[str]:
    return measured_argv("app", "--data-dir", str(data_dir), "gui", "--self-test")


def bare_argv() -> list[str]:
    return measured_argv("tests.bench.bare_window")


def _once(argv: list[str], what: str, side: Side | None) -> None:
    run = run_measured(argv).check(what)
    match = _PAINT.search(run.stdout)
    if match is None:
        raise BenchError(f"{what} printed no first-paint time: {run.stdout.strip()!r}")
    if side is not None:
        side.wall.append(run.wall)
        side.paint.append(float(match.group(1)))
        if run.max_rss is not None:
            side.rss.append(run.max_rss / 2**20)


def measure_startup(data_dir: Path, repeat: int, *, warm_up: bool = True) -> Startup:
    """One unmeasured run of each first (files into the OS cache), then ``repeat`` alternating pairs."""
    result = Startup()
    if warm_up:
        _once(ours_argv(data_dir), "gui --self-test (warm-up)", None)
        _once(bare_argv(), "bare window (warm-up)", None)
    for _ in range(repeat):
        _once(ours_argv(data_dir), "gui --self-test", result.ours)
        _once(bare_argv(), "bare window", result.bare)
    return result
