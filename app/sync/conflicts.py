"""Conflicts (SYNC.md "Conflicts"): edits that were overwritten concurrently, computed from the
change log alone, so every laptop lists the same ones.

A change ``c`` of a field was overwritten concurrently iff it is not on the winner's base chain
(the winner's author had not seen it) and its value differs. An edit of a record that someone
deleted, made after the deletion by the clock and on another laptop, is a conflict too. A user's
"keep" or "restore mine" is a synced ``ConflictResolution``, which closes it everywhere.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Connection, select

from app.storage.models_sync import ConflictResolution


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


_COLS = "origin, seq, hash, tbl, row_id, field, value, ms, counter, base, user"


def _cid(row) -> str:
    return f"{row[0]}:{row[1]}:{row[2]}"


def _order(row) -> tuple:
    return (row[7], row[8], row[0], row[1], row[2])


def _field_conflicts(rows: list) -> list[tuple]:
    """(lost, kept) pairs among the changes of one field."""
    by_cid = {_cid(r): r for r in rows}
    winner = max(rows, key=_order)
    chain, step = set(), winner
    while step is not None and _cid(step) not in chain:
        chain.add(_cid(step))
        step = by_cid.get(step[9]) if step[9] else None
    return [(r, winner) for r in rows if _cid(r) not in chain and r[6] != winner[6]]


def _make(kind: str, lost, kept) -> Conflict:
    return Conflict(kind, lost[3], lost[4], lost[5], _cid(lost), json.loads(lost[6]), lost[10], lost[0], lost[7],
                    _cid(kept), json.loads(kept[6]), kept[10], kept[0], kept[7])


def find_conflicts(conn: Connection, rows_of: list[tuple[str, str]] | None = None) -> list[Conflict]:
    """Open conflicts, of every record or only of ``rows_of`` [(tbl, row_id)] (a sync round's)."""
    if rows_of is None:
        keys = conn.exec_driver_sql(
            "SELECT tbl, row_id FROM sync_change GROUP BY tbl, row_id HAVING COUNT(DISTINCT origin) > 1").all()
    else:  # only records that more than one laptop wrote can have conflicts: one query finds them
        wanted = set(rows_of)
        ids = sorted({row_id for _tbl, row_id in wanted})
        keys = []
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            keys += [tuple(k) for k in conn.exec_driver_sql(
                f"SELECT tbl, row_id FROM sync_change WHERE row_id IN ({','.join('?' * len(chunk))}) "  # noqa: S608
                "GROUP BY tbl, row_id HAVING COUNT(DISTINCT origin) > 1", tuple(chunk)) if tuple(k) in wanted]
        keys.sort()
    resolved = set(conn.execute(select(ConflictResolution.cid).where(ConflictResolution.deleted.is_(False))).scalars())
    found: list[Conflict] = []
    for tbl, row_id in keys:
        rows = conn.exec_driver_sql(f"SELECT {_COLS} FROM sync_change WHERE tbl = ? AND row_id = ?",  # noqa: S608
                                    (tbl, row_id)).all()
        fields: dict[str, list] = {}
        for r in rows:
            fields.setdefault(r[5], []).append(r)
        if len({r[0] for r in rows}) < 2:
            continue
        for changes in fields.values():
            found += [_make("overwritten", lost, kept) for lost, kept in _field_conflicts(changes)]
        deletes = fields.get("deleted")
        if deletes:
            last_delete = max(deletes, key=_order)
            if last_delete[6] == "true":
                for name, changes in fields.items():
                    if name == "deleted":
                        continue
                    found += [_make("deleted", c, last_delete) for c in changes
                              if _order(c) > _order(last_delete) and c[0] != last_delete[0]]
    return [c for c in found if c.cid not in resolved]
