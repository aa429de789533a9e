"""The local store: pragmas, identity, migrations at start-up, refusal of files it must not touch."""

from __future__ import annotations

import hashlib
import sqlite3
import uuid

import pytest

from app.errors import StorageError, UnavailableError
from app.paths import DataPaths
from app.storage.lock import InstanceLock
from app.storage.models import Council, natural_id
from app.storage.store import DEVICE_ID, open_store


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_pragmas_make_saves_durable(store):
    with store.read() as session:
        conn = session.connection()
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_device_id_is_made_once_and_kept(data_dir):
    first = open_store(data_dir)
    device = first.device_id
    first.close()
    again = open_store(data_dir)
    assert again.device_id == device
    assert again.meta(DEVICE_ID) == device
    uuid.UUID(device)  # a real UUID
    again.close()


def test_ids_are_text_uuids_and_natural_ids_are_stable(store):
    assert natural_id("staff", "000123") == natural_id("staff", "000123")
    assert natural_id("staff", "000123") != natural_id("staff", "123")
    with store.session() as session:
        council = Council(code="SH01", name="芝", district="芝")
        session.add(council)
        session.flush()
        uuid.UUID(council.id)


def test_foreign_key_violations_are_refused(store):
    from sqlalchemy.exc import IntegrityError

    from app.storage.models import Staff

    with pytest.raises(IntegrityError):
        with store.session() as session:
            session.add(Staff(id=natural_id("staff", "1"), staff_no="1", name="a", kana="あ", council_id="nope"))
    with store.read() as session:
        assert session.connection().exec_driver_sql("SELECT COUNT(*) FROM sync_change").scalar() == 0


def test_store_from_a_newer_version_is_refused_and_left_untouched(data_dir):
    open_store(data_dir).close()
    db = DataPaths(data_dir).db
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    before = _digest(db)
    with pytest.raises(StorageError, match="9999_from_the_future"):
        open_store(data_dir)
    assert _digest(db) == before


def test_a_file_that_is_not_sqlite_is_left_alone(data_dir):
    paths = DataPaths(data_dir).ensure()
    paths.db.write_bytes(b"this is a spreadsheet, not a database" * 10)
    before = _digest(paths.db)
    with pytest.raises(StorageError):
        open_store(data_dir)
    assert _digest(paths.db) == before


def test_second_instance_is_refused_by_the_lock(data_dir):
    paths = DataPaths(data_dir).ensure()
    first = InstanceLock(paths.lock).acquire()
    try:
        with pytest.raises(UnavailableError):
            InstanceLock(paths.lock).acquire(timeout=0.1)
    finally:
        first.release()
    InstanceLock(paths.lock).acquire().release()  # free again once the first let go


def test_disk_full_is_a_plain_message_and_loses_nothing(store):
    """A real 'database or disk is full' from SQLite (page limit), not a simulated exception."""
    from sqlalchemy import event, func, select

    from app.i18n import set_language
    from app.storage.models import Staff

    with store.session() as session:
        session.add(Staff(id=natural_id("staff", "1"), staff_no="1", name="保存済み", kana="ほぞんずみ"))
    store.engine.dispose()
    event.listen(store.engine, "connect", lambda conn, _rec: conn.execute(
        "PRAGMA max_page_count = " + str(conn.execute("PRAGMA page_count").fetchone()[0])))
    set_language("en")
    with pytest.raises(StorageError, match="full"):
        with store.session() as session:
            session.add_all(Staff(id=natural_id("staff", str(n)), staff_no=str(n), name="x" * 200, kana="か" * 100)
                            for n in range(2, 3000))
    with store.read() as session:
        assert session.scalars(select(Staff.name)).all() == ["保存済み"]
        assert session.scalar(select(func.count()).select_from(Staff)) == 1


def test_sqlite_failures_become_plain_messages(tmp_path):
    from app.storage.errors import explain

    db = tmp_path / "x.sqlite3"
    for text, word in [("database or disk is full", "full"), ("attempt to write a readonly database", "read-only"),
                       ("database is locked", "in use"), ("file is not a database", "damaged")]:
        from app.i18n import set_language

        set_language("en")
        message = str(explain(sqlite3.OperationalError(text), db))
        assert str(db) in message and word in message
    assert explain(ValueError("something else"), db) is None


def test_natural_id_is_exactly_uuid5():
    from hypothesis import given
    from hypothesis import strategies as st

    from app.storage.models import ID_NAMESPACE

    @given(st.text(max_size=8), st.lists(st.text(max_size=20), max_size=4))
    def same(kind, key):
        assert natural_id(kind, *key) == str(uuid.uuid5(ID_NAMESPACE, "\x1f".join((kind, *key))))

    same()
