"""``fielddesk import`` as a process: what it loads, how it sets a store up, and what a kill leaves."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from app.paths import DataPaths
from app.services.admin.check import run_check
from app.storage.migrate import head_revision, newest_revision_on_disk
from app.storage.models import Attendance, Staff, SyncChange
from app.storage.store import open_store
from tests.helpers.cli import run_cli
from tests.helpers.paths import ROOT

COUNCILS = "協議会コード,協議会名,地区\nSH01,芝協議会,芝\n"
HEAVY = ("sqlalchemy", "alembic", "openpyxl", "PySide6", "reportlab", "pypdfium2")


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def ok(done) -> str:
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def loaded(done) -> set[str]:
    """Top-level packages a ``python -X importtime`` child imported (from its stderr)."""
    names = [line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")]
    return {name.split(".")[0] for name in names}


def importtime(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-X", "importtime", "-m", "app", *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=ROOT, timeout=120)


def test_an_import_of_the_attendance_kinds_loads_no_orm_and_no_gui(tmp_path):
    data = tmp_path / "data"
    ok(run_cli("import", "councils", str(write(tmp_path / "c.csv", COUNCILS)), data_dir=data))  # sets the store up
    staff = write(tmp_path / "s.csv", "職員番号,氏名,ふりがな,協議会コード\n10099,芝 花子,しば はなこ,SH01\n")
    done = importtime("--data-dir", str(data), "import", "staff", str(staff))
    assert "1件" in ok(done) and not loaded(done) & set(HEAVY), sorted(loaded(done) & set(HEAVY))
    assert "app" in loaded(done)  # the check sees the imports at all
    store = open_store(data)
    try:
        with store.read() as session:
            assert session.scalar(select(Staff.staff_no)) == "010099"  # padded as the window pads it
        assert run_check(store).ok
    finally:
        store.close()


def test_a_store_of_an_older_schema_is_upgraded_first(tmp_path):
    data = tmp_path / "data"
    paths = DataPaths(data).ensure()
    conn = sqlite3.connect(paths.db)
    conn.executescript((ROOT / "tests" / "migrations" / "fixtures" / "schema_0004.sql").read_text(encoding="utf-8"))
    conn.close()
    assert newest_revision_on_disk() != "0004"
    ok(run_cli("import", "councils", str(write(tmp_path / "c.csv", COUNCILS)), data_dir=data))
    assert any(p.name.startswith("pre-upgrade-0004") for p in paths.backups.iterdir())
    store = open_store(data)
    try:
        with store.read() as session:
            revision = session.connection().exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        assert revision == head_revision() and run_check(store).ok
    finally:
        store.close()


def test_staff_numbers_are_repaired_before_a_direct_import(tmp_path):
    data = tmp_path / "data"
    ok(run_cli("import", "councils", str(write(tmp_path / "c.csv", COUNCILS)), data_dir=data))
    store = open_store(data)  # a record from before numbers were normalised, as an old laptop wrote it
    try:
        with store.session() as session:
            session.add(Staff(staff_no="０１００９９", name="芝 花子", kana="しば"))
    finally:
        store.close()
    ok(run_cli("import", "councils", str(write(tmp_path / "c2.csv", COUNCILS)), data_dir=data))
    store = open_store(data)
    try:
        with store.read() as session:
            assert session.scalar(select(Staff.staff_no)) == "010099"
        assert run_check(store).ok
    finally:
        store.close()


def test_a_kill_in_the_middle_of_an_import_leaves_the_store_as_it_was(tmp_path):
    """A real SIGKILL while the import is writing (its uncommitted pages already spilled to the WAL):
    the store opens afterwards with exactly what it held before, and the import can be run again."""
    data = tmp_path / "data"
    ok(run_cli("import", "councils", str(write(tmp_path / "c.csv", COUNCILS)), data_dir=data))
    ok(run_cli("import", "staff", str(write(tmp_path / "s.csv", "職員番号,氏名,ふりがな\n" + "".join(
        f"{n:06d},職員 {n},しょくいん\n" for n in range(1, 2001)))), data_dir=data))
    days = [f"2024-{4 + m // 28:02d}-{1 + m % 28:02d}" for m in range(150)]
    ok(run_cli("import", "meetings", str(write(tmp_path / "m.csv", "協議会コード,開催日,件名\n" + "".join(
        f"SH01,{d},定例会\n" for d in days))), data_dir=data))
    marks = write(tmp_path / "a.csv", "協議会コード,開催日,件名,職員番号,出欠\n" + "".join(
        f"SH01,{d},定例会,{n:06d},出席\n" for d in days for n in range(1, 2001)))  # 300,000 marks
    db, wal = data / "fielddesk.sqlite3", data / "fielddesk.sqlite3-wal"
    before = _snapshot(db)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    child = subprocess.Popen([sys.executable, "-m", "app", "--data-dir", str(data), "import", "attendance", str(marks)],
                             cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while child.poll() is None and time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size > 32 * 1024 * 1024:  # pages of the open transaction on disk
            break
        time.sleep(0.01)
    assert child.poll() is None, "the import ended before it could be killed"
    child.send_signal(signal.SIGKILL)
    assert child.wait(30) == -signal.SIGKILL
    assert _snapshot(db) == before
    store = open_store(data)
    try:
        assert run_check(store).ok
    finally:
        store.close()
    small = write(tmp_path / "a2.csv", "協議会コード,開催日,件名,職員番号,出欠\n" + f"SH01,{days[0]},定例会,000001,出席\n")
    assert "1件" in ok(run_cli("import", "attendance", str(small), data_dir=data))


def _snapshot(db: Path) -> tuple[int, int, str]:
    store = open_store(db.parent)
    try:
        with store.read() as session:
            return (session.scalar(select(func.count()).select_from(Attendance)),
                    session.scalar(select(func.count()).select_from(SyncChange)),
                    str(session.scalar(select(func.max(SyncChange.seq)))))
    finally:
        store.close()
