"""Merging received changes into the store (SYNC.md "Merge"): the state is a pure function of the
set of changes, so order, duplicates and delays do not matter.

Every valid change goes into ``sync_change`` (insert-or-ignore by id); each affected record then
takes, field by field, the value of the greatest ``(ms, counter, origin, seq, hash)``. Changes this
version cannot read wait in ``sync_pending``; records whose referenced record has not arrived yet
wait in ``sync_waiting_row``. Names from files are checked against the ORM metadata, never put
into SQL as they are.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, insert, select, update

from app.domain import hlc
from app.storage import codec
from app.storage.models import SYNCED_MODELS, Base, LocalMeta, SyncedBase, synced_fields
from app.storage.models_sync import SyncPending, SyncWaitingRow
from app.sync.segments import SHORT, Change

_INSERT = ("INSERT OR IGNORE INTO sync_change (origin, seq, tbl, row_id, field, value, ms, counter, base, "
           "user, tx, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


@dataclass
class Applied:
    new: int = 0  # changes not seen before
    pending: int = 0  # kept for a newer version
    waiting: int = 0  # records waiting for the record they refer to
    newest: dict[str, hlc.Stamp] = field(default_factory=dict)  # per origin, the greatest stamp seen


def _table_order() -> list[str]:
    """Referenced tables first (councils before staff before attendance)."""
    return [t.name for t in Base.metadata.sorted_tables if t.name in SYNCED_MODELS]


_FIELDS: dict[type, frozenset[str]] = {}


def _fields_of(model: type[SyncedBase]) -> frozenset[str]:
    if model not in _FIELDS:
        _FIELDS[model] = frozenset(synced_fields(model))
    return _FIELDS[model]


def _readable(change: Change) -> str | None:
    """Why this version cannot apply the change, or None."""
    model = SYNCED_MODELS.get(change.tbl)
    if model is None:
        return f"unknown table {change.tbl!r}"
    if change.field not in _fields_of(model):
        return f"unknown field {change.tbl}.{change.field}"
    try:
        value = codec.decode(model, change.field, change.value)
    except (ValueError, TypeError) as exc:
        return f"value does not fit: {exc}"
    if value is None and not model.__table__.columns[change.field].nullable:
        return f"value does not fit: {change.field} cannot be empty"
    return None


def apply_changes(conn: Connection, changes: list[Change], *, now_ms: int,
                  cap_ms: int = hlc.DEFAULT_SKEW_CAP_MS) -> Applied:
    """Apply ``changes`` inside the caller's transaction (one file = one transaction)."""
    result = Applied()
    good, pending = [], []
    for c in changes:
        reason = _readable(c)
        if reason is None:
            good.append(c)
        else:
            pending.append({"cid": c.cid, "record": json.dumps(dict(zip(SHORT, c.values(), strict=True)) | {"h": c.hash},
                                                               ensure_ascii=False), "reason": reason})
        stamp = hlc.Stamp(c.ms, c.counter)
        if stamp > result.newest.get(c.origin, hlc.ZERO):
            result.newest[c.origin] = stamp
    if pending:
        conn.execute(insert(SyncPending).prefix_with("OR IGNORE"), pending)
        result.pending = len(pending)
    before = conn.exec_driver_sql("SELECT total_changes()").scalar()
    conn.exec_driver_sql(_INSERT, [(*c.values(), c.hash) for c in good])
    result.new = conn.exec_driver_sql("SELECT total_changes()").scalar() - before
    touched: dict[str, set[str]] = defaultdict(set)
    for c in good:
        touched[c.tbl].add(c.row_id)
    for tbl, row_id in conn.execute(select(SyncWaitingRow.tbl, SyncWaitingRow.row_id)):
        touched[tbl].add(row_id)
    for tbl in _table_order():
        if touched.get(tbl):
            result.waiting += materialize(conn, SYNCED_MODELS[tbl], sorted(touched[tbl]))
    if result.newest:
        _advance_clock(conn, max(result.newest.values()), now_ms, cap_ms)
    return result


