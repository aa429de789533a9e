"""Republishing changes that other laptops miss (docs/dev/sync.md "Damaged and foreign files": any laptop
that holds a damaged file's changes can republish them).

The owner of a damaged file publishes it again in its own folder (``repair_own``). When the owner
cannot — retired, or restored from a backup older than the file — any holder can. A laptop that
misses changes (the part of a quarantined file it could not salvage, or a gap below the highest
change it holds of a laptop) lists the missing ``(origin, first, last)`` ranges and the damaged
files it saw in its heartbeat (advisory). A laptop that holds changes of such a range and knows no
intact copy of them on the share — other than the files named damaged — publishes them into
``devices/<me>/repairs/<origin>/seg-<first>-<last>.jsonl``: the segment format, the header naming
the origin, every change with its own origin, seq, hash and stamp, so it merges away as a duplicate
anywhere. That repair is an intact copy from then on, so a range is answered once; again only if
the repair itself is damaged, and at most ``MAX_COPIES`` times per range: never a loop.

Readers trust a repair only as far as it agrees with what they hold: a change numbered like one
they have, with another hash, is refused and the file quarantined (reported once).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import Connection, select

from app import __version__
from app.i18n import _
from app.storage.models.sync import SyncFile
from app.storage.store import INSTALL_NONCE, Store
from app.sync import held as held_txs
from app.sync.folder import DEVICE, REPAIRS, SeenFile, ShareFolder, segment_name
from app.sync.segments import HARD_CHANGES, Change, Header, encode

MAX_LISTED = 64  # ranges, and damaged files, in one heartbeat
MAX_COPIES = 3  # repair files one laptop publishes for one range
MAX_RANGE = 100_000  # a larger range in a heartbeat is not acted on (it is advice, not an order)
CHUNK = 2000  # changes per repair file, as per segment
_COLS = "origin, seq, tbl, row_id, field, value, ms, counter, base, user, tx, hash"


def runs(seqs: list[int]) -> list[tuple[int, int]]:
    """Sorted numbers as (first, last) runs."""
    found: list[tuple[int, int]] = []
    for s in seqs:
        if found and s == found[-1][1] + 1:
            found[-1] = (found[-1][0], s)
        else:
            found.append((s, s))
    return found


_RECEIVED_SEQS = ("SELECT seq FROM sync_change WHERE origin = ?1 AND seq BETWEEN ?2 AND ?3 "
                  "UNION SELECT seq FROM sync_held WHERE origin = ?1 AND seq BETWEEN ?2 AND ?3")


def held_seqs(conn: Connection, origin: str, first: int, last: int) -> list[int]:
    """The numbers of ``origin``'s changes this laptop has (applied or held), first..last."""
    return [r[0] for r in conn.exec_driver_sql(f"{_RECEIVED_SEQS} ORDER BY seq", (origin, first, last))]


def _holes(conn: Connection, origin: str, first: int, last: int, limit: int = MAX_LISTED) -> list[tuple[int, int]]:
    """The runs of numbers first..last of ``origin`` this laptop lacks, computed by SQLite (a
    laptop's log can hold millions: never a Python list of them)."""
    rows = conn.exec_driver_sql(
        "SELECT prev + 1, seq - 1 FROM (SELECT seq, LAG(seq, 1, ?2 - 1) OVER (ORDER BY seq) AS prev "
        f"FROM ({_RECEIVED_SEQS} UNION SELECT ?3 + 1)) WHERE seq - prev > 1 LIMIT ?4",  # noqa: S608
        (origin, first, last, limit)).all()
    return [(a, b) for a, b in rows]


def _lacking(conn: Connection, origin: str, first: int, last: int) -> int:
    have = conn.exec_driver_sql(f"SELECT COUNT(*) FROM ({_RECEIVED_SEQS})", (origin, first, last)).scalar()  # noqa: S608
    return last - first + 1 - int(have or 0)


