"""Change capture: every committed change to a synced table becomes change rows in the same
transaction (docs/dev/storage.md "Capture" — the transactional outbox).

Hooked on the ORM session, so every write path that uses the session is captured: object edits,
``session.add`` of new records and ORM bulk ``insert(Model)`` with a list of rows. Paths that
would bypass it — hard deletes, ORM ``update()``/``delete()`` with a WHERE clause — are refused.
``check`` verifies afterwards that the tables equal the winners of the log, which catches raw SQL.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from sqlalchemy import event, func, inspect, select
from sqlalchemy.orm import Session

from app.domain import hlc
from app.storage import codec, deletions
from app.storage.changelog import CHANGE_COLUMNS, INSERT_SQL, Winner, change_hash, cid_of  # noqa: F401 - re-exported
from app.storage.models import LocalMeta, SyncChange, SyncedBase, synced_fields


class CaptureViolation(RuntimeError):
    """A write that would escape the change log: a bug in the caller, never bad input."""


def winners(session: Session, tbl: str, row_id: str) -> dict[str, Winner]:
    """The current winning change of each field of one record."""
    rows = session.execute(
        select(SyncChange.field, SyncChange.origin, SyncChange.seq, SyncChange.hash,
               SyncChange.ms, SyncChange.counter, SyncChange.value)
        .where(SyncChange.tbl == tbl, SyncChange.row_id == row_id)
    ).all()
    best: dict[str, Winner] = {}
    for field, origin, seq, digest, ms, counter, value in rows:
        order = (ms, counter, origin, seq, digest)
        current = best.get(field)
        if current is None or order > current.order:
            best[field] = Winner(cid_of(origin, seq, digest), hlc.Stamp(ms, counter), order, value)
    return best


class _Writer:
    """Collects the change rows of one flush and writes them with one executemany."""

    def __init__(self, session: Session):
        self.session = session
        info = session.info
        # The identity as committed, read under the write lock: a sync round on the share worker may
        # have taken a new one (sync/identity.py) since this session was made with the old one.
        self.origin: str = _meta(session, "device_id") or info["device_id"]
        self.user: str = info.get("user", "")
        self.tx: str = info.setdefault("tx_id", str(uuid.uuid4()))
        self.clock = hlc.Stamp.parse(_meta(session, "hlc") or "0:0")
        self.seq = session.execute(
            select(func.coalesce(func.max(SyncChange.seq), 0)).where(SyncChange.origin == self.origin)
        ).scalar_one()
        self.now_ms = info["clock_ms"]() if "clock_ms" in info else int(time.time() * 1000)
        self.rows: list[tuple] = []

    def add(self, tbl: str, row_id: str, field: str, value: str, winner: Winner | None) -> None:
        stamp = hlc.send(self.clock, self.now_ms)
        if winner is not None:
            stamp = max(stamp, hlc.successor(winner.stamp))
        self.clock = stamp
        self.seq += 1
        row = (self.origin, self.seq, tbl, row_id, field, value, stamp.ms, stamp.counter,
               winner.cid if winner else None, self.user, self.tx)
        self.rows.append((*row, change_hash(row)))

    def write(self) -> None:
        if not self.rows:
            return
        # The driver's executemany: the log is the bulk of an import, so it skips the ORM.
        self.session.connection().exec_driver_sql(INSERT_SQL, self.rows)
        _set_meta(self.session, "hlc", str(self.clock))


def _meta(session: Session, key: str) -> str | None:
    return session.connection().execute(
        select(LocalMeta.value).where(LocalMeta.key == key)
    ).scalar_one_or_none()


def _set_meta(session: Session, key: str, value: str) -> None:
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    stmt = sqlite_insert(LocalMeta.__table__).values(key=key, value=value)
    session.connection().execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": value}))


def _capture_new(writer: _Writer, model: type[SyncedBase], values: dict[str, Any]) -> None:
    """A record created here. A new record starts from its column defaults on every replica, so
    only the fields that differ from their default are changes.

    No history lookup is needed: rows are never hard-deleted, so an id with history is always in
    its table, and inserting it again fails on the primary key before anything is committed."""
    tbl = model.__tablename__
    row_id = values["id"]
    encoded_defaults = codec.defaults(model)
    for field, default in codec.default_values(model):
        value = values.get(field)
        if value is default or (value == default and type(value) is type(default)):
            continue  # cheap path: the Python default itself (an import encodes ~100,000 cells)
        encoded = codec.encode(model, field, value)
        if encoded != encoded_defaults[field]:
            writer.add(tbl, row_id, field, encoded, None)


def _row_values(obj: SyncedBase) -> dict[str, Any]:
    return {c.key: getattr(obj, c.key) for c in obj.__table__.columns}


def _before_flush(session: Session, flush_context, instances) -> None:
    for obj in session.deleted:
        if isinstance(obj, SyncedBase):
            raise CaptureViolation(f"hard delete of {obj.__tablename__} {obj.id}: set deleted=True instead")
    deletions.record_views(session)  # a delete also says what its author had seen (fault 9)
    # Defaults must be real values before capture reads them.
    for obj in session.new:
        if isinstance(obj, SyncedBase):
            for column in obj.__table__.columns:
                if getattr(obj, column.key) is None and column.default is not None and column.default.is_scalar:
                    setattr(obj, column.key, column.default.arg)
            if obj.id is None:
                obj.id = str(uuid.uuid4())


def _after_flush(session: Session, flush_context) -> None:
    if "device_id" not in session.info:
        return
    writer = _Writer(session)
    new_by_table: dict[str, list[SyncedBase]] = {}
    for obj in session.new:
        if isinstance(obj, SyncedBase):
            new_by_table.setdefault(obj.__tablename__, []).append(obj)
    for objs in new_by_table.values():
        for obj in objs:
            _capture_new(writer, type(obj), _row_values(obj))
    for obj in session.dirty:
        if not isinstance(obj, SyncedBase) or not session.is_modified(obj, include_collections=False):
            continue
        model = type(obj)
        tbl = model.__tablename__
        prior = winners(session, tbl, obj.id)
        attrs = inspect(obj).attrs
        for field in synced_fields(model):
            history = attrs[field].history
            if not history.added:
                continue
            encoded = codec.encode(model, field, history.added[0])
            winner = prior.get(field)
            if winner is not None and winner.value == encoded:
                continue
            writer.add(tbl, obj.id, field, encoded, winner)
    writer.write()


def _guard_bulk(orm_execute_state) -> None:
    """Refuse ORM bulk UPDATE/DELETE on synced tables; capture ORM bulk INSERT of whole rows."""
    if not (orm_execute_state.is_update or orm_execute_state.is_delete or orm_execute_state.is_insert):
        return
    mapper = orm_execute_state.bind_mapper
    model = mapper.class_ if mapper is not None else None
    if model is None or not issubclass(model, SyncedBase):
        return
    if orm_execute_state.is_update or orm_execute_state.is_delete:
        raise CaptureViolation(f"bulk update/delete of {model.__tablename__} bypasses change capture")
    params = orm_execute_state.parameters
    rows = params if isinstance(params, list) else [params] if params else []
    _capture_inserts(orm_execute_state.session, model, rows)


def _capture_inserts(session: Session, model: type[SyncedBase], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if not rows:
        raise CaptureViolation("an insert without rows cannot be captured")
    defaults = dict(codec.default_values(model))
    full: list[dict[str, Any]] = []
    for row in rows:
        if row.get("id") is None:
            raise CaptureViolation(f"bulk insert into {model.__tablename__} must give every row its id")
        full.append({**defaults, **row})
    if "device_id" in session.info:
        writer = _Writer(session)
        for values in full:
            _capture_new(writer, model, values)
        writer.write()
    return full


def insert_records(session: Session, model: type[SyncedBase], rows: list[dict[str, Any]]) -> int:
    """Create many records at once — the import path: their change rows and the records
    themselves, one executemany each, in the session's transaction."""
    full = _capture_inserts(session, model, rows)
    columns = [c.key for c in model.__table__.columns]
    names = ", ".join(f'"{c}"' for c in columns)  # from the ORM metadata, never from a file
    sql = f"INSERT INTO {model.__tablename__} ({names}) VALUES ({', '.join('?' for _ in columns)})"
    session.connection().exec_driver_sql(sql, [tuple(codec.to_sql(row[c]) for c in columns) for row in full])
    return len(full)


def install(session_factory) -> None:
    """Attach capture to a sessionmaker (every session it makes is captured)."""
    event.listen(session_factory, "before_flush", _before_flush)
    event.listen(session_factory, "after_flush", _after_flush)
    event.listen(session_factory, "do_orm_execute", _guard_bulk)
    event.listen(session_factory, "after_commit", lambda s: s.info.pop("tx_id", None))
    event.listen(session_factory, "after_rollback", lambda s: s.info.pop("tx_id", None))
