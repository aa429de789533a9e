"""Merging received changes into the store (docs/dev/sync.md "Merge"): the state is a pure function of the
set of changes, so order, duplicates and delays do not matter.

Every valid change goes into ``sync_change`` (insert-or-ignore by id); each affected record then
takes, field by field, the value of the greatest ``(ms, counter, origin, seq, hash)``. Changes this
version cannot read wait in ``sync_pending``; records whose referenced record has not arrived yet
wait in ``sync_waiting_row``. Names from files are checked against the ORM metadata, never put
into SQL as they are.

Bulk by design (a sync of a big import brings millions of changes): per table, one query for the
winners of a batch's records, one for the records present, one per referenced table for the
references, one executemany each for inserts and updates — plain rows, no ORM objects.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import Connection, insert, select

from app.domain import hlc
from app.storage import codec
from app.storage.models import SYNCED_MODELS, Base, LocalMeta, SyncedBase, synced_fields
from app.storage.models.sync import SyncPending
from app.sync.segments import SHORT, Change

_INSERT = ("INSERT OR IGNORE INTO sync_change (origin, seq, tbl, row_id, field, value, ms, counter, base, "
           "user, tx, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
_CHUNK = 500  # ids per IN (...) query
_NOBODY = object()


@dataclass
class Applied:
    new: int = 0  # changes not seen before
    pending: int = 0  # kept for a newer version
    waiting: int = 0  # records waiting for the record they refer to
    newest: dict[str, hlc.Stamp] = field(default_factory=dict)  # per origin, the greatest stamp seen
    shared: set[tuple[str, str]] = field(default_factory=set)  # touched records more than one laptop wrote


@cache
def _table_order() -> tuple[str, ...]:
    """Referenced tables first (councils before staff before attendance)."""
    return tuple(t.name for t in Base.metadata.sorted_tables if t.name in SYNCED_MODELS)


@cache
def _shape(model: type[SyncedBase]):
    """What materializing a table needs, worked out once: its fields, their defaults as stored,
    its references (field, target table, target column), the positions of its required fields
    and whether it refers to itself."""
    table = model.__table__
    fields = synced_fields(model)
    defaults = codec.defaults(model)
    refs = tuple((fk.parent.key, fk.column.table.name, fk.column.name) for fk in table.foreign_keys)
    required = tuple(i for i, f in enumerate(fields) if not table.columns[f].nullable)
    stored = tuple(codec.to_sql(codec.decode(model, f, defaults[f])) for f in fields)
    return fields, stored, refs, required, any(target == table.name for _f, target, _c in refs)


@lru_cache(maxsize=1 << 16)
def _decode(tbl: str, fld: str, text: str) -> Any:
    """A logged value as the column's Python value (cached: ids, statuses, dates repeat a lot)."""
    return codec.decode(SYNCED_MODELS[tbl], fld, text)


@cache
def _fields_of(tbl: str) -> frozenset[str]:
    return frozenset(synced_fields(SYNCED_MODELS[tbl]))


@cache
def _required(tbl: str) -> frozenset[str]:
    columns = SYNCED_MODELS[tbl].__table__.columns
    return frozenset(f for f in _fields_of(tbl) if not columns[f].nullable)


def _stored(decoded: dict, key: tuple[str, str], text: str) -> Any:
    """A logged value as SQLite stores it (``decoded``: what ``_readable`` already worked out)."""
    got = decoded.get((*key, text), _NOBODY)
    return codec.to_sql(_decode(*key, text)) if got is _NOBODY else got


def _readable(change: Change, decoded: dict | None = None) -> str | None:
    """Why this version cannot apply the change, or None (``decoded`` keeps the value)."""
    if change.tbl not in SYNCED_MODELS:
        return f"unknown table {change.tbl!r}"
    if change.field not in _fields_of(change.tbl):
        return f"unknown field {change.tbl}.{change.field}"
    try:
        value = _decode(change.tbl, change.field, change.value)
    except (ValueError, TypeError) as exc:
        return f"value does not fit: {exc}"
    if decoded is not None:
        decoded[(change.tbl, change.field, change.value)] = codec.to_sql(value)
    if value is None and change.field in _required(change.tbl):
        return f"value does not fit: {change.field} cannot be empty"
    return None


def _cursor(conn: Connection):
    return conn.connection.driver_connection.cursor()


