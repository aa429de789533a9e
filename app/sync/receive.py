"""Importing the other laptops' files (docs/dev/sync.md "Import"), at any size, with bounded memory.

Every file not imported yet is read from the share first — small ones into memory, a few
together; a big one (an older FieldDesk wrote a whole import as one file) copied to local disk —
and only then applied, in one local transaction per group or per big file, batch by batch: no
share I/O ever happens while the database is held. Changes of a transaction that spans segments
are held until it is whole (``held``), then applied at once. A damaged file is quarantined (its
intact changes salvaged, a local copy kept) and re-checked when it changes; a file too big to read
at all is refused and reported; other names are ignored and reported once.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO

from app.domain import hlc
from app.i18n import _
from app.storage.models.sync import SyncFile
from app.storage.store import Store
from app.sync import held, repairs
from app.sync.apply import recheck_waiting
from app.sync.folder import MAX_FILE_BYTES, MAX_SEGMENT_BYTES, SeenFile, ShareFolder
from app.sync.seal import SealError
from app.sync.segments import SegmentReader

IN_MEMORY_BYTES = 8 << 20  # a larger file is copied to local disk and read from there
GROUP_BYTES = 4 << 20  # small files read together and applied in one local transaction
Progress = Callable[[int, int], None]


@dataclass
class Received:
    """What one round's import brought."""

    new: int = 0
    pending: int = 0
    held: int = 0  # changes now waiting for the rest of their transaction
    newest: dict[str, hlc.Stamp] = field(default_factory=dict)
    shared: set[tuple[str, str]] = field(default_factory=set)  # records that may have conflicts
    quarantined: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # foreign names, found for the first time
    applied_any: bool = False

    def add(self, applied) -> None:
        self.new += applied.new
        self.pending += applied.pending
        self.shared |= applied.shared
        for origin, stamp in applied.newest.items():
            if stamp > self.newest.get(origin, hlc.ZERO):
                self.newest[origin] = stamp
        self.applied_any = True


def todo_files(store: Store, folder: ShareFolder, ignored: list[str]) -> list[SeenFile]:
    """Files on the share not imported yet (or quarantined and changed since); foreign names
    found for the first time go into ``ignored`` (and are recorded, so they are reported once)."""
    with store.read() as session:
        seen = {p: (s, size, mtime) for p, s, size, mtime in session.connection().exec_driver_sql(
            "SELECT path, status, size, mtime_ns FROM sync_file")}
    todo: list[SeenFile] = []
    for device in folder.device_ids():
        segments, foreign = folder.files(device)
        fixes, odd = folder.repair_files(device)  # not of our own changes: a store lacking them is in doubt (fault 10)
        segments, foreign = segments + [f for f in fixes if f.origin != store.device_id], foreign + odd
        fresh = [rel for rel in foreign if rel not in seen]
        if fresh:
            ignored += fresh
            with store.uncaptured() as session:
                for rel in fresh:
                    session.merge(SyncFile(path=rel, status="ignored", reason="not a FieldDesk file", reported=1))
        for f in segments:
            known = seen.get(f.rel)
            if known is None or (known[0] == "quarantined" and known[1:] != (f.size, f.mtime_ns)):
                todo.append(f)
    return todo


def import_all(store: Store, folder: ShareFolder, *, apply: Callable, now_ms: int, cap_ms: int,
               progress: Progress | None = None) -> Received:
    """Import every new file, then apply the held transactions that are whole now."""
    got = Received()
    todo = todo_files(store, folder, got.ignored)
    group: list[tuple[SeenFile, bytes]] = []
    size = 0
    for number, f in enumerate(todo, start=1):
        if progress:
            progress(number, len(todo))
        if f.size > IN_MEMORY_BYTES:  # in the order listed: what it refers to usually comes first
            if group:
                _apply_group(store, group, got, apply, now_ms=now_ms, cap_ms=cap_ms)
                group, size = [], 0
            _big_file(store, folder, f, got, apply, now_ms=now_ms, cap_ms=cap_ms)
            continue
        try:
            data = folder.read(f.rel)
        except OSError:
            continue  # gone or locked now: next time
        except SealError as exc:
            _refuse(store, f, exc, got)
            continue
        if len(data) > MAX_SEGMENT_BYTES:  # it grew since it was listed
            if group:
                _apply_group(store, group, got, apply, now_ms=now_ms, cap_ms=cap_ms)
                group, size = [], 0
            _big_file(store, folder, f, got, apply, now_ms=now_ms, cap_ms=cap_ms)
            continue
        group.append((f, data))
        size += len(data)
        if size >= GROUP_BYTES:
            _apply_group(store, group, got, apply, now_ms=now_ms, cap_ms=cap_ms)
            group, size = [], 0
    if group:
        _apply_group(store, group, got, apply, now_ms=now_ms, cap_ms=cap_ms)
    _activate_whole(store, got, apply, now_ms=now_ms, cap_ms=cap_ms)
    if got.applied_any:  # what waited may have been made here since, by hand
        with store.uncaptured() as session:
            recheck_waiting(session.connection())
    with store.read() as session:
        got.held = held.held_changes(session.connection())
    return got


