"""One sync round (``fielddesk sync`` and the window's background sync): publish, then import.

Publish: this laptop's changes not yet on the share, in segments of at most ~2,000 changes cut on
transaction boundaries, marked published only after the file reads back right. Import: every
file not imported yet, each applied in its own transaction; a damaged file is quarantined (its
intact changes salvaged, a local copy kept) and re-checked when it changes; other names are
ignored and reported once. Nothing here ever deletes anything on the share.

The invariant that keeps marking fast while a round runs on its own thread: **no share I/O inside
a store transaction**, here and in everything a round calls (identity, repairs, blobs, restored).
Every transaction takes SQLite's write lock up front (BEGIN IMMEDIATE), so a share that hangs
inside one would hold every mark of the window behind it. Read or write the share first, then
record what happened in a short transaction of its own.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from app import __version__
from app.domain import hlc
from app.i18n import _
from app.storage.models import LocalMeta
from app.storage.models_sync import SyncFile
from app.storage.store import INSTALL_NONCE, Store
from app.sync import blobs, repairs
from app.sync.apply import apply_changes
from app.sync.conflicts import find_conflicts
from app.sync.folder import MAX_SEGMENT_BYTES, SeenFile, ShareFolder, segment_name
from app.sync.identity import PUBLISHED, foreign_files_in_own_folder, get_meta, set_meta, take_new_identity
from app.sync.segments import Change, Header, encode, parse

SEGMENT_CHANGES = 2000
Progress = Callable[[int, int], None]


@dataclass
class SyncSummary:
    sent: int = 0
    received: int = 0
    pending: int = 0
    conflicts: int = 0
    ignored: list[str] = field(default_factory=list)  # foreign names, reported once
    quarantined: list[str] = field(default_factory=list)  # damaged files, reported once
    warnings: list[str] = field(default_factory=list)
    new_device_id: str | None = None
    republished: int = 0  # repair files this laptop published for others (SYNC.md: any holder can)


def _schema() -> str:
    from app.storage.migrate import newest_revision_on_disk

    return newest_revision_on_disk()


def _unpublished(store: Store) -> tuple[int, list[Change]]:
    with store.session(capture_changes=False) as session:
        conn = session.connection()
        done = int(get_meta(conn, PUBLISHED, "0"))
        rows = conn.exec_driver_sql(
            "SELECT origin, seq, tbl, row_id, field, value, ms, counter, base, user, tx, hash FROM sync_change "
            "WHERE origin = ? AND seq > ? ORDER BY seq", (store.device_id, done)).all()
    return done, [Change(*r) for r in rows]


def _cut(changes: list[Change]) -> list[list[Change]]:
    """Segments of at most SEGMENT_CHANGES, cut where a transaction ends (a huge one stays whole)."""
    out, current = [], []
    for i, c in enumerate(changes):
        current.append(c)
        ends_tx = i + 1 == len(changes) or changes[i + 1].tx != c.tx
        if len(current) >= SEGMENT_CHANGES and ends_tx:
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


def publish(store: Store, folder: ShareFolder, summary: SyncSummary) -> None:
    doubt, holds = foreign_files_in_own_folder(store, folder)
    if holds:
        _record(store, [(rel, "imported", "") for rel in holds])  # a crash after rename: carry on
    if doubt:
        summary.new_device_id = take_new_identity(store, folder)
    folder.prepare(store.device_id)
    done, changes = _unpublished(store)
    nonce = store.meta(INSTALL_NONCE) or ""
    for chunk in _cut(changes):
        first, last = chunk[0].seq, chunk[-1].seq
        data = encode(Header(store.device_id, nonce, first, last, len(chunk), _schema(), __version__), chunk)
        name = segment_name(first, last)
        outcome = folder.publish(store.device_id, name, data)
        damaged_own = outcome == "different" and _holds_all(store, folder, name)
        if outcome == "different" and not damaged_own:  # another store publishes under our id: become someone new
            summary.new_device_id = take_new_identity(store, folder)
            return publish(store, folder, summary)
        # Our own file, published before a crash and damaged since: repair_own republishes it.
        mtime_ns = 0 if damaged_own else folder.mtime_ns(store.device_id, name)  # the share first, then the store
        with store.session(capture_changes=False) as session:
            conn = session.connection()
            set_meta(conn, PUBLISHED, str(last))
            session.merge(SyncFile(path=f"devices/{store.device_id}/{name}", status="imported",
                                   origin=store.device_id, first=first, last=last, size=len(data),
                                   mtime_ns=mtime_ns, sha256=hashlib.sha256(data).hexdigest(), reported=1))
        summary.sent += len(chunk)
    summary.warnings += repairs.repair_own(store, folder, _schema())
    folder.clean_stale_parts(store.device_id)
    return None


def _holds_all(store: Store, folder: ShareFolder, name: str) -> bool:
    """Is the file under our name one we published ourselves (damaged since, or written by another
    version of FieldDesk)? Yes when this store holds every change that can still be read from it.
    A restored or cloned store lacks some of them: that is the identity doubt of fault 10."""
    try:
        parsed = parse(folder.read(f"devices/{store.device_id}/{name}"))
    except OSError:
        return False
    if parsed.header is not None and parsed.header.origin != store.device_id:
        return False
    with store.session(capture_changes=False) as session:
        conn = session.connection()
        return all(conn.exec_driver_sql("SELECT 1 FROM sync_change WHERE origin = ? AND seq = ? AND hash = ?",
                                        (c.origin, c.seq, c.hash)).first() is not None for c in parsed.changes)


def _record(store: Store, rows: list[tuple[str, str, str]]) -> None:
    with store.session(capture_changes=False) as session:
        for rel, status, reason in rows:
            session.merge(SyncFile(path=rel, status=status, reason=reason, reported=1))


def _quarantine_copy(store: Store, data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()
    folder = store.paths.root / "quarantine"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{digest}.jsonl").write_bytes(data[:MAX_SEGMENT_BYTES])
    return digest


def import_all(store: Store, folder: ShareFolder, summary: SyncSummary, *, now_ms: int, cap_ms: int,
               progress: Progress | None = None) -> list[tuple[str, str]]:
    with store.session(capture_changes=False) as session:
        seen = {f.path: f for f in session.scalars(select(SyncFile))}
    todo: list[SeenFile] = []
    for device in folder.device_ids():
        segments, foreign = folder.files(device)
        fixes, odd = folder.repair_files(device)  # not of our own changes: a store lacking them is in doubt (fault 10)
        segments, foreign = segments + [f for f in fixes if f.origin != store.device_id], foreign + odd
        for rel in foreign:
            if rel not in seen:
                summary.ignored.append(rel)
                _record(store, [(rel, "ignored", "not a FieldDesk file")])
        for f in segments:
            known = seen.get(f.rel)
            if known is None or (known.status == "quarantined" and (known.size, known.mtime_ns) != (f.size, f.mtime_ns)):
                todo.append(f)
    touched: list[tuple[str, str]] = []
    for number, f in enumerate(todo, start=1):
        if progress:
            progress(number, len(todo))
        touched += _import_file(store, folder, f, summary, now_ms=now_ms, cap_ms=cap_ms)
    return touched


def _import_file(store: Store, folder: ShareFolder, f: SeenFile, summary: SyncSummary, *,
                 now_ms: int, cap_ms: int) -> list[tuple[str, str]]:
    try:
        data = folder.read(f.rel)
    except OSError:
        return []  # gone or locked now: next time
    if len(data) > MAX_SEGMENT_BYTES:
        parsed, problems = None, ["larger than any segment FieldDesk writes"]
    else:
        parsed = parse(data)
        problems = list(parsed.problems)
        if parsed.header is not None and parsed.header.origin != f.origin:
            problems.append("the segment belongs to another laptop's folder")
    changes = [c for c in (parsed.changes if parsed else []) if c.origin == f.origin]
    with store.session(capture_changes=False) as session:
        conn = session.connection()
        if f.repair and parsed is not None:  # a copy made by a third laptop: only as far as it agrees
            changes, doubts = repairs.vet(conn, f, parsed.header, changes)
            problems += doubts
        status = "imported" if not problems else "quarantined"
        applied = apply_changes(conn, changes, now_ms=now_ms, cap_ms=cap_ms) if changes else None
        digest = hashlib.sha256(data).hexdigest()
        session.merge(SyncFile(path=f.rel, status=status, origin=f.origin, first=f.first, last=f.last,
                               size=f.size, mtime_ns=f.mtime_ns, sha256=digest, reason="; ".join(problems)[:2000],
                               salvaged=len(changes) if problems else 0, reported=1))
    if problems:
        _quarantine_copy(store, data)
        summary.quarantined.append(f"{f.rel}: {'; '.join(problems[:3])}")
    if applied is not None:
        summary.received += applied.new
        summary.pending += applied.pending
        for origin, stamp in applied.newest.items():
            if stamp.ms > now_ms + cap_ms:
                days = (stamp.ms - now_ms) / 86_400_000
                summary.warnings.append(_("Laptop {device}'s clock is about {days:.0f} days ahead").format(
                    device=origin[:8], days=days) if days >= 1 else _("Laptop {device}'s clock is ahead by {minutes:.0f} minutes")
                    .format(device=origin[:8], minutes=(stamp.ms - now_ms) / 60_000))
    return [(c.tbl, c.row_id) for c in changes]


def run_sync(store: Store, share: Path, *, device_name: str = "", now_ms: int | None = None,
             cap_ms: int = hlc.DEFAULT_SKEW_CAP_MS, progress: Progress | None = None) -> SyncSummary:
    """One round. Raises UnavailableError (nothing lost) when the share cannot be used now."""
    folder = ShareFolder(share)
    folder.check()
    summary = SyncSummary()
    folder.prepare(store.device_id)
    blobs.push(store, folder)  # the files first, then the records that name them
    publish(store, folder, summary)
    now = int(time.time() * 1000) if now_ms is None else now_ms
    touched = import_all(store, folder, summary, now_ms=now, cap_ms=cap_ms, progress=progress)
    _fetched, missing = blobs.pull(store, folder)
    if missing:
        summary.warnings.append(_("{n} attached files are not in the shared folder yet").format(n=len(missing)))
    with store.session(capture_changes=False) as session:
        conn = session.connection()
        summary.conflicts = len(find_conflicts(conn, touched)) if touched else 0
        published = get_meta(conn, PUBLISHED, "0")
        counts = repairs.held_counts(conn)
        lacking, damaged = repairs.missing(conn, counts)
    statuses = {d: s for d in folder.device_ids() if d != store.device_id and (s := folder.read_status(d))}
    summary.warnings += _still_missing(counts, statuses, store.device_id)
    summary.republished = repairs.answer(store, folder, statuses, _schema())
    summary.warnings += folder.skipped_warnings()  # vanished or unreadable since listed: next round
    folder.write_status(store.device_id, {"device": store.device_id, "name": device_name, "app": __version__,
                                          "published_seq": int(published), "synced_ms": now,
                                          "missing": lacking, "damaged": damaged})
    return summary


def _still_missing(counts: dict[str, tuple[int, int]], statuses: dict[str, dict], me: str) -> list[str]:
    """Changes of a laptop this one knows exist but lacks: beyond the last one it holds (by the
    laptop's heartbeat) or in a gap below it (a damaged file not yet republished)."""
    warnings = []
    for origin in sorted(set(counts) | set(statuses)):
        status = statuses.get(origin) or {}
        published = status.get("published_seq")
        top, count = counts.get(origin, (0, 0))
        lacking = max(top, published if type(published) is int else 0) - count
        if origin != me and lacking > 0:
            warnings.append(_("{missing} changes of {name} are not visible in the shared folder yet").format(
                missing=lacking, name=status.get("name") or origin[:8]))
    return warnings


def local_clock(store: Store) -> hlc.Stamp:
    with store.session(capture_changes=False) as session:
        value = session.scalar(select(LocalMeta.value).where(LocalMeta.key == "hlc"))
    return hlc.Stamp.parse(value) if value else hlc.ZERO