def apply_changes(conn: Connection, changes: list[Change], *, now_ms: int,
                  cap_ms: int = hlc.DEFAULT_SKEW_CAP_MS) -> Applied:
    """Apply ``changes`` inside the caller's transaction (a file, or a batch of a bigger whole)."""
    result = Applied()
    good: list[Change] = []
    pending = []
    newest: dict[str, tuple[int, int]] = {}
    decoded: dict[tuple[str, str, str], Any] = {}  # each value decoded once: checked here, stored below
    for c in changes:
        stamp = (c.ms, c.counter)
        if stamp > newest.get(c.origin, (0, 0)):
            newest[c.origin] = stamp
        reason = _readable(c, decoded)
        if reason is None:
            good.append(c)
        else:
            pending.append({"cid": c.cid, "record": json.dumps(dict(zip(SHORT, c.values(), strict=True)) | {"h": c.hash},
                                                               ensure_ascii=False), "reason": reason})
    result.newest = {origin: hlc.Stamp(*stamp) for origin, stamp in newest.items()}
    if pending:
        conn.execute(insert(SyncPending).prefix_with("OR IGNORE"), pending)
        result.pending = len(pending)
    touched: dict[str, list[Change]] = {}
    for c in good:
        touched.setdefault(c.tbl, []).append(c)
    # The winners the log holds for these records *before* the batch goes in: a bulk import brings
    # new records, for which this finds nothing, so the batch alone decides (no read-back of it).
    known = {tbl: _logged(conn, tbl, sorted({c.row_id for c in batch})) for tbl, batch in touched.items()}
    raw = conn.connection.driver_connection
    before = raw.total_changes
    raw.cursor().executemany(_INSERT, good)
    result.new = raw.total_changes - before
    made: dict[str, list[str]] = {}  # table -> records created now: what waited for them may go in
    for tbl in _table_order():
        model = SYNCED_MODELS[tbl]
        _fields, _defaults, refs, _required_fields, _self = _shape(model)
        wins: dict[str, dict[str, tuple]] = {}
        if tbl in touched:
            wins, origins = known[tbl]
            _fold(wins, origins, ((c.row_id, c.field, c.ms, c.counter, c.origin, c.seq, c.hash, c.value)
                                  for c in touched[tbl]))
            result.shared.update((tbl, r) for r, o in origins.items() if o is None)
            result.waiting += _materialize_all(conn, model, sorted(wins), result.shared, made, wins, decoded)
        woken: set[str] = set()
        for target in {t for _f, t, _c in refs if made.get(t)}:
            woken |= waiting_for(conn, tbl, target, made[target])
        woken -= wins.keys()
        if woken:
            result.waiting += _materialize_all(conn, model, sorted(woken), result.shared, made)
    if result.newest:
        _advance_clock(conn, max(result.newest.values()), now_ms, cap_ms)
    return result


def _materialize_all(conn: Connection, model: type[SyncedBase], ids: list[str], shared: set[tuple[str, str]],
                     made: dict[str, list[str]], wins: dict | None = None, decoded: dict | None = None,
                     batch: int = 5000) -> int:
    """``materialize`` in batches (memory stays bounded however many records a file touches)."""
    waits = 0
    for start in range(0, len(ids), batch):
        chunk = ids[start:start + batch]
        still, created = materialize(conn, model, chunk, shared,
                                     None if wins is None else {r: wins[r] for r in chunk}, decoded)
        waits += still
        if created:
            made.setdefault(model.__tablename__, []).extend(created)
    return waits


def waiting_for(conn: Connection, tbl: str, target: str, ids: list[str]) -> set[str]:
    """The records of ``tbl`` that wait for one of the records ``ids`` of ``target``."""
    cur = _cursor(conn)
    found: set[str] = set()
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        found |= {r[0] for r in cur.execute(
            f"SELECT row_id FROM sync_waiting_row WHERE tbl = ? AND wants_tbl = ? AND wants_id IN ({','.join('?' * len(chunk))})",  # noqa: S608
            (tbl, target, *chunk))}
    return found


