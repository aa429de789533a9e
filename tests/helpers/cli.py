"""The real command line in a subprocess, as an administrator's script runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.helpers.paths import ROOT


def run_cli(*args: str, data_dir: Path | None = None, env: dict[str, str] | None = None,
            timeout: float = 120, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a subprocess, as an administrator's script would."""
    full_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8", **(env or {})}
    argv = [sys.executable, "-m", "app"]
    if data_dir is not None:
        argv += ["--data-dir", str(data_dir)]
    return subprocess.run([*argv, *args], capture_output=True, text=True, encoding="utf-8",
                          env=full_env, timeout=timeout, cwd=cwd or ROOT)
