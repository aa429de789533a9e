"""Republishing changes that other laptops miss (SYNC.md "Damaged and foreign files": any laptop
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

from sqlalchemy import Connection, select

from app import __version__
from app.i18n import _
from app.storage.models_sync import SyncFile
from app.storage.store import INSTALL_NONCE, Store
from app.sync.folder import DEVICE, REPAIRS, SeenFile, ShareFolder, segment_name
from app.sync.segments import Change, Header, encode

MAX_LISTED = 64  # ranges, and damaged files, in one heartbeat
MAX_COPIES = 3  # repair files one laptop publishes for one range
MAX_RANGE = 100_000  # a larger range in a heartbeat is not acted on (it is advice, not an order)
CHUNK = 2000  # changes per repair file, as per segment
_COLS = "origin, seq, tbl, row_id, field, value, ms, counter, base, user, tx, hash"


def _runs(seqs: list[int]) -> list[tuple[int, int]]:
    """Sorted numbers as (first, last) runs."""
    runs: list[tuple[int, int]] = []
    for s in seqs:
        if runs and s == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], s)
        else:
            runs.append((s, s))
    return runs


def _held(conn: Connection, origin: str, first: int, last: int) -> list[int]:
    return [r[0] for r in conn.exec_driver_sql(
        "SELECT DISTINCT seq FROM sync_change WHERE origin = ? AND seq BETWEEN ? AND ? ORDER BY seq",
        (origin, first, last))]


def _holes(held: list[int], first: int, last: int) -> list[tuple[int, int]]:
    have = set(held)
    return _runs([s for s in range(first, last + 1) if s not in have])


def held_counts(conn: Connection) -> dict[str, tuple[int, int]]:
    """origin -> (highest seq held, how many distinct seqs held): gaps show as a difference."""
    return {o: (top, count) for o, top, count in conn.exec_driver_sql(
        "SELECT origin, MAX(seq), COUNT(DISTINCT seq) FROM sync_change GROUP BY origin")}


def missing(conn: Connection, counts: dict[str, tuple[int, int]]) -> tuple[list[list], list[str]]:
    """What this laptop lacks and knows exists: ([origin, first, last] ranges, damaged files)."""
    wanted: dict[str, list[tuple[int, int]]] = {}
    for origin, (top, count) in counts.items():
        if count < top and top <= MAX_RANGE * 10:
            wanted.setdefault(origin, []).extend(_holes(_held(conn, origin, 1, top), 1, top))
    damaged = []
    for path, origin, first, last in conn.exec_driver_sql(
            "SELECT path, origin, first, last FROM sync_file WHERE status = 'quarantined' ORDER BY path"):
        damaged.append(path)
        if origin and DEVICE.match(origin) and 0 < first <= last and last - first < MAX_RANGE:
            wanted.setdefault(origin, []).extend(_holes(_held(conn, origin, first, last), first, last))
    ranges = [[origin, a, b] for origin in sorted(wanted) for a, b in _merge(wanted[origin])]
    return ranges[:MAX_LISTED], damaged[:MAX_LISTED]


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
        if now != (size, mtime):  # touched: still intact if the bytes are the same
            try:
                if hashlib.sha256(folder.read(path)).hexdigest() != digest:
                    continue
            except OSError:
                continue
            touched.append((*now, path))
        out.append((a, b))
    if touched:
        with store.session(capture_changes=False) as session:
            session.connection().exec_driver_sql("UPDATE sync_file SET size = ?, mtime_ns = ? WHERE path = ?", touched)
    return out


def answer(store: Store, folder: ShareFolder, statuses: dict[str, dict], schema: str) -> int:
    """Republish what others ask for and this laptop holds (see the module's docstring); returns
    how many repair files went out."""
    wanted, bad = _requests(statuses, store.device_id)
    if not wanted:
        return 0
    asks: list[tuple[str, list[int], list[tuple]]] = []
    with store.session(capture_changes=False) as session:  # the store only: the share is read below
        conn = session.connection()
        for origin, ranges in sorted(wanted.items()):
            for a, b in _merge(ranges):
                held = _held(conn, origin, a, b)
                if held:
                    asks.append((origin, held, _imported(conn, origin, a, b)))
    todo: list[tuple[str, int, int]] = []
    for origin, held, files in asks:
        covered = _intact(store, folder, files, bad)
        lacking = [s for s in held if not any(x <= s <= y for x, y in covered)]
        for first, last in _runs(lacking):
            todo += [(origin, s, min(s + CHUNK - 1, last)) for s in range(first, last + 1, CHUNK)]
    return sum(publish_range(store, folder, origin, first, last, schema) for origin, first, last in todo)


def _changes(store: Store, origin: str, first: int, last: int) -> list[Change]:
    with store.session(capture_changes=False) as session:
        rows = session.connection().exec_driver_sql(
            f"SELECT {_COLS} FROM sync_change WHERE origin = ? AND seq BETWEEN ? AND ? ORDER BY seq, hash",  # noqa: S608
            (origin, first, last)).all()
    return [Change(*r) for r in rows]


def publish_range(store: Store, folder: ShareFolder, origin: str, first: int, last: int, schema: str) -> bool:
    """One repair file of ``origin``'s changes first..last, under the first free of its names."""
    chunk = _changes(store, origin, first, last)
    if not chunk:
        return False
    data = encode(Header(origin, store.meta(INSTALL_NONCE) or "", first, last, len(chunk), schema, __version__), chunk)
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
    with store.session(capture_changes=False) as session:
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
    for seq, digest in conn.exec_driver_sql("SELECT seq, hash FROM sync_change WHERE origin = ? AND seq BETWEEN ? AND ?",
                                            (f.origin, f.first, f.last)):
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
    with store.session(capture_changes=False) as session:
        recorded = {f.path: f for f in session.scalars(select(SyncFile).where(SyncFile.origin == store.device_id))}
    names = {f.name for f in segments}
    warnings = []
    for f in segments:
        mine = recorded.get(f.rel)
        if f.copy or mine is None or mine.sha256 == "" or (mine.size, mine.mtime_ns) == (f.size, f.mtime_ns):
            continue
        try:
            data = folder.read(f.rel)
        except OSError:
            continue
        if hashlib.sha256(data).hexdigest() == mine.sha256:
            continue
        chunk = _changes(store, store.device_id, f.first, f.last)
        if len(chunk) != f.last - f.first + 1:
            continue
        good = encode(Header(store.device_id, store.meta(INSTALL_NONCE) or "", f.first, f.last, len(chunk),
                             schema, __version__), chunk)
        n = 1
        while f"{f.name[:-6]}-repair-{n}.jsonl" in names:
            n += 1
        repair = f"{f.name[:-6]}-repair-{n}.jsonl"
        folder.publish(store.device_id, repair, good)
        _record_published(store, folder, f"devices/{store.device_id}/{repair}", store.device_id, f.first, f.last, good)
        with store.session(capture_changes=False) as session:
            row = session.get(SyncFile, f.rel)  # damaged as it is now: not an intact copy any more
            row.size, row.mtime_ns, row.status = f.size, f.mtime_ns, "quarantined"
        warnings.append(_("{file} was damaged in the shared folder; published again as {repair}").format(
            file=f.rel, repair=repair))
    return warnings
