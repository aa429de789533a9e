"""Commands start fast because they import only what they use (issue 14 item 2, start-up part):
``--help`` and ``--version`` load neither SQLAlchemy nor Qt; check, import, export and sync load no
Qt, no reportlab and no PDFium (nor Alembic on a store that needs no migration, nor openpyxl for a
CSV). Each runs as the real command in a subprocess, which reports what it had loaded at exit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.cli import run_cli
from tests.helpers.paths import ROOT

HEAVY = ("sqlalchemy", "alembic", "PySide6", "shiboken6", "reportlab", "pypdfium2", "openpyxl", "babel")
REPORT = f"""
import atexit, os, sys, runpy
def report():
    loaded = sorted({{m.split(".")[0] for m in sys.modules}} & set({HEAVY!r}))
    with open(os.environ["LOADED_OUT"], "w", encoding="utf-8") as fh:
        fh.write(" ".join(loaded))
atexit.register(report)
sys.argv = ["fielddesk", *sys.argv[1:]]
runpy.run_module("app", run_name="__main__")
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("imports")
    assert run_cli("demo", data_dir=root / "data").returncode == 0
    assert run_cli("export", "staff", "--out", str(root / "staff.csv"), data_dir=root / "data").returncode == 0
    (root / "share").mkdir()
    assert run_cli("sync", "--share", str(root / "share"), data_dir=root / "data").returncode == 0
    run_cli("--version")  # the message catalogue compiled once, as after any first start
    return root


def loaded(args: list[str], tmp_path: Path) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    out = tmp_path / "loaded.txt"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "LOADED_OUT": str(out)}
    done = subprocess.run([sys.executable, "-c", REPORT, *args], capture_output=True, text=True, encoding="utf-8",
                          env=env, cwd=ROOT, timeout=120)
    return set(out.read_text(encoding="utf-8").split()), done


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["import", "--help"], ["report", "--help"]],
                         ids=["help", "version", "import-help", "report-help"])
def test_help_and_version_load_neither_sqlalchemy_nor_qt(args, tmp_path):
    modules, done = loaded(args, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()
    assert modules == set(), modules


@pytest.mark.parametrize("command", ["check", "import", "export", "sync"])
def test_store_commands_load_no_qt_no_reportlab_no_pdfium(command, folder, tmp_path):
    data = str(folder / "data")
    args = {"check": ["--data-dir", data, "check"],
            "import": ["--data-dir", data, "import", "staff", str(folder / "staff.csv")],
            "export": ["--data-dir", data, "export", "staff", "--out", str(tmp_path / "out.csv")],
            "sync": ["--data-dir", data, "sync", "--share", str(folder / "share")]}[command]
    modules, done = loaded(args, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    # The store's own library, nothing else heavy; an import streams through plain sqlite3.
    assert modules == (set() if command == "import" else {"sqlalchemy"}), modules
