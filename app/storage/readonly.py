"""The read session's guard: a session from ``Store.read()`` refuses every write.

A read session is never captured (it has no change log identity), so a write inside one would be
committed without change rows and never reach another laptop. Rather than rely on care, such a
write fails loudly: an ORM flush or ORM insert/update/delete raises ``ReadSessionWrite`` at once,
and raw SQL is stopped by SQLite itself (``PRAGMA query_only`` on the session's connection).
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import Connection, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

READ_SESSION = "fielddesk_read_session"  # the session.info key that marks a Store.read() session

_WHY = ("a write inside Store.read(): a read session is not captured, so the change would never sync; "
        "use Store.session() to edit")


class ReadSessionWrite(RuntimeError):
    """A write attempted inside ``Store.read()``: a bug in the caller, never bad input."""


def _refuse_flush(session: Session, _flush_context, _instances) -> None:
    if session.info.get(READ_SESSION):
        changed = [type(o).__name__ for o in (*session.new, *session.dirty, *session.deleted)]
        raise ReadSessionWrite(f"{_WHY} (pending: {', '.join(sorted(set(changed))) or 'a flush'})")


def _refuse_dml(orm_execute_state) -> None:
    if orm_execute_state.session.info.get(READ_SESSION) and (
            orm_execute_state.is_insert or orm_execute_state.is_update or orm_execute_state.is_delete):
        raise ReadSessionWrite(f"{_WHY} (statement: {str(orm_execute_state.statement).split()[0]})")


def install(session_factory) -> None:
    """Attach the guard to a sessionmaker; it acts only on sessions marked ``READ_SESSION``.
    Installed before capture, so a read session's write is reported as what it is."""
    event.listen(session_factory, "before_flush", _refuse_flush)
    event.listen(session_factory, "do_orm_execute", _refuse_dml)


def lock(conn: Connection) -> None:
    """From here on SQLite refuses any write on this connection (raw SQL included)."""
    conn.exec_driver_sql("PRAGMA query_only = ON")


def unlock(conn: Connection) -> None:
    """Before the connection goes back to the pool; one that cannot be reset is thrown away."""
    try:
        conn.exec_driver_sql("PRAGMA query_only = OFF")
    except (DBAPIError, sqlite3.Error):
        conn.invalidate()


def refused(exc: BaseException) -> ReadSessionWrite | None:
    """SQLite's refusal of raw SQL under ``lock``, said as the programming error it is."""
    original = getattr(exc, "orig", None) or exc
    if isinstance(original, sqlite3.OperationalError) and "readonly database" in str(original):
        return ReadSessionWrite(f"{_WHY} (SQLite: {original})")
    return None
