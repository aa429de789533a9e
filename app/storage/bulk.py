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
        """Create records (each dict has its ``id``; missing fields take their defaults)."""
        defaults = {name: default for name, default, _kind in layout.columns if name != "id"}
        checks = [(name, default, encode_value(default)) for name, default, _kind in layout.fields]
        dated = [i for i, (_name, _default, kind) in enumerate(layout.columns) if kind == "date"]
        row_of = itemgetter(*layout.names)
        values, changes = [], []
        for row in sorted(rows, key=itemgetter("id")):  # key order: each index is walked once per batch
            full = {**defaults, **row}
            row_id = full["id"]
            for name, default, encoded_default in checks:
                value = full[name]
                if value is default or (value == default and type(value) is type(default)):
                    continue  # the column default itself: no change (the cheap test first)
                encoded = encode_basestring(value) if type(value) is str else encode_value(value)
                if encoded != encoded_default:
                    changes.append((row_id, name, encoded))
            record = row_of(full)  # bools bind as 0/1, as SQLAlchemy stores them
            if dated:
                record = tuple(to_sql(v) if i in dated else v for i, v in enumerate(record))
            values.append(record)
        quoted = ", ".join(f'"{n}"' for n in layout.names)  # from the layout, never from a file
        self.conn.executemany(f"INSERT INTO {layout.name} ({quoted}) VALUES ({', '.join('?' * len(layout.names))})",
                              values)
        self.log.add_new(layout.name, changes)
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


def free_ids(conn: sqlite3.Connection, layout: TableLayout, rows: Sequence[dict[str, Any]]) -> None:
    """A key-derived id can be taken by a record whose key was edited since (a meeting renamed):
    such a new record gets a fresh random id instead of colliding."""
    ids = [row["id"] for row in rows]
    taken: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        taken.update(r[0] for r in conn.execute(
            f"SELECT id FROM {layout.name} WHERE id IN ({', '.join('?' * len(chunk))})", chunk))
    for row in rows:
        if row["id"] in taken:
            row["id"] = new_id()