def recheck_waiting(conn: Connection, batch: int = 5000) -> int:
    """Try again the waiting records whose wanted record is here now (it may have been made here
    by hand, not received) and those waiting for their own creation; returns how many still wait."""
    cur = _cursor(conn)
    still = 0
    for tbl in _table_order():
        _fields, _defaults, refs, _required_fields, _self = _shape(SYNCED_MODELS[tbl])
        ids = {r[0] for r in cur.execute("SELECT row_id FROM sync_waiting_row WHERE tbl = ? AND wants_tbl IS NULL", (tbl,))}
        for target, column in {(t, c) for _f, t, c in refs}:
            ids |= {r[0] for r in cur.execute(
                f'SELECT w.row_id FROM sync_waiting_row w JOIN "{target}" t ON t."{column}" = w.wants_id '  # noqa: S608
                "WHERE w.tbl = ? AND w.wants_tbl = ?", (tbl, target))}
        if ids:
            still += _materialize_all(conn, SYNCED_MODELS[tbl], sorted(ids), set(), {}, batch=batch)
    return still


def _fold(best: dict[str, dict[str, tuple]], origins: dict[str, str | None], rows) -> None:
    """Fold changes ``(row_id, field, ms, counter, origin, seq, hash, value)`` into each field's
    greatest ``(ms, counter, origin, seq, hash)``; ``origins`` ends None for a record that more
    than one laptop wrote."""
    for row in rows:
        row_id, fld = row[0], row[1]
        fields = best.get(row_id)
        if fields is None:
            best[row_id] = fields = {}
        who = origins.get(row_id, _NOBODY)
        if who is _NOBODY:
            origins[row_id] = row[4]
        elif who is not None and who != row[4]:
            origins[row_id] = None  # a second laptop
        order = row[2:7]
        held = fields.get(fld)
        if held is None or order > held[0]:
            fields[fld] = (order, row[7])


def _logged(conn: Connection, tbl: str, row_ids: list[str]) -> tuple[dict[str, dict[str, tuple]], dict[str, str | None]]:
    """The log's greatest change of each field of these records: row_id -> field -> (order, value),
    and who wrote each record (None: more than one laptop)."""
    best: dict[str, dict[str, tuple]] = {}
    origins: dict[str, str | None] = {}
    cur = _cursor(conn)
    for start in range(0, len(row_ids), _CHUNK):
        chunk = row_ids[start:start + _CHUNK]
        _fold(best, origins, cur.execute(
            "SELECT row_id, field, ms, counter, origin, seq, hash, value FROM sync_change "
            f"WHERE tbl = ? AND row_id IN ({','.join('?' * len(chunk))})", (tbl, *chunk)))  # noqa: S608 - placeholders only
    return best, origins


def winners(conn: Connection, tbl: str, row_ids: list[str],
            shared: set[tuple[str, str]] | None = None) -> dict[str, dict[str, str]]:
    """row_id -> field -> encoded value of the winning change; records written by more than one
    laptop go into ``shared``."""
    best, origins = _logged(conn, tbl, row_ids)
    if shared is not None:
        shared.update((tbl, r) for r, o in origins.items() if o is None)
    return {row_id: {f: v for f, (_o, v) in fields.items()} for row_id, fields in best.items()}


def _existing(conn: Connection, target: str, column: str, values: set) -> set:
    cur = _cursor(conn)
    found: set = set()
    items = sorted(values, key=str)
    for start in range(0, len(items), _CHUNK):
        chunk = items[start:start + _CHUNK]
        found |= {r[0] for r in cur.execute(
            f'SELECT "{column}" FROM "{target}" WHERE "{column}" IN ({",".join("?" * len(chunk))})',  # noqa: S608 - ORM names
            [codec.to_sql(v) for v in chunk])}
    return found


