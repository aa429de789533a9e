"""The store file opened with sqlite3 alone, for commands that write in bulk (``fielddesk import``).

Why not ``Store``: importing SQLAlchemy and mapping the models costs ~0.4 s at every start, as much
as a raw import of 40,000 marks. A direct store skips that when there is nothing to set up: the
file exists, its schema is this version's and it has its identity. Otherwise ``NeedsStore`` says
so, and the caller opens ``Store`` once (it migrates and makes the identity) and tries again.
The connection is configured exactly as the engine's (``configure``), and every transaction is
``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back whole on any error.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from app.domain.staff_no import DEFAULT_WIDTH
from app.paths import DataPaths
from app.storage.changelog import read_meta
from app.storage.errors import explain

SQLITE_MAGIC = b"SQLite format 3\x00"


class NeedsStore(Exception):
    """The file needs ``Store`` first: it is new, its schema is older, or it has no identity yet."""


def refuse_foreign_file(db: Path) -> None:
    """A file that is not SQLite at all is left alone (never 'repaired' into an empty store)."""
    if db.exists() and db.stat().st_size > 0:
        with open(db, "rb") as fh:
            if fh.read(16) != SQLITE_MAGIC:
                raise sqlite3.DatabaseError("file is not a database")


def configure(dbapi_conn, busy_timeout_ms: int = 5000) -> None:  # noqa: ANN001 - a DB-API connection
    """The pragmas every connection to the store gets (WAL, durable commits, foreign keys)."""
    dbapi_conn.isolation_level = None  # transactions are begun explicitly (BEGIN IMMEDIATE)
    cursor = dbapi_conn.cursor()
    cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA cache_size=-65536")  # 64 MiB: bulk imports insert into random index pages
    cursor.close()


class DirectStore:
    """What the bulk import needs of a store: identity, user, clock, the staff-number width and
    one transaction at a time on a plain sqlite3 connection."""

    def __init__(self, paths: DataPaths, conn: sqlite3.Connection, device_id: str, *, user: str = "",
                 clock_ms: Callable[[], int] | None = None):
        self.paths = paths
        self.conn: sqlite3.Connection | None = conn
        self.device_id = device_id
        self.user = user
        self.clock_ms: Callable[[], int] = clock_ms or (lambda: int(time.time() * 1000))
        self.staff_no_width = DEFAULT_WIDTH

    @classmethod
    def open(cls, paths: DataPaths, *, user: str = "", clock_ms: Callable[[], int] | None = None) -> DirectStore:
        from app.storage.migrate import newest_revision_on_disk

        db = paths.db
        conn = None
        try:
            refuse_foreign_file(db)
            if not db.exists() or db.stat().st_size == 0:
                raise NeedsStore("no store yet")
            conn = sqlite3.connect(db, check_same_thread=False)
            configure(conn)
            if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'").fetchone():
                raise NeedsStore("no schema")
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            if revision is None or revision[0] != newest_revision_on_disk():
                raise NeedsStore("the schema is not this version's")
            device_id = read_meta(conn, "device_id")
            if not device_id:
                raise NeedsStore("no identity yet")
        except (sqlite3.Error, OSError) as exc:
            if conn is not None:
                conn.close()
            explained = explain(exc, db)
            if explained is None:
                raise
            raise explained from exc
        except NeedsStore:
            if conn is not None:
                conn.close()
            raise
        return cls(paths, conn, device_id, user=user, clock_ms=clock_ms)

    @contextlib.contextmanager
    def bulk_transaction(self) -> Iterator[sqlite3.Connection]:
        """One transaction: committed when the block ends, rolled back (nothing written) on error."""
        conn = self.conn
        if conn is None:
            raise RuntimeError("store is closed")
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            explained = explain(exc, self.paths.db)
            if explained is None:
                raise
            raise explained from exc

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None