def held_counts(conn: Connection) -> dict[str, tuple[int, int]]:
    """origin -> (highest seq held, how many distinct seqs held): gaps show as a difference.
    Held changes (of a transaction not whole yet) count as held: they are here."""
    counts = {o: (top, count) for o, top, count in conn.exec_driver_sql(
        "SELECT origin, MAX(seq), COUNT(DISTINCT seq) FROM sync_change GROUP BY origin")}
    for o, top, count in conn.exec_driver_sql("SELECT origin, MAX(seq), COUNT(DISTINCT seq) FROM sync_held GROUP BY origin"):
        had_top, had_count = counts.get(o, (0, 0))
        counts[o] = (max(had_top, top), had_count + count)
    return counts


def missing(conn: Connection, counts: dict[str, tuple[int, int]]) -> tuple[list[list], list[str]]:
    """What this laptop lacks and knows exists: ([origin, first, last] ranges, damaged files)."""
    wanted: dict[str, list[tuple[int, int]]] = {}
    for origin, (top, count) in counts.items():
        if count < top and top <= MAX_RANGE * 10:
            wanted.setdefault(origin, []).extend(_holes(conn, origin, 1, top))
    damaged = []
    for path, origin, first, last in conn.exec_driver_sql(
            "SELECT path, origin, first, last FROM sync_file WHERE status = 'quarantined' ORDER BY path"):
        damaged.append(path)
        if origin and DEVICE.match(origin) and 0 < first <= last and last - first < MAX_RANGE:
            wanted.setdefault(origin, []).extend(_holes(conn, origin, first, last))
    ranges = [[origin, a, b] for origin in sorted(wanted) for a, b in _merge(wanted[origin])]
    return ranges[:MAX_LISTED], damaged[:MAX_LISTED]


@dataclass(frozen=True)
class Refused:
    """A file on the share this laptop could not take (damaged, too big) whose changes it still
    lacks: not healed by a repair yet."""

    path: str
    reason: str
    lacking: int


def refused(conn: Connection, limit: int = MAX_LISTED) -> list[Refused]:
    out = []
    for path, origin, first, last, reason in conn.exec_driver_sql(
            "SELECT path, origin, first, last, reason FROM sync_file WHERE status = 'quarantined' ORDER BY path"):
        if not origin or not 0 < first <= last:
            continue
        lacking = _lacking(conn, origin, first, last)
        if lacking > 0:
            out.append(Refused(path, reason.split("; ")[0], lacking))
            if len(out) >= limit:
                break
    return out


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _requests(statuses: dict[str, dict], me: str) -> tuple[dict[str, list[tuple[int, int]]], set[str]]:
    """The ranges other laptops ask for and the files they found damaged, checked for shape."""
    wanted: dict[str, list[tuple[int, int]]] = {}
    bad: set[str] = set()
    for device, status in statuses.items():
        if device == me:
            continue
        asked, damaged = status.get("missing"), status.get("damaged")
        for item in asked[:MAX_LISTED] if isinstance(asked, list) else []:
            if (isinstance(item, list) and len(item) == 3 and isinstance(item[0], str) and DEVICE.match(item[0])
                    and all(type(n) is int for n in item[1:]) and 0 < item[1] <= item[2] < item[1] + MAX_RANGE):
                wanted.setdefault(item[0], []).append((item[1], item[2]))
        bad |= {p for p in (damaged[:MAX_LISTED] if isinstance(damaged, list) else []) if isinstance(p, str)}
    return wanted, bad


def _imported(conn: Connection, origin: str, first: int, last: int) -> list[tuple]:
    """Files this laptop imported intact that hold ``origin``'s changes in the range."""
    return [tuple(r) for r in conn.exec_driver_sql(
        "SELECT path, first, last, size, mtime_ns, sha256 FROM sync_file WHERE origin = ? AND status = 'imported' "
        "AND first <= ? AND last >= ?", (origin, last, first)).all()]


