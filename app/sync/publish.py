"""Publishing this laptop's changes (docs/dev/sync.md "Publish"), one segment at a time.

Segments are cut by size (``segments.Limits``; docs/dev/sync.md "Segment size"): at the first end
of a transaction after the soft limits, or inside a transaction at the hard limits, its pieces
naming it in ``parts``. Each segment is read from the log in a short local transaction, written to
the share with no local transaction open, and marked published in another short one — so memory
stays bounded by one segment, and a slow share never holds the database.
"""

from __future__ import annotations

import hashlib

from app import __version__
from app.storage.models.sync import SyncFile
from app.storage.store import INSTALL_NONCE, Store
from app.sync import held, repairs
from app.sync.folder import ShareFolder, segment_name
from app.sync.identity import (
    PUBLISHED,
    announce,
    announced,
    foreign_files_in_own_folder,
    get_meta,
    set_meta,
    take_new_identity,
)
from app.sync.segments import Change, Header, Limits, assemble, change_line, parse

_COLS = "origin, seq, tbl, row_id, field, value, ms, counter, base, user, tx, hash"


def schema() -> str:
    from app.storage.migrate import newest_revision_on_disk

    return newest_revision_on_disk()


def cut(rows, limits: Limits) -> tuple[list[Change], list[bytes], str | None]:
    """The next segment from ``rows`` (consecutive changes of one origin, read lazily): its changes,
    their lines, and the transaction of the change after it (None: the log ends there)."""
    chunk: list[Change] = []
    lines: list[bytes] = []
    size = 0
    for row in rows:
        c = Change._make(row)
        if chunk and c.tx != chunk[-1].tx and (len(chunk) >= limits.soft_changes or size >= limits.soft_bytes):
            return chunk, lines, c.tx  # the first end of a transaction after the soft limits
        line = change_line(c)
        if chunk and (len(chunk) >= limits.hard_changes or size + len(line) > limits.hard_bytes):
            return chunk, lines, c.tx  # a transaction too big for one segment goes on in the next
        chunk.append(c)
        lines.append(line)
        size += len(line)
    return chunk, lines, None


def next_segment(store: Store, after: int, limits: Limits, totals: dict[str, int], app: str) -> tuple[bytes, Header] | None:
    """This laptop's next unpublished segment after change ``after``: its bytes and header."""
    with store.read() as session:
        conn = session.connection()
        cur = conn.connection.driver_connection.cursor()
        rows = cur.execute(f"SELECT {_COLS} FROM sync_change WHERE origin = ? AND seq > ? ORDER BY seq",  # noqa: S608
                           (store.device_id, after))
        chunk, lines, after_tx = cut(rows, limits)
        cur.close()
        if not chunk:
            return None
        parts = held.parts_of(conn, chunk, after_tx, totals)
        nonce = get_meta(conn, INSTALL_NONCE, "")
    header = Header(store.device_id, nonce, chunk[0].seq, chunk[-1].seq, len(chunk), schema(), app, parts)
    return assemble(header, lines), header


def publish(store: Store, folder: ShareFolder, summary, limits: Limits | None = None) -> None:
    limits = limits or Limits()
    doubt, holds = foreign_files_in_own_folder(store, folder)
    if holds:
        _record(store, [(rel, "imported", "") for rel in holds])  # a crash after rename: carry on
    if doubt:
        summary.new_device_id = take_new_identity(store, folder)
    folder.prepare(store.device_id)
    totals: dict[str, int] = {}
    done = int(store.meta(PUBLISHED) or "0")
    _announce(store, folder, done)
    while (segment := next_segment(store, done, limits, totals, __version__)) is not None:
        data, header = segment
        name = segment_name(header.first, header.last)
        outcome = folder.publish(store.device_id, name, data)
        damaged_own = outcome == "different" and _holds_all(store, folder, name)
        if outcome == "different" and not damaged_own:  # another store publishes under our id: become someone new
            summary.new_device_id = take_new_identity(store, folder)
            return publish(store, folder, summary, limits)
        # Our own file, published before a crash and damaged since: repair_own republishes it.
        size, mtime = folder.stat(f"devices/{store.device_id}/{name}") or (len(data), 0)  # sealed: the file's size
        mtime = 0 if damaged_own else mtime
        with store.uncaptured() as session:
            set_meta(session.connection(), PUBLISHED, str(header.last))
            session.merge(SyncFile(path=f"devices/{store.device_id}/{name}", status="imported",
                                   origin=store.device_id, first=header.first, last=header.last, size=size,
                                   mtime_ns=mtime, sha256=hashlib.sha256(data).hexdigest(), reported=1))
        summary.sent += header.count
        done = header.last
    summary.warnings += repairs.repair_own(store, folder, schema())
    folder.clean_stale_parts(store.device_id)


def _announce(store: Store, folder: ShareFolder, done: int) -> None:
    """Note, before any file goes out, how far this round may publish: after a crash between a
    rename and its marking, the file under those numbers is known as ours even if it no longer
    opens (identity.py). One short transaction, only when there is something new to publish."""
    with store.read() as session:
        conn = session.connection()
        top = conn.exec_driver_sql("SELECT COALESCE(MAX(seq), 0) FROM sync_change WHERE origin = ?",
                                   (store.device_id,)).scalar()
        if top <= max(done, announced(conn, folder.tree, store.device_id)):
            return
    with store.uncaptured() as session:
        announce(session.connection(), folder.tree, store.device_id, top)


def _holds_all(store: Store, folder: ShareFolder, name: str) -> bool:
    """Is the file under our name one we published ourselves (damaged since, or written by another
    version of FieldDesk)? Yes when this store holds every change that can still be read from it.
    A restored or cloned store lacks some of them: that is the identity doubt of fault 10."""
    try:
        parsed = parse(folder.readable(f"devices/{store.device_id}/{name}"))
    except OSError:
        return False
    if parsed.header is not None and parsed.header.origin != store.device_id:
        return False
    with store.read() as session:
        cur = session.connection().connection.driver_connection.cursor()
        return all(cur.execute("SELECT 1 FROM sync_change WHERE origin = ? AND seq = ? AND hash = ?",
                               (c.origin, c.seq, c.hash)).fetchone() is not None for c in parsed.changes)


def _record(store: Store, rows: list[tuple[str, str, str]]) -> None:
    with store.uncaptured() as session:
        for rel, status, reason in rows:
            session.merge(SyncFile(path=rel, status=status, reason=reason, reported=1))
