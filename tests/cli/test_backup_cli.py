"""``fielddesk backup`` and ``fielddesk restore`` in real subprocesses: exit codes, messages, and a
data folder left byte for byte as it was whenever a command refuses."""

from __future__ import annotations

import os
import resource
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from filelock import FileLock

from app.services.attendance import records
from app.storage.store import open_store
from tests.helpers.backup import codes_in, snapshot
from tests.helpers.cli import run_cli
from tests.helpers.paths import ROOT

DB = "fielddesk.sqlite3"


def ok(done) -> str:
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture
def data(tmp_path) -> Path:
    folder = tmp_path / "data"
    store = open_store(folder)
    try:
        for n in range(1, 4):
            records.save_council(store, records.CouncilInput(f"C{n}", f"協議会 {n}" + "・" * 300, "芝"))
    finally:
        store.close()
    return folder


@pytest.fixture
def backup(data, tmp_path) -> Path:
    out = tmp_path / "saved" / "backup.sqlite3"
    out.parent.mkdir()
    ok(run_cli("backup", "--out", str(out), data_dir=data))
    return out


def test_backup_prints_path_and_size_then_restore_brings_it_back(data, tmp_path):
    out = tmp_path / "バックアップ.sqlite3"
    printed = ok(run_cli("--lang", "en", "backup", "--out", str(out), data_dir=data))
    assert str(out) in printed and ("KB" in printed or "MB" in printed)
    assert codes_in(out) == ["C1", "C2", "C3"]
    store = open_store(data)
    records.save_council(store, records.CouncilInput("LATER", "後から", "芝"))
    store.close()

    printed = ok(run_cli("--lang", "en", "restore", str(out), data_dir=data))
    kept = sorted((data / "backups").glob("pre-restore-*.sqlite3"))
    assert len(kept) == 1 and str(kept[0]) in printed and "syncs as" in printed
    assert codes_in(data / DB) == ["C1", "C2", "C3"]
    assert codes_in(kept[0]) == ["C1", "C2", "C3", "LATER"]
    ok(run_cli("check", data_dir=data))


def test_backup_to_a_folder_that_does_not_exist_exits_2(data, tmp_path):
    missing = tmp_path / "no-such-folder"
    done = run_cli("--lang", "en", "backup", "--out", str(missing / "b.sqlite3"), data_dir=data)
    assert done.returncode == 2, done.stderr
    assert str(missing) in done.stderr and "does not exist" in done.stderr and "Traceback" not in done.stderr
    assert not missing.exists()


def test_backup_on_a_full_disk_exits_3_and_leaves_no_file(data, tmp_path):
    """A real short write: the process may not grow any file past half the store's size."""
    limit = (data / DB).stat().st_size // 2
    target = tmp_path / "full"
    target.mkdir()
    out = target / "b.sqlite3"

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-m", "app", "--lang", "en", "--data-dir", str(data), "backup", "--out", str(out)],
                          capture_output=True, text=True, encoding="utf-8", env=env, cwd=ROOT, timeout=120,
                          preexec_fn=small_disk)  # noqa: PLW1509 - a resource limit, nothing thread-unsafe
    assert done.returncode == 3, done.stdout + done.stderr
    assert str(out) in done.stderr and "disk space" in done.stderr and "Traceback" not in done.stderr
    assert list(target.iterdir()) == []  # no half backup, no temp file


def test_restore_of_a_bad_file_exits_2_and_changes_nothing(data, backup, tmp_path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"PK\x03\x04 an xlsx, not a backup" * 100)
    newer = tmp_path / "newer.sqlite3"
    newer.write_bytes(backup.read_bytes())
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9001'")
    conn.close()
    before = snapshot(data)
    for source, reason in ((junk, "not an SQLite database"), (newer, "newer FieldDesk"),
                           (tmp_path / "missing.sqlite3", "no such file")):
        done = run_cli("--lang", "en", "restore", str(source), data_dir=data)
        assert done.returncode == 2, done.stdout + done.stderr
        assert str(source) in done.stderr and reason in done.stderr and "Traceback" not in done.stderr
        assert snapshot(data) == before


def test_restore_refuses_while_the_window_holds_the_data_folder(data, backup):
    before = snapshot(data)
    with FileLock(str(data / "fielddesk.lock"), is_singleton=False):
        done = run_cli("--lang", "en", "restore", str(backup), data_dir=data)
    assert done.returncode == 3, done.stdout + done.stderr
    assert "Close its window first" in done.stderr and str(data) in done.stderr
    assert snapshot(data) == before
    done = run_cli("restore", str(backup), data_dir=data)  # in Japanese, once the window is closed
    assert done.returncode == 0 and "復元しました" in done.stdout, done.stderr