def _intact(store: Store, folder: ShareFolder, files: list[tuple], bad: set[str]) -> list[tuple[int, int]]:
    """(first, last) of those files that are still as they were and nobody reported damaged. The
    share is read with no transaction open; a touched file that still hashes right is noted after."""
    out, touched = [], []
    for path, a, b, size, mtime, digest in files:
        if path in bad:
            continue
        now = folder.stat(path)
        if now is None:
            continue
        if now != (size, mtime):
            try:
                if hashlib.sha256(folder.readable(path)).hexdigest() != digest:
                    continue
            except OSError:
                continue
            touched.append((*now, path))
        out.append((a, b))
    if touched:
        with store.uncaptured() as session:
            session.connection().exec_driver_sql("UPDATE sync_file SET size = ?, mtime_ns = ? WHERE path = ?", touched)
    return out


def answer(store: Store, folder: ShareFolder, statuses: dict[str, dict], schema: str) -> int:
    """Republish what others ask for and this laptop holds (see the module's docstring); returns
    how many repair files went out."""
    wanted, bad = _requests(statuses, store.device_id)
    if not wanted:
        return 0
    asks: list[tuple[str, list[int], list[tuple]]] = []
    with store.read() as session:  # the store only: the share is read below
        conn = session.connection()
        for origin, ranges in sorted(wanted.items()):
            for a, b in _merge(ranges):
                held = held_seqs(conn, origin, a, b)
                if held:
                    asks.append((origin, held, _imported(conn, origin, a, b)))
    todo: list[tuple[str, int, int]] = []
    for origin, held, files in asks:
        covered = _intact(store, folder, files, bad)
        lacking = [s for s in held if not any(x <= s <= y for x, y in covered)]
        for first, last in runs(lacking):
            todo += [(origin, s, min(s + CHUNK - 1, last)) for s in range(first, last + 1, CHUNK)]
    return sum(publish_range(store, folder, origin, first, last, schema) for origin, first, last in todo)


def segment_of(store: Store, origin: str, first: int, last: int, schema: str) -> tuple[bytes, int] | None:
    """A segment of the changes first..last of ``origin`` this laptop has (applied or held),
    naming the transactions it holds only part of, and how many changes it holds; None when it
    has none of them."""
    with store.read() as session:
        conn = session.connection()
        chunk = [Change._make(r) for r in conn.exec_driver_sql(
            f"SELECT {_COLS} FROM sync_change WHERE origin = ?1 AND seq BETWEEN ?2 AND ?3 UNION ALL "  # noqa: S608
            f"SELECT {_COLS} FROM sync_held WHERE origin = ?1 AND seq BETWEEN ?2 AND ?3 ORDER BY seq, hash",
            (origin, first, last)).all()]
        if not chunk:
            return None
        after = conn.exec_driver_sql("SELECT tx FROM sync_change WHERE origin = ?1 AND seq = ?2 UNION ALL "
                                     "SELECT tx FROM sync_held WHERE origin = ?1 AND seq = ?2 LIMIT 1",
                                     (origin, last + 1)).scalar()
        parts = held_txs.parts_of(conn, chunk, after)
        nonce = conn.exec_driver_sql("SELECT value FROM local_meta WHERE key = ?", (INSTALL_NONCE,)).scalar() or ""
    return encode(Header(origin, nonce, first, last, len(chunk), schema, __version__, parts), chunk), len(chunk)


def publish_range(store: Store, folder: ShareFolder, origin: str, first: int, last: int, schema: str) -> bool:
    """One repair file of ``origin``'s changes first..last, under the first free of its names."""
    made = segment_of(store, origin, first, last, schema)
    if made is None:
        return False
    data = made[0]
    base = segment_name(first, last)[:-6]
    own = origin == store.device_id  # our own changes go out again in our own folder, as a copy
    under = "" if own else f"{REPAIRS}/{origin}"
    for n in range(int(own), MAX_COPIES + int(own)):
        name = f"{base}.jsonl" if n == 0 else f"{base}-repair-{n}.jsonl"
        if folder.exists(folder.devices / store.device_id / under / name) is not False:
            continue  # an earlier answer (damaged since, or it would have counted as intact), or unknown now
        if folder.publish(store.device_id, name, data, under) == "different":
            continue
        rel = f"devices/{store.device_id}/{under}/{name}" if under else f"devices/{store.device_id}/{name}"
        _record_published(store, folder, rel, origin, first, last, data)
        return True
    return False


