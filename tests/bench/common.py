"""Shared pieces of the benchmark: results, medians, formatting and measured subprocesses."""

from __future__ import annotations

import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class BenchError(RuntimeError):
    """A benchmark could not run (not a slow result: a failure), with what to look at."""


@dataclass
class Goal:
    """One line of the summary: FieldDesk against its baseline, judged against the goal."""

    key: str  # "a", "b", "c"
    title: str
    ours: float
    baseline: float
    unit: str  # "s" or "MB"
    baseline_label: str
    limit: float
    limit_is_ratio: bool  # goal on the ratio (≤ 4×) or on the figure itself (≤ 250 MB)
    notes: list[str] = field(default_factory=list)
    # How the figure grows over a 10× step of the data: log(t2/t1)/log(10) (1 = linear, 0 = flat),
    # and the most it may be (1: nothing worse than linear; ~0: should not grow at all).
    growth: float | None = None
    growth_limit: float | None = None

    @property
    def ratio(self) -> float:
        return self.ours / self.baseline if self.baseline > 0 else float("inf")

    @property
    def passed(self) -> bool:
        if self.growth is not None and self.growth_limit is not None and self.growth > self.growth_limit:
            return False
        return (self.ratio if self.limit_is_ratio else self.ours) <= self.limit

    @property
    def growth_text(self) -> str:
        if self.growth is None:
            return "—"
        return f"{self.growth:.2f}" + (f" (≤ {self.growth_limit:g})" if self.growth_limit is not None else "")

    @property
    def verdict(self) -> str:
        return "PASS" if self.passed else "MISS"

    @property
    def goal_text(self) -> str:
        return f"<= {self.limit:g}x" if self.limit_is_ratio else f"<= {self.limit:g} {self.unit}"

    def figure(self, value: float) -> str:
        if self.unit == "s":
            return f"{value:.3f} s"
        if self.unit == "ms":
            return f"{value:.2f} ms"
        return f"{value:.1f} {self.unit}"


def exponent(small: float, large: float, factor: float = 10) -> float:
    """How a figure grows with the data: log(large/small)/log(factor) (1 linear, 0 flat, 2 quadratic)."""
    return math.log(large / small) / math.log(factor) if small > 0 and large > 0 else float("inf")


def median(values: list[float]) -> float:
    return statistics.median(values)


def spread(values: list[float], unit: str = "s") -> str:
    """'0.412 s (0.405–0.431, n=3)': the median and the range it was taken from."""
    fmt = (lambda v: f"{v:.3f}") if unit == "s" else (lambda v: f"{v:.2f}") if unit == "ms" else (lambda v: f"{v:.1f}")
    if len(values) == 1:
        return f"{fmt(values[0])} {unit}"
    return f"{fmt(median(values))} {unit} ({fmt(min(values))}-{fmt(max(values))}, n={len(values)})"


@dataclass
class Run:
    """One finished child process: wall time, exit code, output and peak memory (bytes or None)."""

    argv: list[str]
    wall: float
    returncode: int
    stdout: str
    stderr: str
    max_rss: int | None

    def check(self, what: str) -> Run:
        if self.returncode != 0:
            tail = "\n".join((self.stderr or self.stdout).strip().splitlines()[-15:])
            raise BenchError(f"{what} exited with code {self.returncode}: {' '.join(self.argv)}\n{tail}")
        return self


_PEAK = re.compile(r"^bench-peak-rss: (\d+) ", re.MULTILINE)


def measured_argv(module: str, *args: str) -> list[str]:
    """``python -m MODULE ARGS`` under the wrapper that reports the process's own peak memory."""
    return [sys.executable, "-m", "tests.bench.peak", "-m", module, *args]


def child_env() -> dict[str, str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.pop("FIELDDESK_DATA_DIR", None)  # the benchmark names its data folder; never the user's
    return env


def run_measured(argv: list[str], *, timeout: float = 120) -> Run:
    """Run ``argv`` from the project root: wall time from spawn to exit, output, and the peak RSS
    printed by ``tests.bench.peak`` when the command runs under it."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                cwd=ROOT, env=child_env())
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise BenchError(f"timed out after {timeout:.0f} s: {' '.join(argv)}") from None
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    peak = _PEAK.search(stderr)
    return Run(argv, wall, proc.returncode, stdout, stderr, int(peak.group(1)) if peak else None)