def _apply_group(store: Store, group: list[tuple[SeenFile, bytes]], got: Received, apply: Callable, **kwargs) -> None:
    outcomes = []
    with store.uncaptured() as session:
        for f, data in group:
            outcomes.append((f, data, _apply_file(session, f, io.BytesIO(data), hashlib.sha256(data).hexdigest(),
                                                  got, apply, **kwargs)))
    for f, data, problems in outcomes:
        if problems:
            _quarantine_copy(store, io.BytesIO(data))
            got.quarantined.append(f"{f.rel}: {'; '.join(problems[:3])}")


def _big_file(store: Store, folder: ShareFolder, f: SeenFile, got: Received, apply: Callable, **kwargs) -> None:
    """A file too big for memory: copied to local disk first (no local transaction open), then
    applied from there in one local transaction, batch by batch."""
    if f.size > MAX_FILE_BYTES:
        problems = [f"larger than FieldDesk reads ({f.size:,} bytes)"]
        with store.uncaptured() as session:
            _record(session, f, "quarantined", problems, "", 0)
        got.quarantined.append(f"{f.rel}: {problems[0]}")
        return
    local = store.paths.root / "tmp"
    local.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(suffix=".jsonl", dir=local)
    os.close(handle)
    try:
        try:
            copied, digest = folder.copy_to(f.rel, local / name, MAX_FILE_BYTES)
        except OSError:
            return  # gone or locked now: next time
        except SealError as exc:
            _refuse(store, f, exc, got)
            return
        with open(local / name, "rb") as stream:
            if copied > MAX_FILE_BYTES:
                problems = [f"larger than FieldDesk reads ({copied:,} bytes)"]
                with store.uncaptured() as session:
                    _record(session, f, "quarantined", problems, digest, 0)
            else:
                with store.uncaptured() as session:
                    problems = _apply_file(session, f, stream, digest, got, apply, **kwargs)
            if problems:
                stream.seek(0)
                _quarantine_copy(store, stream)
                got.quarantined.append(f"{f.rel}: {'; '.join(problems[:3])}")
    finally:
        (local / name).unlink(missing_ok=True)


def _apply_file(session, f: SeenFile, stream: BinaryIO, digest: str, got: Received, apply: Callable, *,
                now_ms: int, cap_ms: int) -> list[str]:
    """Apply one file's intact changes inside the caller's transaction; returns its problems."""
    conn = session.connection()
    reader = SegmentReader(stream)
    extra: list[str] = []
    if reader.header is not None and reader.header.origin != f.origin:
        extra.append("the segment belongs to another laptop's folder")
    parts = reader.parts
    waiting = held.any_waiting(conn)
    taken = 0
    for batch in reader.batches():
        changes = [c for c in batch if c.origin == f.origin]
        if f.repair:  # a copy made by a third laptop: only as far as it agrees
            changes, doubts = repairs.vet(conn, f, reader.header, changes)
            extra += [d for d in doubts if d not in extra]
        taken += len(changes)
        now = held.split(conn, changes, parts, waiting)
        waiting = waiting or len(now) < len(changes)
        got.held += len(changes) - len(now)
        if now:
            got.add(apply(conn, now, now_ms=now_ms, cap_ms=cap_ms))
    problems = reader.problems + extra
    _record(session, f, "imported" if not problems else "quarantined", problems, digest, taken if problems else 0)
    return problems


def _refuse(store: Store, f: SeenFile, exc: SealError, got: Received) -> None:
    """A file that does not open with the ward key: nothing of it is applied (it may be forged),
    a local copy is kept, and it is reported like a damaged file until its changes are here."""
    with store.uncaptured() as session:
        _record(session, f, "quarantined", [str(exc)], hashlib.sha256(exc.raw).hexdigest(), 0)
    _quarantine_copy(store, io.BytesIO(exc.raw))
    got.quarantined.append(f"{f.rel}: {exc}")


def _record(session, f: SeenFile, status: str, problems: list[str], digest: str, salvaged: int) -> None:
    session.merge(SyncFile(path=f.rel, status=status, origin=f.origin, first=f.first, last=f.last, size=f.size,
                           mtime_ns=f.mtime_ns, sha256=digest, reason="; ".join(problems)[:2000],
                           salvaged=salvaged, reported=1))


def _activate_whole(store: Store, got: Received, apply: Callable, **kwargs) -> None:
    """Apply each held transaction that is whole now, each in one local transaction."""
    with store.read() as session:
        whole = held.ready(session.connection())
    for tx in whole:
        with store.uncaptured() as session:
            for applied in held.activate(session.connection(), tx, apply, **kwargs):
                got.add(applied)


def _quarantine_copy(store: Store, stream: BinaryIO) -> str:
    """A local copy of a damaged file (its first MAX_SEGMENT_BYTES), named by its hash."""
    data = stream.read(MAX_SEGMENT_BYTES)
    digest = hashlib.sha256(data).hexdigest()
    folder = store.paths.root / "quarantine"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{digest}.jsonl").write_bytes(data)
    return digest


def clock_warnings(newest: dict[str, hlc.Stamp], now_ms: int, cap_ms: int) -> list[str]:
    warnings = []
    for origin, stamp in newest.items():
        if stamp.ms > now_ms + cap_ms:
            days = (stamp.ms - now_ms) / 86_400_000
            warnings.append(_("Laptop {device}'s clock is about {days:.0f} days ahead").format(
                device=origin[:8], days=days) if days >= 1 else _("Laptop {device}'s clock is ahead by {minutes:.0f} minutes")
                .format(device=origin[:8], minutes=(stamp.ms - now_ms) / 60_000))
    return warnings