def materialize(conn: Connection, model: type[SyncedBase], row_ids: list[str],
                shared: set[tuple[str, str]] | None = None, wins: dict[str, dict[str, tuple]] | None = None,
                decoded: dict | None = None) -> tuple[int, list[str]]:
    """Bring each record to the winners of its fields (``wins``: row_id -> field -> (order,
    value), as the caller folded them; else read from the log); returns (how many must keep
    waiting, the records created). Values are handled as SQLite stores them, from start to end."""
    fields, defaults, refs, required, self_referencing = _shape(model)
    if self_referencing and len(row_ids) > 1:  # a later record may refer to an earlier one: one at a time
        waits, made = 0, []
        for row_id in row_ids:
            w, m = materialize(conn, model, [row_id], shared, None if wins is None else {row_id: wins[row_id]},
                               decoded)
            waits, made = waits + w, made + m
        return waits, made
    tbl = model.__tablename__
    if wins is None:
        logged = winners(conn, tbl, row_ids, shared)
    else:
        logged = {row_id: {f: v for f, (_o, v) in won.items()} for row_id, won in wins.items()}
    decoded = {} if decoded is None else decoded
    cur = _cursor(conn)
    columns = ", ".join(f'"{f}"' for f in fields)  # names from the ORM metadata, never from a file
    present: dict[str, tuple] = {}
    ids = [r for r in row_ids if r in logged]
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        present |= {r[0]: r[1:] for r in cur.execute(
            f'SELECT id, {columns} FROM "{tbl}" WHERE id IN ({",".join("?" * len(chunk))})', chunk)}  # noqa: S608
    plans = []  # (row_id, values as stored, changed fields or None for a new record)
    asked: dict[tuple[str, str], set] = {ref[1:]: set() for ref in refs}  # (target, column) -> values to look up
    at = tuple((i, f, (tbl, f)) for i, f in enumerate(fields))
    ref_at = tuple((fields.index(f), f, (target, column)) for f, target, column in refs)
    for row_id in ids:
        won = logged[row_id]
        stored = [(_stored(decoded, key, won[f]) if f in won else defaults[i]) for i, f, key in at]
        current = present.get(row_id)
        if current is not None:
            changed = {f for f, new, old in zip(fields, stored, current, strict=True) if new != old}
            plans.append((row_id, stored, changed))
            for i, f, key in ref_at:
                if f in changed and stored[i] is not None:
                    asked[key].add(stored[i])
        else:
            plans.append((row_id, stored, None))
            for i, _f, key in ref_at:
                if stored[i] is not None:
                    asked[key].add(stored[i])
    exists = {key: _existing(conn, *key, wanted) for key, wanted in asked.items() if wanted}
    updates: dict[tuple[str, ...], list[tuple]] = {}
    new_rows, wait, unwait = [], [], []
    for row_id, stored, changed in plans:
        dangling = [(f, key[0], stored[i]) for i, f, key in ref_at
                    if (changed is None or f in changed) and stored[i] is not None and stored[i] not in exists[key]]
        if changed is not None:
            # A new reference to a record that has not arrived yet waits for it (the rest applies).
            keep = tuple(f for i, f, _key in at if f in changed and f not in {d[0] for d in dangling})
            if keep:
                updates.setdefault(keep, []).append((*(stored[fields.index(f)] for f in keep), row_id))
            if dangling:
                wait.append((tbl, row_id, dangling[0][1], dangling[0][2]))
            else:
                unwait.append(row_id)
        elif any(stored[i] is None for i in required):
            wait.append((tbl, row_id, None, None))  # an edit that arrived before the record's creation
        elif dangling:
            wait.append((tbl, row_id, dangling[0][1], dangling[0][2]))  # its reference has not arrived
        else:
            new_rows.append((row_id, *stored))
            unwait.append(row_id)
    for keep, rows in updates.items():
        sets = ", ".join(f'"{f}" = ?' for f in keep)
        cur.executemany(f'UPDATE "{tbl}" SET {sets} WHERE id = ?', rows)  # noqa: S608
    if new_rows:
        marks = ", ".join("?" * (len(fields) + 1))
        cur.executemany(f'INSERT INTO "{tbl}" (id, {columns}) VALUES ({marks})', new_rows)  # noqa: S608
    if wait:
        cur.executemany("INSERT OR REPLACE INTO sync_waiting_row (tbl, row_id, wants_tbl, wants_id) VALUES (?, ?, ?, ?)", wait)
    if unwait and cur.execute("SELECT 1 FROM sync_waiting_row WHERE tbl = ? LIMIT 1", (tbl,)).fetchone():
        cur.executemany("DELETE FROM sync_waiting_row WHERE tbl = ? AND row_id = ?", [(tbl, r) for r in unwait])
    return len(wait), [r[0] for r in new_rows]


def _advance_clock(conn: Connection, seen: hlc.Stamp, now_ms: int, cap_ms: int) -> None:
    row = conn.execute(select(LocalMeta.value).where(LocalMeta.key == "hlc")).scalar_one_or_none()
    current = hlc.Stamp.parse(row) if row else hlc.ZERO
    after = hlc.receive(current, seen, now_ms, cap_ms)
    if after != current:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        stmt = sqlite_insert(LocalMeta.__table__).values(key="hlc", value=str(after))
        conn.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": str(after)}))

