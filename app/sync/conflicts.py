"""Conflicts (docs/dev/sync.md "Conflicts"): edits that were overwritten concurrently, computed from the
change log alone, so every laptop lists the same ones.

A change ``c`` of a field was overwritten concurrently iff it is not on the winner's base chain
(the winner's author had not seen it) and its value differs. An edit hidden by a delete is one the
delete's author had not seen — not among the heads its ``DeleteView`` lists nor an ancestor of one —
whatever its stamp (fault 9); of such edits, the latest of each author's chain is listed once, as
"deleted" (restoring it also undoes the delete). A delete written without a view (an older FieldDesk)
falls back to the stamp: edits stamped after it on another laptop. A user's "keep" or "restore
mine" is a synced ``ConflictResolution``, which closes it everywhere.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Connection, select

from app.storage import codec
from app.storage.deletions import VIEW_TABLE, change_ref, view_id
from app.storage.models import SYNCED_MODELS
from app.storage.models.sync import ConflictResolution


@dataclass(frozen=True)
class Conflict:
    kind: str  # "overwritten" | "deleted"
    tbl: str
    row_id: str
    field: str
    cid: str  # the overwritten change
    lost_value: object
    lost_user: str
    lost_origin: str
    lost_ms: int
    kept_cid: str
    kept_value: object
    kept_user: str
    kept_origin: str
    kept_ms: int


_COLS = "origin, seq, hash, tbl, row_id, field, value, ms, counter, base, user, tx"
ORIGIN, VALUE, BASE, TX = 0, 6, 9, 11


def _cid(row) -> str:
    return f"{row[0]}:{row[1]}:{row[2]}"


def _order(row) -> tuple:
    return (row[7], row[8], row[0], row[1], row[2])


def _chain(start, by_cid: dict, into: set[str]) -> None:
    """Add ``start`` and its ancestors along ``base`` to ``into``."""
    step = start
    while step is not None and _cid(step) not in into:
        into.add(_cid(step))
        step = by_cid.get(step[BASE]) if step[BASE] else None


def _field_conflicts(rows: list) -> list[tuple]:
    """(lost, kept) pairs among the changes of one field."""
    by_cid = {_cid(r): r for r in rows}
    winner = max(rows, key=_order)
    chain: set[str] = set()
    _chain(winner, by_cid, chain)
    return [(r, winner) for r in rows if _cid(r) not in chain and r[VALUE] != winner[VALUE]]


def _view(conn: Connection, tbl: str, row_id: str, delete) -> dict[str, list[str]] | None:
    """What the author of ``delete`` had seen: field -> head refs; None if it wrote no view."""
    rows = conn.exec_driver_sql(
        "SELECT field, value, ms, counter, origin, seq, hash FROM sync_change WHERE tbl = ? AND row_id = ?",
        (VIEW_TABLE, view_id(tbl, row_id, delete[TX]))).all()
    if not rows:
        return None
    seen = [r for r in rows if r[0] == "seen"]
    if not seen:
        return {}
    try:
        value = json.loads(json.loads(max(seen, key=lambda r: r[2:])[1]))
    except (ValueError, TypeError):
        return None
    if not isinstance(value, dict):
        return None
    return {str(k): [str(ref) for ref in v] for k, v in value.items() if isinstance(v, list)}


def _hidden_by_delete(tbl: str, fields: dict[str, list], delete, seen: dict[str, list[str]] | None) -> list:
    """The edits of the record that ``delete`` hid without its author having seen them."""
    hidden = []
    defaults = codec.defaults(SYNCED_MODELS[tbl]) if tbl in SYNCED_MODELS else {}
    for name, changes in fields.items():
        if name == "deleted":
            continue
        others = [c for c in changes if c[ORIGIN] != delete[ORIGIN]]  # the deleter's own later edits are not news
        if seen is None:
            hidden += [c for c in others if _order(c) > _order(delete)]
            continue
        by_cid = {_cid(c): c for c in changes}
        by_ref = {change_ref(c[7], c[8], c[TX]): c for c in changes}
        heads = [by_ref[ref] for ref in seen.get(name, ()) if ref in by_ref]
        known: set[str] = set()
        for head in heads:
            _chain(head, by_cid, known)
        saw = max(heads, key=_order)[VALUE] if heads else defaults.get(name)
        superseded = {c[BASE] for c in changes if c[BASE]}  # its author went on editing: the later one counts
        hidden += [c for c in others if _cid(c) not in known and _cid(c) not in superseded and c[VALUE] != saw]
    return hidden


def _make(kind: str, lost, kept) -> Conflict:
    return Conflict(kind, lost[3], lost[4], lost[5], _cid(lost), json.loads(lost[6]), lost[10], lost[0], lost[7],
                    _cid(kept), json.loads(kept[6]), kept[10], kept[0], kept[7])


def _record_keys(conn: Connection, rows_of: list[tuple[str, str]] | None) -> list[tuple[str, str]]:
    """Records that more than one laptop wrote (only they can have conflicts)."""
    if rows_of is None:
        return [tuple(k) for k in conn.exec_driver_sql(
            "SELECT tbl, row_id FROM sync_change GROUP BY tbl, row_id HAVING COUNT(DISTINCT origin) > 1")]
    wanted = set(rows_of)
    ids = sorted({row_id for _tbl, row_id in wanted})
    keys = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        keys += [tuple(k) for k in conn.exec_driver_sql(
            f"SELECT tbl, row_id FROM sync_change WHERE row_id IN ({','.join('?' * len(chunk))}) "  # noqa: S608
            "GROUP BY tbl, row_id HAVING COUNT(DISTINCT origin) > 1", tuple(chunk)) if tuple(k) in wanted]
    return sorted(keys)


def find_conflicts(conn: Connection, rows_of: list[tuple[str, str]] | None = None) -> list[Conflict]:
    """Open conflicts, of every record or only of ``rows_of`` [(tbl, row_id)] (a sync round's)."""
    resolved = set(conn.execute(select(ConflictResolution.cid).where(ConflictResolution.deleted.is_(False))).scalars())
    found: list[Conflict] = []
    for tbl, row_id in _record_keys(conn, rows_of):
        rows = conn.exec_driver_sql(f"SELECT {_COLS} FROM sync_change WHERE tbl = ? AND row_id = ?",  # noqa: S608
                                    (tbl, row_id)).all()
        fields: dict[str, list] = {}
        for r in rows:
            fields.setdefault(r[5], []).append(r)
        hidden: list[Conflict] = []
        deletes = fields.get("deleted")
        if deletes:
            last_delete = max(deletes, key=_order)
            if last_delete[VALUE] == "true":
                seen = _view(conn, tbl, row_id, last_delete)
                hidden = [_make("deleted", c, last_delete)
                          for c in _hidden_by_delete(tbl, fields, last_delete, seen)]
        shown = {c.cid for c in hidden}  # a hidden edit is listed once, as hidden by the delete
        for changes in fields.values():
            found += [_make("overwritten", lost, kept) for lost, kept in _field_conflicts(changes)
                      if _cid(lost) not in shown]
        found += hidden
    return [c for c in found if c.cid not in resolved]
