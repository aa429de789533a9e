"""Restoring a backup on real SQLite files: everything a restore refuses (a refused file changes
nothing, byte for byte), the copy of the current store it keeps, and the new identity it takes."""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from app.errors import UserError
from app.paths import DataPaths
from app.services.admin.backup import inspect_backup, make_backup, restore_backup
from app.services.admin.check import run_check
from app.storage.migrate import newest_revision_on_disk
from app.storage.models import Council
from app.storage.store import open_store
from app.sync.restored import RESTORED
from tests.helpers.backup import codes_in, council, names, snapshot

FIXTURES = Path(__file__).resolve().parents[1] / "migrations" / "fixtures"




# -- validation of a restore's source ---------------------------------------------------------------

def _refused(filled, source: Path, word: str) -> None:
    """The refusal names the file and the reason, and nothing in the data folder changed."""
    filled.close()
    before = snapshot(filled.paths.root)
    with pytest.raises(UserError) as caught:
        restore_backup(filled.paths, source)
    assert str(source) in str(caught.value) and word in str(caught.value)
    assert snapshot(filled.paths.root) == before


def test_a_corrupt_file_is_refused_and_the_store_is_byte_identical(filled, tmp_path):
    from app.i18n import set_language

    set_language("en")
    bad = tmp_path / "b.sqlite3"
    make_backup(filled.paths, bad)
    data = bytearray(bad.read_bytes())
    data[4096 * 2:4096 * 4] = os.urandom(4096 * 2)
    bad.write_bytes(bytes(data))
    _refused(filled, bad, "damaged")


def test_other_files_are_refused_with_their_reason(filled, tmp_path):
    from app.i18n import set_language

    set_language("en")
    text = tmp_path / "notes.sqlite3"
    text.write_text("not a database", encoding="utf-8")
    plain = tmp_path / "plain.sqlite3"
    with sqlite3.connect(plain) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(UserError, match="not an SQLite database"):
        inspect_backup(text)
    with pytest.raises(UserError, match="not a FieldDesk store"):
        inspect_backup(plain)
    _refused(filled, tmp_path / "nowhere.sqlite3", "no such file")


def test_a_backup_from_a_newer_fielddesk_is_refused(filled, tmp_path):
    from app.i18n import set_language

    set_language("en")
    newer = tmp_path / "newer.sqlite3"
    make_backup(filled.paths, newer)
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9001'")
    conn.close()
    _refused(filled, newer, "newer FieldDesk (schema 9001)")


# -- restore ------------------------------------------------------------------------------------------

def test_restore_keeps_the_current_data_and_takes_a_new_identity(filled, tmp_path):
    backup = tmp_path / "b.sqlite3"
    make_backup(filled.paths, backup)
    council(filled, "AFTER")
    old_id = filled.device_id
    filled.close()
    done = restore_backup(filled.paths, backup, now=datetime(2026, 6, 1, 12, 0, 0))
    assert done.kept == filled.paths.backups / "pre-restore-20260601-120000.sqlite3"
    assert codes_in(done.kept) == ["AFTER", "C1", "C2", "C3"]  # nothing saved is lost
    store = open_store(filled.paths.root)
    try:
        assert names(store) == ["C1", "C2", "C3"]
        assert store.device_id == done.device_id != old_id
        assert store.meta(RESTORED + old_id) is not None  # the next sync renumbers what never went out
        assert run_check(store).ok
        council(store, "NEW")  # a change after the restore is numbered under the new id, from 1
        with store.read() as session:
            origins = {o for (o,) in session.connection().exec_driver_sql(
                "SELECT origin FROM sync_change WHERE row_id IN (SELECT id FROM council WHERE code = 'NEW')")}
        assert origins == {done.device_id}
    finally:
        store.close()
    again = restore_backup(filled.paths, backup, now=datetime(2026, 6, 1, 12, 0, 0))  # the same second: own name
    assert again.kept.name == "pre-restore-20260601-120000-2.sqlite3" and codes_in(again.kept)[-1] == "NEW"


def test_the_wal_of_a_store_left_by_a_crash_is_in_the_pre_restore_copy(filled, tmp_path):
    """Changes still only in the -wal file (the process died) are checkpointed into the kept copy,
    and the stale -wal/-shm never meet the restored file."""
    backup = tmp_path / "b.sqlite3"
    make_backup(filled.paths, backup)
    filled.close()
    crashed = tmp_path / "crashed"
    live = sqlite3.connect(filled.paths.db)
    live.execute("PRAGMA wal_autocheckpoint = 0")
    live.execute("UPDATE council SET name = 'only in the WAL' WHERE code = 'C2'")
    live.commit()
    shutil.copytree(filled.paths.root, crashed)  # the files as a power cut leaves them
    live.close()
    paths = DataPaths(crashed)
    assert Path(f"{paths.db}-wal").stat().st_size > 0
    done = restore_backup(paths, backup)
    assert not Path(f"{paths.db}-wal").exists() and not Path(f"{paths.db}-shm").exists()
    kept = sqlite3.connect(done.kept)
    assert kept.execute("SELECT name FROM council WHERE code = 'C2'").fetchone()[0] == "only in the WAL"
    kept.close()
    store = open_store(crashed)
    try:
        assert run_check(store).ok
        with store.read() as session:
            assert session.query(Council).filter_by(code="C2").one().name == "協議会 C2"
    finally:
        store.close()


def test_a_backup_of_an_older_schema_is_restored_and_migrated_at_open(filled, tmp_path):
    old = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(old)
    conn.executescript((FIXTURES / "schema_0001.sql").read_text(encoding="utf-8"))
    staff = conn.execute("SELECT COUNT(*) FROM staff").fetchone()[0]
    conn.close()
    assert inspect_backup(old).revision == "0001"
    filled.close()
    restore_backup(filled.paths, old)
    store = open_store(filled.paths.root)
    try:
        from app.storage.migrate import current_revision

        assert current_revision(store.engine) == newest_revision_on_disk()
        assert run_check(store).ok and run_check(store).counts["staff"] == staff
    finally:
        store.close()
