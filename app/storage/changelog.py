"""The change log's rows, written through a plain sqlite3 connection (no ORM).

What a change row is — its columns, its content hash, its id and the stamp of a local edit — is
defined here once: ``app.storage.capture`` (the ORM session hooks) and ``app.storage.bulk`` (the
import path, which writes tens of thousands of changes per transaction) both use it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from json.encoder import encode_basestring
from typing import Any

from app.domain import hlc

CHANGE_COLUMNS = ("origin", "seq", "tbl", "row_id", "field", "value", "ms", "counter", "base", "user", "tx")
INSERT_SQL = (
    f"INSERT INTO sync_change ({', '.join(CHANGE_COLUMNS)}, hash) "
    f"VALUES ({', '.join('?' for _ in CHANGE_COLUMNS)}, ?)"
)


def encode_value(value: Any) -> str:
    """A field value as the log carries it: JSON, dates as ISO text (``app.storage.codec.encode``)."""
    if type(value) is str:
        return encode_basestring(value)  # json.dumps of a str, without its per-call set-up
    if isinstance(value, date):
        value = value.isoformat()
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def to_sql(value: Any) -> Any:
    """A Python value as SQLite stores it through SQLAlchemy's types (dates as ISO text)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


@dataclass(frozen=True)
class Winner:
    cid: str
    stamp: hlc.Stamp
    order: tuple  # (ms, counter, origin, seq, hash): the merge order of docs/dev/sync.md
    value: str


def cid_of(origin: str, seq: int, digest: str) -> str:
    return f"{origin}:{seq}:{digest}"


def change_hash(values: tuple) -> str:
    """Content hash of a change (its fields in CHANGE_COLUMNS order): part of its id, so a reused
    (origin, seq) with other content — a cloned laptop — is told apart instead of merged away."""
    origin, seq, tbl, row_id, field, value, ms, counter, base, user, tx = values
    text = f"{origin}\x1f{seq}\x1f{tbl}\x1f{row_id}\x1f{field}\x1f{value}\x1f{ms}\x1f{counter}\x1f{base or ''}\x1f{user}\x1f{tx}"
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def read_meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM local_meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def winners_of(conn: sqlite3.Connection, tbl: str, row_ids: Iterable[str]) -> dict[str, dict[str, Winner]]:
    """row id -> field -> its winning change, for many records with one query per 500 ids."""
    ids = list(row_ids)
    best: dict[str, dict[str, Winner]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows = conn.execute(
            "SELECT row_id, field, origin, seq, hash, ms, counter, value FROM sync_change "
            f"WHERE tbl = ? AND row_id IN ({', '.join('?' * len(chunk))})", (tbl, *chunk))
        for row_id, field, origin, seq, digest, ms, counter, value in rows:
            order = (ms, counter, origin, seq, digest)
            fields = best.setdefault(row_id, {})
            current = fields.get(field)
            if current is None or order > current.order:
                fields[field] = Winner(cid_of(origin, seq, digest), hlc.Stamp(ms, counter), order, value)
    return best


class ChangeLog:
    """The change rows of one transaction: stamped, numbered and hashed as they are added, written
    with one executemany per ``flush``. Open it inside the transaction (under the write lock): the
    device id, clock and last sequence number are read then, as ``capture`` reads them."""

    def __init__(self, conn: sqlite3.Connection, *, device_id: str, user: str, now_ms: int, tx: str | None = None):
        self.conn = conn
        # The identity as committed: a sync round may have taken a new one since the store was opened.
        self.origin = read_meta(conn, "device_id") or device_id
        self.user = user
        self.tx = tx or str(uuid.uuid4())
        clock = hlc.Stamp.parse(read_meta(conn, "hlc") or "0:0")
        self.ms, self.counter = clock.ms, clock.counter
        self.seq = conn.execute("SELECT coalesce(max(seq), 0) FROM sync_change WHERE origin = ?",
                                (self.origin,)).fetchone()[0]
        self.now_ms = now_ms
        self.rows: list[tuple] = []
        self.written = 0

    def add(self, tbl: str, row_id: str, field: str, value: str, winner: Winner | None = None) -> None:
        """One change; its stamp is ``max(hlc.send(clock, now), successor(winner))`` (docs/dev/sync.md "Clock")."""
        if self.now_ms > self.ms:
            ms, counter = self.now_ms, 0
        else:
            ms, counter = self.ms, self.counter + 1
        base = None
        if winner is not None:
            base = winner.cid
            after = (winner.stamp.ms, winner.stamp.counter + 1)
            if after > (ms, counter):
                ms, counter = after
        self.ms, self.counter = ms, counter
        self.seq += 1
        origin, seq, user, tx = self.origin, self.seq, self.user, self.tx
        text = f"{origin}\x1f{seq}\x1f{tbl}\x1f{row_id}\x1f{field}\x1f{value}\x1f{ms}\x1f{counter}\x1f{base or ''}\x1f{user}\x1f{tx}"
        digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()  # = change_hash, inlined
        self.rows.append((origin, seq, tbl, row_id, field, value, ms, counter, base, user, tx, digest))

    def add_new(self, tbl: str, changes: list[tuple[str, str, str]]) -> None:
        """Changes without a winner (fields of new records) as (row id, field, value): ``add`` in
        one loop, since an import adds ~3 per mark."""
        now, ms, counter, seq = self.now_ms, self.ms, self.counter, self.seq
        prefix, suffix = f"{self.origin}\x1f", f"\x1f{self.user}\x1f{self.tx}"
        origin, user, tx, rows = self.origin, self.user, self.tx, self.rows
        blank = hashlib.blake2b(digest_size=16)  # copied per change: cheaper than a new hasher
        for row_id, field, value in changes:
            if now > ms:
                ms, counter = now, 0
            else:
                counter += 1
            seq += 1
            digest = blank.copy()
            digest.update(f"{prefix}{seq}\x1f{tbl}\x1f{row_id}\x1f{field}\x1f{value}\x1f{ms}\x1f{counter}\x1f{suffix}"
                          .encode())
            rows.append((origin, seq, tbl, row_id, field, value, ms, counter, None, user, tx, digest.hexdigest()))
        self.ms, self.counter, self.seq = ms, counter, seq

    def flush(self) -> None:
        if self.rows:
            self.conn.executemany(INSERT_SQL, self.rows)
            self.written += len(self.rows)
            self.rows = []

    def close(self) -> None:
        """Write what is left and persist the clock, so stamps never go backwards across restarts."""
        self.flush()
        if self.written:
            self.conn.execute("INSERT INTO local_meta (key, value) VALUES ('hlc', ?) "
                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (f"{self.ms}:{self.counter}",))
