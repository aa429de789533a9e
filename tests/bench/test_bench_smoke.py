"""The benchmark command runs end to end (``--quick``: small data, one run). Speed is measured by
``make bench``, never asserted here: this only checks that every benchmark runs and reports."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from tests.helpers.paths import ROOT


def test_bench_quick_runs_and_reports_every_ratio():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-m", "tests.bench", "--quick"], capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    for key in ("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "u", "v", "w"):
        assert re.search(rf"^\[{key}\] ratio \d+\.\d+x .*goal .*: (PASS|MISS)", done.stdout, re.MULTILINE), done.stdout
    assert "| Benchmark |" in done.stdout