def _record_published(store: Store, folder: ShareFolder, rel: str, origin: str, first: int, last: int,
                      data: bytes) -> None:
    size, mtime = folder.stat(rel) or (len(data), 0)
    with store.uncaptured() as session:
        session.merge(SyncFile(path=rel, status="imported", origin=origin, first=first, last=last, size=size,
                               mtime_ns=mtime, sha256=hashlib.sha256(data).hexdigest(), reported=1))


def vet(conn: Connection, f: SeenFile, header: Header | None, changes: list[Change]) -> tuple[list[Change], list[str]]:
    """A repair file's changes this laptop can take, and what is wrong with the rest."""
    problems = []
    if header is not None and (header.first, header.last) != (f.first, f.last):
        problems.append("the repair's header does not match its name")
    inside = [c for c in changes if f.first <= c.seq <= f.last]
    if len(inside) < len(changes):
        problems.append("the repair holds changes outside its range")
    known: dict[int, set[str]] = {}
    for seq, digest in conn.exec_driver_sql(
            "SELECT seq, hash FROM sync_change WHERE origin = ?1 AND seq BETWEEN ?2 AND ?3 UNION ALL "
            "SELECT seq, hash FROM sync_held WHERE origin = ?1 AND seq BETWEEN ?2 AND ?3", (f.origin, f.first, f.last)):
        known.setdefault(seq, set()).add(digest)
    agree = [c for c in inside if c.seq not in known or c.hash in known[c.seq]]
    if len(agree) < len(inside):
        problems.append(f"{len(inside) - len(agree)} changes disagree with the ones this laptop has")
    return agree, problems


def repair_own(store: Store, folder: ShareFolder, schema: str) -> list[str]:
    """A published file of ours that changed on the share (a sync client truncated or damaged it)
    is published again from the log under a copy's name; readers merge the duplicates away.
    Returns the warnings to show."""
    segments, _foreign = folder.files(store.device_id)
    with store.read() as session:
        recorded = {f.path: f for f in session.scalars(select(SyncFile).where(SyncFile.origin == store.device_id))}
    names = {f.name for f in segments}
    warnings = []
    for f in segments:
        mine = recorded.get(f.rel)
        if f.copy or mine is None or mine.sha256 == "" or (mine.size, mine.mtime_ns) == (f.size, f.mtime_ns):
            continue
        try:
            data = folder.readable(f.rel)
        except OSError:
            continue
        if hashlib.sha256(data).hexdigest() == mine.sha256:
            continue
        # A file bigger than a segment is now (an older FieldDesk wrote it) goes out again in pieces.
        step = f.last - f.first + 1 if f.last - f.first < HARD_CHANGES else CHUNK
        pieces = []
        for a in range(f.first, f.last + 1, step):
            b = min(a + step - 1, f.last)
            made = segment_of(store, store.device_id, a, b, schema)
            if made is None or made[1] != b - a + 1:
                break
            name = segment_name(a, b)[:-6]
            n = 1
            while f"{name}-repair-{n}.jsonl" in names:
                n += 1
            pieces.append((f"{name}-repair-{n}.jsonl", a, b, made[0]))
        if not pieces or pieces[-1][2] != f.last:
            continue
        for repair, a, b, good in pieces:
            folder.publish(store.device_id, repair, good)
            _record_published(store, folder, f"devices/{store.device_id}/{repair}", store.device_id, a, b, good)
        repair = pieces[0][0] if len(pieces) == 1 else f"{pieces[0][0]} … {pieces[-1][0]}"
        with store.uncaptured() as session:
            row = session.get(SyncFile, f.rel)  # damaged as it is now: not an intact copy any more
            row.size, row.mtime_ns, row.status = f.size, f.mtime_ns, "quarantined"
        warnings.append(_("{file} was damaged in the shared folder; published again as {repair}").format(
            file=f.rel, repair=repair))
    return warnings
