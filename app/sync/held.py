"""Transactions that span segments (docs/dev/sync.md "Transactions across segments").

A transaction too big for one segment is published in pieces, each naming it in its header's
``parts`` with the number of changes of the whole transaction. A reader holds those changes in
``sync_held`` — out of the log and the tables — until it has all of them, then applies the
transaction at once, in one local transaction. Completeness counts distinct stamps
``(ms, counter)``: every change of one transaction has its own stamp, and a stamp survives the
renumbering of a store that took a new device id (its published pieces under the old id, the rest
under the new one, still one transaction).

A transaction once applied stays known (``applied``), so a later copy of its changes — a repair, a
conflict copy, a straggler — is applied as it comes, like any change. Changes of a held
transaction that arrive without the mark (an older FieldDesk republished them) are held as well.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection

from app.sync.segments import BATCH, Change

_COLS = "origin, seq, tbl, row_id, field, value, ms, counter, base, user, tx, hash"
_HOLD = (f"INSERT OR IGNORE INTO sync_held ({_COLS}) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12 "  # noqa: S608
         "WHERE NOT EXISTS (SELECT 1 FROM sync_change WHERE origin = ?1 AND seq = ?2 AND hash = ?12)")
# Every change in the log and the held ones: what this laptop has received, applied or not.
RECEIVED = f"(SELECT {_COLS} FROM sync_change UNION ALL SELECT {_COLS} FROM sync_held)"  # noqa: S608


def _cursor(conn: Connection):
    return conn.connection.driver_connection.cursor()


def _known(conn: Connection, txs: set[str]) -> dict[str, bool]:
    """tx -> applied, for the transactions of ``txs`` that were ever named in parts."""
    out: dict[str, bool] = {}
    names = sorted(txs)
    cur = _cursor(conn)
    for start in range(0, len(names), 500):
        chunk = names[start:start + 500]
        out |= {tx: bool(applied) for tx, applied in cur.execute(
            f"SELECT tx, applied FROM sync_held_tx WHERE tx IN ({','.join('?' * len(chunk))})", chunk)}  # noqa: S608
    return out


def any_waiting(conn: Connection) -> bool:
    return _cursor(conn).execute("SELECT EXISTS (SELECT 1 FROM sync_held_tx WHERE applied = 0)").fetchone()[0] == 1


def split(conn: Connection, changes: list[Change], parts: dict[str, int], waiting: bool | None = None) -> list[Change]:
    """Hold the changes of transactions that are not whole here yet; return the ones to apply now.
    ``waiting``: whether any held transaction is open (the caller may know it already)."""
    if not parts and not (any_waiting(conn) if waiting is None else waiting):
        return changes  # the usual case: nothing spans segments
    txs = {c.tx for c in changes}
    known = _known(conn, txs if (waiting is None or waiting) else txs & set(parts))
    fresh = {tx: parts[tx] for tx in txs if tx in parts and tx not in known}
    hold = {tx for tx in txs if known.get(tx) is False} | set(fresh)
    if not hold:
        return changes
    cur = _cursor(conn)
    for tx, total in sorted(fresh.items()):
        # Changes of it already in the log (an older FieldDesk applied a copy as it came) count too.
        logged = cur.execute("SELECT COUNT(*) FROM (SELECT DISTINCT ms, counter FROM sync_change WHERE tx = ?)",
                             (tx,)).fetchone()[0]
        cur.execute("INSERT INTO sync_held_tx (tx, total, held, logged, applied) VALUES (?, ?, 0, ?, 0)",
                    (tx, total, logged))
    for tx in sorted(hold & set(parts)):
        cur.execute("UPDATE sync_held_tx SET total = MAX(total, ?) WHERE tx = ?", (parts[tx], tx))
    now, later = [], {}
    for c in changes:
        if c.tx in hold:
            later.setdefault(c.tx, []).append(c)
        else:
            now.append(c)
    raw = conn.connection.driver_connection
    for tx, rows in later.items():
        before = raw.total_changes
        cur.executemany(_HOLD, rows)
        cur.execute("UPDATE sync_held_tx SET held = held + ? WHERE tx = ?", (raw.total_changes - before, tx))
    return now


def ready(conn: Connection) -> list[str]:
    """Held transactions that are whole now."""
    cur = _cursor(conn)
    whole = []
    for tx, total, logged in cur.execute(
            "SELECT tx, total, logged FROM sync_held_tx WHERE applied = 0 AND held + logged >= total ORDER BY tx").fetchall():
        distinct = cur.execute("SELECT COUNT(*) FROM (SELECT DISTINCT ms, counter FROM sync_held WHERE tx = ?)",
                               (tx,)).fetchone()[0]
        if distinct + logged >= total:
            whole.append(tx)
    return whole


def activate(conn: Connection, tx: str, apply: Callable, **kwargs) -> list:
    """Apply a whole held transaction inside the caller's (local) transaction, in batches, so
    memory stays bounded; returns what ``apply`` returned for each batch."""
    cur = _cursor(conn)
    results = []
    while True:
        rows = cur.execute(f"SELECT {_COLS} FROM sync_held WHERE tx = ? ORDER BY origin, seq LIMIT ?",  # noqa: S608
                           (tx, BATCH)).fetchall()
        if not rows:
            break
        results.append(apply(conn, [Change._make(r) for r in rows], **kwargs))
        _cursor(conn).executemany("DELETE FROM sync_held WHERE origin = ? AND seq = ? AND hash = ?",
                                  [(r[0], r[1], r[11]) for r in rows])
    cur.execute("UPDATE sync_held_tx SET applied = 1, held = 0 WHERE tx = ?", (tx,))
    return results


@dataclass(frozen=True)
class Waiting:
    """A held transaction: who wrote it, how many of its changes are here, how many it has."""

    tx: str
    origin: str
    have: int
    total: int


def waiting(conn: Connection, limit: int = 50) -> list[Waiting]:
    cur = _cursor(conn)
    out = []
    for tx, total, held, logged in cur.execute(
            "SELECT tx, total, held, logged FROM sync_held_tx WHERE applied = 0 ORDER BY tx LIMIT ?", (limit,)).fetchall():
        origin = cur.execute("SELECT origin FROM sync_held WHERE tx = ? LIMIT 1", (tx,)).fetchone()
        out.append(Waiting(tx, origin[0] if origin else "", held + logged, total))
    return out


def held_changes(conn: Connection) -> int:
    return _cursor(conn).execute("SELECT COALESCE(SUM(held), 0) FROM sync_held_tx WHERE applied = 0").fetchone()[0]


# --- the writer's side: which transactions a segment holds only part of ---------------------------


def tx_total(conn: Connection, origin: str, tx: str, seq: int) -> int:
    """How many changes transaction ``tx`` (of which ``origin``'s change ``seq`` is one) has in all.

    A transaction known to ``sync_held_tx`` has its total there: received in parts (from its
    segments), or cut by a renumbering here (``register_split``). Otherwise all of it is in
    ``origin`` under consecutive numbers (a laptop writes a transaction that way), so its extent is
    found by walking the numbers from ``seq`` until the transaction changes."""
    cur = _cursor(conn)
    known = cur.execute("SELECT total FROM sync_held_tx WHERE tx = ?", (tx,)).fetchone()
    if known is not None:
        return known[0]
    start = cur.execute("SELECT seq FROM sync_change WHERE origin = ? AND seq < ? AND tx <> ? ORDER BY seq DESC LIMIT 1",
                        (origin, seq, tx)).fetchone()
    end = cur.execute("SELECT seq FROM sync_change WHERE origin = ? AND seq > ? AND tx <> ? ORDER BY seq LIMIT 1",
                      (origin, seq, tx)).fetchone()
    return cur.execute("SELECT COUNT(*) FROM sync_change WHERE origin = ? AND seq > ? AND seq < ? AND tx = ?",
                       (origin, start[0] if start else -1, end[0] if end else 1 << 62, tx)).fetchone()[0]


def parts_of(conn: Connection, chunk: list[Change], after_tx: str | None,
             totals: dict[str, int] | None = None) -> tuple[tuple[str, int], ...]:
    """The ``parts`` of a segment holding ``chunk`` (consecutive changes of one origin): its first
    and last transactions when they have changes beyond it. ``after_tx``: the transaction of the
    change after the chunk (None if there is none yet); ``totals``: a cache for one run."""
    totals = {} if totals is None else totals
    origin, first, last = chunk[0].origin, chunk[0], chunk[-1]
    cur = _cursor(conn)
    before = cur.execute("SELECT tx FROM sync_change WHERE origin = ? AND seq = ? LIMIT 1",
                         (origin, first.seq - 1)).fetchone()
    out = {}
    for tx in sorted({first.tx, last.tx}):
        goes_on = (tx == first.tx and before is not None and before[0] == tx) or (tx == last.tx and after_tx == tx)
        if tx not in totals and not goes_on:
            known = cur.execute("SELECT total FROM sync_held_tx WHERE tx = ?", (tx,)).fetchone()
            if known is None:
                continue  # whole in this chunk
            totals[tx] = known[0]
        if tx not in totals:
            totals[tx] = tx_total(conn, origin, tx, first.seq if tx == first.tx else last.seq)
        inside = sum(1 for c in chunk if c.tx == tx)
        if totals[tx] > inside:
            out[tx] = totals[tx]
    return tuple(sorted(out.items()))


def register_split(conn: Connection, totals: dict[str, int]) -> None:
    """Transactions a renumbering cut in two (their published part keeps the old id, the rest
    goes out under the new one): their totals, so every piece names the whole transaction."""
    _cursor(conn).executemany(
        "INSERT INTO sync_held_tx (tx, total, held, logged, applied) VALUES (?, ?, 0, ?, 1) "
        "ON CONFLICT (tx) DO UPDATE SET total = MAX(total, excluded.total)",
        [(tx, n, n) for tx, n in sorted(totals.items())])


class SplitCounter:
    """Finds the transactions a renumbering cuts in two, from the old id's changes in order: a
    transaction's changes are consecutive, so one counter suffices (bounded memory)."""

    def __init__(self):
        self.split: dict[str, int] = {}
        self._tx: str | None = None
        self._kept = self._moved = 0

    def feed(self, tx: str, moved: bool) -> None:
        if tx != self._tx:
            self._close()
            self._tx, self._kept, self._moved = tx, 0, 0
        if moved:
            self._moved += 1
        else:
            self._kept += 1

    def _close(self) -> None:
        if self._tx is not None and self._kept and self._moved:
            self.split[self._tx] = self._kept + self._moved

    def done(self) -> dict[str, int]:
        self._close()
        self._tx = None
        return self.split
