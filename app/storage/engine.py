"""The SQLite engine: pragmas that make a saved change survive a crash or power loss.

WAL keeps readers and the writer apart; ``synchronous=FULL`` makes a commit durable before it
returns, so "saved" on screen means saved on disk. Every transaction starts with BEGIN IMMEDIATE:
the write lock is taken up front, so a transaction never fails half-way on a lock it could not get.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event

from app.storage.direct import configure

READ_ONLY = "fielddesk_read_only"


def make_engine(db_path: Path, *, busy_timeout_ms: int = 5000) -> Engine:
    # hide_parameters: an error's text (logged, in a crash report) never carries the row's values
    engine = create_engine(f"sqlite:///{db_path}", future=True, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # noqa: ANN001 - driver objects
        configure(dbapi_conn, busy_timeout_ms)  # we issue BEGIN ourselves (pysqlite recipe)

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        # A read-only snapshot (Store.reading) takes no write lock: a long check never holds up a mark.
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE")

    return engine
