"""Every released schema upgrades to the newest one with its data intact (fixtures/schema_*.sql)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from app.paths import DataPaths
from app.services.admin.check import run_check
from app.storage.migrate import current_revision, head_revision
from app.storage.models import Base, Staff, SyncChange
from app.storage.store import open_store

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("schema_*.sql"))


def test_the_first_schema_has_a_fixture():
    assert FIXTURES and FIXTURES[0].name == "schema_0001.sql"


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_a_store_of_every_released_schema_upgrades_with_its_data(fixture, data_dir):
    paths = DataPaths(data_dir).ensure()
    conn = sqlite3.connect(paths.db)
    conn.executescript(fixture.read_text(encoding="utf-8"))
    staff_before = conn.execute("SELECT staff_no, name, kana FROM staff ORDER BY staff_no").fetchall()
    changes_before = conn.execute("SELECT COUNT(*) FROM sync_change").fetchone()[0]
    device_before = conn.execute("SELECT value FROM local_meta WHERE key = 'device_id'").fetchone()[0]
    conn.close()

    store = open_store(data_dir)
    try:
        assert current_revision(store.engine) == head_revision()
        assert store.device_id == device_before  # identity survives an upgrade
        with store.read() as session:
            staff_after = session.execute(select(Staff.staff_no, Staff.name, Staff.kana).order_by(Staff.staff_no)).all()
            assert [tuple(r) for r in staff_after] == staff_before
            assert session.scalar(select(func.count()).select_from(SyncChange)) == changes_before
            diff = compare_metadata(MigrationContext.configure(session.connection()), Base.metadata)
            assert diff == [], diff  # the migrated schema is exactly what the models say
        assert run_check(store).ok
    finally:
        store.close()


def test_a_fresh_store_has_the_models_schema(store):
    with store.read() as session:
        assert compare_metadata(MigrationContext.configure(session.connection()), Base.metadata) == []


def test_the_fast_head_check_agrees_with_alembic():
    from app.storage.migrate import newest_revision_on_disk

    assert newest_revision_on_disk() == head_revision()


def test_an_upgrade_whose_backup_copy_cannot_be_written_is_refused_plainly(data_dir):
    """A real short write (the process may not grow a file past half the store's size) while the
    pre-upgrade copy is made: a plain message, exit 3, the store untouched, no half copy left."""
    import os
    import resource
    import subprocess
    import sys

    paths = DataPaths(data_dir).ensure()
    conn = sqlite3.connect(paths.db)
    conn.executescript(FIXTURES[0].read_text(encoding="utf-8"))
    rows = "SELECT staff_no, name, kana FROM staff ORDER BY staff_no"
    before = conn.execute(rows).fetchall()
    conn.close()
    limit = paths.db.stat().st_size // 2

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-m", "app", "--lang", "en", "--data-dir", str(data_dir), "check"],
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=120,
                          cwd=Path(__file__).resolve().parents[2],
                          preexec_fn=small_disk)  # noqa: PLW1509 - a resource limit, nothing thread-unsafe
    assert done.returncode == 3, done.stdout + done.stderr
    assert "disk I/O error" in done.stderr and str(paths.db) in done.stderr and "Traceback" not in done.stderr
    conn = sqlite3.connect(paths.db)  # still the old schema, with its data (only WAL mode was switched on)
    assert conn.execute(rows).fetchall() == before
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0].startswith("0001")
    conn.close()
    assert list(paths.backups.glob("pre-upgrade-*")) == []