def winners(conn: Connection, tbl: str, row_ids: list[str]) -> dict[str, dict[str, str]]:
    """row_id -> field -> encoded value of the winning change."""
    best: dict[tuple[str, str], tuple] = {}
    for start in range(0, len(row_ids), 500):
        chunk = row_ids[start:start + 500]
        marks = ",".join("?" for _ in chunk)
        rows = conn.exec_driver_sql(
            "SELECT row_id, field, value, ms, counter, origin, seq, hash FROM sync_change "
            f"WHERE tbl = ? AND row_id IN ({marks})", (tbl, *chunk))  # noqa: S608 - placeholders only
        for row_id, fld, value, *order in rows:
            key = (row_id, fld)
            if key not in best or tuple(order) > best[key][1]:
                best[key] = (value, tuple(order))
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for (row_id, fld), (value, _order) in best.items():
        out[row_id][fld] = value
    return out


def materialize(conn: Connection, model: type[SyncedBase], row_ids: list[str]) -> int:
    """Bring each record to the winners of its fields; returns how many must keep waiting."""
    table = model.__table__
    tbl = model.__tablename__
    fields = synced_fields(model)
    defaults = codec.defaults(model)
    decoded_defaults = {f: codec.decode(model, f, defaults[f]) for f in fields}
    logged = winners(conn, tbl, row_ids)
    present = {r.id: r for r in conn.execute(select(table).where(table.c.id.in_(row_ids)))} if row_ids else {}
    was_waiting = {r[0] for r in conn.exec_driver_sql("SELECT row_id FROM sync_waiting_row WHERE tbl = ?", (tbl,))}
    self_referencing = any(fk.column.table is table for fk in table.foreign_keys)
    known: dict[tuple[str, Any], bool] = {}  # (target table, id) -> exists: one query per target
    new_rows: list[dict[str, Any]] = []
    wait, unwait = [], []
    for row_id in row_ids:
        wins = logged.get(row_id)
        if not wins:
            continue
        values = {f: (codec.decode(model, f, wins[f]) if f in wins else decoded_defaults[f]) for f in fields}
        current = present.get(row_id)
        if current is not None:
            changed = {f: v for f, v in values.items() if getattr(current, f) != v}
            # A new reference to a record that has not arrived yet waits for it (the rest applies).
            dangling = _missing_references(conn, model, changed, known)
            for f in dangling:
                del changed[f]
            if changed:
                conn.execute(update(table).where(table.c.id == row_id).values(**changed))
            (wait if dangling else unwait).append(row_id)
            continue
        if _incomplete(model, values) or _missing_references(conn, model, values, known):
            wait.append(row_id)
            continue
        new_rows.append({"id": row_id, **values})
        unwait.append(row_id)
        if self_referencing:  # a later row may refer to this one: it must be there first
            conn.execute(insert(table), new_rows)
            new_rows = []
    if new_rows:
        conn.execute(insert(table), new_rows)  # one executemany: an import brings thousands
    if wait:
        conn.execute(insert(SyncWaitingRow).prefix_with("OR IGNORE"), [{"tbl": tbl, "row_id": r} for r in wait])
    done = [(tbl, r) for r in unwait if r in was_waiting]
    if done:
        conn.exec_driver_sql("DELETE FROM sync_waiting_row WHERE tbl = ? AND row_id = ?", done)
    return len(wait)


def _incomplete(model, values: dict[str, Any]) -> bool:
    """An edit that arrived before the record's creation: a required field has no value yet."""
    columns = model.__table__.columns
    return any(v is None and not columns[f].nullable for f, v in values.items())


def _missing_references(conn: Connection, model, values: dict[str, Any],
                        known: dict[tuple[str, Any], bool] | None = None) -> list[str]:
    """The fields of ``values`` that refer to a record this store does not have (yet)."""
    known = {} if known is None else known
    missing = []
    for fk in model.__table__.foreign_keys:
        value = values.get(fk.parent.key)
        if value is None:
            continue
        target = fk.column.table
        key = (target.name, value)
        if key not in known:
            known[key] = conn.execute(select(target.c.id).where(fk.column == value)).first() is not None
        if not known[key]:
            missing.append(fk.parent.key)
    return missing


def _advance_clock(conn: Connection, seen: hlc.Stamp, now_ms: int, cap_ms: int) -> None:
    row = conn.execute(select(LocalMeta.value).where(LocalMeta.key == "hlc")).scalar_one_or_none()
    current = hlc.Stamp.parse(row) if row else hlc.ZERO
    after = hlc.receive(current, seen, now_ms, cap_ms)
    if after != current:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        stmt = sqlite_insert(LocalMeta.__table__).values(key="hlc", value=str(after))
        conn.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": str(after)}))


