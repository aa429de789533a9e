"""Backups of the local store on real SQLite files: the checked copy (also while another connection
writes), the daily automatic one, and pruning that only ever touches automatic backups."""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
from datetime import datetime, timedelta

import pytest

from app.errors import StorageError, UserError
from app.paths import DataPaths
from app.services.admin.backup import AUTO, daily_backup, make_backup, prune
from app.services.admin.check import run_check
from app.storage.migrate import newest_revision_on_disk
from app.storage.store import open_store
from tests.helpers.backup import codes_in, council, names

# -- make_backup ---------------------------------------------------------------------------------

def test_a_backup_is_a_checked_self_contained_copy(filled, tmp_path):
    out = tmp_path / "out" / "backup.sqlite3"
    out.parent.mkdir()
    made = make_backup(filled.paths, out)
    assert made.path == out and made.size == out.stat().st_size > 0
    assert made.revision == newest_revision_on_disk()
    assert codes_in(out) == ["C1", "C2", "C3"]
    assert sorted(p.name for p in out.parent.iterdir()) == ["backup.sqlite3"]  # no temp, no -wal beside it
    with sqlite3.connect(out) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    council(filled, "C4")  # the store goes on working after a backup
    assert names(filled) == ["C1", "C2", "C3", "C4"]


def test_a_bad_target_is_refused_before_anything_is_written(filled, tmp_path):
    with pytest.raises(UserError, match="missing"):
        make_backup(filled.paths, tmp_path / "missing" / "b.sqlite3")
    with pytest.raises(UserError):
        make_backup(filled.paths, tmp_path)  # a folder, not a file
    assert not (tmp_path / "missing").exists()


def test_a_copy_that_fails_its_check_is_not_kept_and_an_old_backup_stays(filled, tmp_path):
    """A damaged store gives a damaged copy: refused, and the good backup of yesterday under the
    same name is left exactly as it was, with no temp file beside it."""
    out = tmp_path / "b.sqlite3"
    make_backup(filled.paths, out)
    good = out.read_bytes()
    filled.close()
    damaged = tmp_path / "damaged"
    shutil.copytree(filled.paths.root, damaged)
    db = DataPaths(damaged).db
    with open(db, "r+b") as fh:  # scribble over the pages after the first (the schema stays readable)
        fh.seek(4096 * 2)
        fh.write(os.urandom(4096 * 3))
    with pytest.raises(StorageError):
        make_backup(DataPaths(damaged), out)
    assert out.read_bytes() == good
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["b.sqlite3"]


def test_a_backup_taken_while_another_connection_writes_is_consistent(data_dir, tmp_path):
    """A writer commits councils (each with its change rows) as fast as it can while backups are
    taken: every backup is a store whose tables equal the fold of its log with gap-free numbers."""
    setup = open_store(data_dir)
    for n in range(200):
        council(setup, f"S{n:03d}", "x" * 500)  # some pages to copy
    setup.close()
    stop = threading.Event()
    written: list[int] = []

    def writer() -> None:
        store = open_store(data_dir, user="writer")
        try:
            n = 0
            while not stop.is_set():
                council(store, f"W{n:05d}")
                n += 1
                written.append(n)
        finally:
            store.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 5:
            threading.Event().wait(0.01)
        seen = []
        for i in range(4):
            out = tmp_path / f"live-{i}" / "fielddesk.sqlite3"
            out.parent.mkdir()
            make_backup(DataPaths(data_dir), out)
            seen.append(len(codes_in(out)))
    finally:
        stop.set()
        thread.join()
    assert len(set(seen)) > 1, seen  # the writer committed between the backups: they really overlapped
    for i in range(4):
        copy = open_store(tmp_path / f"live-{i}")
        try:
            report = run_check(copy)
            assert report.ok, report.problems
        finally:
            copy.close()


# -- daily backup and pruning ----------------------------------------------------------------------

def test_daily_backup_once_a_day_and_pruning_keeps_exactly_the_newest(filled):
    folder = filled.paths.backups
    others = {"pre-upgrade-0003-20250101-090000.sqlite3": b"upgrade", "pre-restore-20250102-090000.sqlite3": b"restore",
              "mine.sqlite3": b"manual", "auto-notes.txt": b"notes", "auto-2025.sqlite3": b"odd name"}
    for name, data in others.items():
        (folder / name).write_bytes(data)
    start = datetime(2026, 5, 1, 8, 30)
    for n in range(20):  # older automatic backups, one a day
        (folder / f"auto-{(start - timedelta(days=20 - n)):%Y%m%d-%H%M%S}.sqlite3").write_bytes(b"old")
    made = daily_backup(filled.paths, 14, now=start)
    assert made is not None and made.path.name == "auto-20260501-083000.sqlite3"
    autos = sorted(p.name for p in folder.iterdir() if AUTO.match(p.name))
    assert len(autos) == 14 and autos[-1] == made.path.name
    assert autos[0] == f"auto-{(start - timedelta(days=13)):%Y%m%d}-083000.sqlite3"  # the 13 newest old ones stay
    assert codes_in(made.path) == ["C1", "C2", "C3"]

    assert daily_backup(filled.paths, 14, now=start + timedelta(hours=10)) is None  # same day: nothing new
    assert sorted(p.name for p in folder.iterdir() if AUTO.match(p.name)) == autos
    later = daily_backup(filled.paths, 3, now=start + timedelta(days=1, hours=1))  # next day, and keep fewer
    assert later is not None
    assert sorted(p.name for p in folder.iterdir() if AUTO.match(p.name)) == [*autos[-2:], later.path.name]
    for name, data in others.items():  # never touched
        assert (folder / name).read_bytes() == data


def test_prune_touches_only_automatic_backups(tmp_path):
    for name in ("auto-20260101-000000.sqlite3", "auto-20260102-000000.sqlite3", "pre-restore-20260101-000000.sqlite3",
                 "pre-upgrade-none-20260101-000000.sqlite3", "x.sqlite3"):
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in prune(tmp_path, 1)] == ["auto-20260101-000000.sqlite3"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "auto-20260102-000000.sqlite3", "pre-restore-20260101-000000.sqlite3",
        "pre-upgrade-none-20260101-000000.sqlite3", "x.sqlite3"]
