"""Captured bulk writes through a plain sqlite3 connection: the import path.

The rule is capture's (``app.storage.capture``), applied to whole batches instead of one ORM object
at a time: a new record logs the fields that differ from their column default; an edit logs each
changed field with the field's current winner as its base and a stamp after the winner's. Records,
their change rows and the winners of edited records are each one executemany or one query per
batch, so an import costs the same per row into an empty store and into one holding ten years.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from json.encoder import encode_basestring
from operator import itemgetter
from typing import Any

from app.storage.changelog import ChangeLog, encode_value, to_sql, winners_of
from app.storage.ids import new_id
from app.storage.layout import TableLayout


class BulkWriter:
    def __init__(self, conn: sqlite3.Connection, log: ChangeLog):
        self.conn = conn
        self.log = log

    def insert(self, layout: TableLayout, rows: Sequence[dict[str, Any]]) -> int:
        """Create records (each dict has its ``id``; missing fields take their defaults).

        A key-derived id can be taken by a record whose key was edited since (a meeting renamed, a
        mark moved to the surviving record of a person): such a new record gets a fresh random id.
        That is found after the insert (``ON CONFLICT DO NOTHING`` wrote fewer rows), so the usual
        batch costs no lookup of its ids."""
        defaults = {name: default for name, default, _kind in layout.columns if name != "id"}
        dated = [i for i, (_name, _default, kind) in enumerate(layout.columns) if kind == "date"]
        row_of = itemgetter(*layout.names)
        rows = sorted(rows, key=itemgetter("id"))  # key order: each index is walked once per batch

        def record(row: dict[str, Any]) -> tuple:
            values = row_of({**defaults, **row})  # bools bind as 0/1, as SQLAlchemy stores them
            return tuple(to_sql(v) if i in dated else v for i, v in enumerate(values)) if dated else values

        values = [record(row) for row in rows]
        quoted = ", ".join(f'"{n}"' for n in layout.names)  # from the layout, never from a file
        sql = f"INSERT INTO {layout.name} ({quoted}) VALUES ({', '.join('?' * len(layout.names))})"
        written = self.conn.executemany(sql + " ON CONFLICT (id) DO NOTHING", values).rowcount
        if written != len(values):
            at = layout.names.index("id")
            stored = _stored(self.conn, layout, [v[at] for v in values])
            moved = [row for row, value in zip(rows, values, strict=True) if stored.get(value[at]) != value]
            for row in moved:
                row["id"] = new_id()
            self.conn.executemany(sql, [record(row) for row in moved])
        self.log.add_new(layout.name, _new_fields(rows, defaults))
        self.log.flush()
        return len(values)

    def update(self, layout: TableLayout, changes: dict[str, dict[str, Any]]) -> int:
        """Set the given fields of existing records (record id -> field -> new value)."""
        prior = winners_of(self.conn, layout.name, changes)
        by_fields: dict[tuple[str, ...], list[tuple]] = {}
        for row_id in sorted(changes):
            fields = changes[row_id]
            won = prior.get(row_id, {})
            for name, value in fields.items():
                encoded = encode_value(value)
                winner = won.get(name)
                if winner is not None and winner.value == encoded:
                    continue  # the log already says so (the table lagged behind it): no change row
                self.log.add(layout.name, row_id, name, encoded, winner)
            names = tuple(fields)
            by_fields.setdefault(names, []).append((*(to_sql(fields[n]) for n in names), row_id))
        for names, values in by_fields.items():
            assignments = ", ".join(f'"{n}" = ?' for n in names)
            self.conn.executemany(f"UPDATE {layout.name} SET {assignments} WHERE id = ?", values)
        self.log.flush()
        return len(changes)


def _new_fields(rows: Sequence[dict[str, Any]], defaults: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(record id, field, encoded value) of each field of new records that differs from its default."""
    encoded_defaults = {name: encode_value(default) for name, default in defaults.items()}
    changes = []
    for row in rows:
        row_id = row["id"]
        for name, value in row.items():  # a field left out has its default: no change
            if name == "id":
                continue
            default = defaults[name]
            if value is default or (value == default and type(value) is type(default)):
                continue  # the column default itself: no change (the cheap test first)
            encoded = encode_basestring(value) if type(value) is str else encode_value(value)
            if encoded != encoded_defaults[name]:
                changes.append((row_id, name, encoded))
    return changes


def _stored(conn: sqlite3.Connection, layout: TableLayout, ids: list[str]) -> dict[str, tuple]:
    """id -> the stored record (all columns, in the layout's order) of those of ``ids`` that exist."""
    at = layout.names.index("id")
    quoted = ", ".join(f'"{n}"' for n in layout.names)
    out = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for row in conn.execute(f"SELECT {quoted} FROM {layout.name} WHERE id IN ({', '.join('?' * len(chunk))})", chunk):
            out[row[at]] = row
    return out
