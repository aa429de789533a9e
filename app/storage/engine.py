"""The SQLite engine: pragmas that make a saved change survive a crash or power loss.

WAL keeps readers and the writer apart; ``synchronous=FULL`` makes a commit durable before it
returns, so "saved" on screen means saved on disk. Every transaction starts with BEGIN IMMEDIATE:
the write lock is taken up front, so a transaction never fails half-way on a lock it could not get.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event

READ_ONLY = "fielddesk_read_only"


def make_engine(db_path: Path, *, busy_timeout_ms: int = 5000) -> Engine:
    engine = create_engine(f"sqlite:///{db_path}", future=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # noqa: ANN001 - driver objects
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (pysqlite recipe)
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA cache_size=-65536")  # 64 MiB: bulk imports insert into random index pages
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        # A read-only snapshot (Store.reading) takes no write lock: a long check never holds up a mark.
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE")

    return engine
