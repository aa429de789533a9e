"""A laptop's identity on the share (docs/dev/sync.md fault 10): a store restored from a backup or copied
to another laptop must not publish different changes under numbers already used.

Evidence of doubt: a file in this laptop's own folder that this store did not publish and whose
changes it does not all have; one named for numbers beyond the highest this store used; one with no
readable change left under numbers it has neither marked published nor announced (a damaged file
cannot prove it is ours); or a publish that finds other bytes under its name.

Announced: before a round publishes, it notes in the store the highest number it sets out to
publish (``ANNOUNCED``, with the tree and the id). A file under such numbers was written by this
store even when a crash came before the marking and the file was damaged since — on a sealed share
any damage leaves nothing readable (AES-GCM: whole or nothing), so without the note every such file
would cost a new id and leave the old id's file refused for good. A store restored from a backup
older than the note has no note (or one for numbers it holds the same changes under). The cure: a new device id; the changes of
the old id that never reached the share are renumbered under the new one (with their hashes, and
the bases that point at them); everything else stays as it is.
"""

from __future__ import annotations

import uuid

from sqlalchemy import Connection, select

from app.storage.capture import change_hash
from app.storage.models import LocalMeta
from app.storage.store import DEVICE_ID, Store
from app.sync import held
from app.sync.folder import ShareFolder
from app.sync.segments import parse

PUBLISHED = "published_seq"
ANNOUNCED = "publishing_up_to"  # local_meta: "<tree> <device id> <seq>": a round set out to publish up to seq


def set_meta(conn: Connection, key: str, value: str) -> None:
    from sqlalchemy.dialects.sqlite import insert

    stmt = insert(LocalMeta.__table__).values(key=key, value=value)
    conn.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": value}))


def get_meta(conn: Connection, key: str, default: str = "") -> str:
    value = conn.execute(select(LocalMeta.value).where(LocalMeta.key == key)).scalar_one_or_none()
    return default if value is None else value


def announced(conn: Connection, tree: str, device: str) -> int:
    """The highest number this store set out to publish in ``tree`` under ``device`` (0: none)."""
    parts = get_meta(conn, ANNOUNCED, "").split(" ")
    return int(parts[2]) if len(parts) == 3 and parts[:2] == [tree, device] and parts[2].isdigit() else 0


def announce(conn: Connection, tree: str, device: str, top: int) -> None:
    set_meta(conn, ANNOUNCED, f"{tree} {device} {top}")


def foreign_files_in_own_folder(store: Store, folder: ShareFolder) -> tuple[bool, list[str]]:
    """(identity in doubt?, own files this store already holds every change of — safe to record).
    Each file is read from the share with no transaction open, then checked in a short one."""
    from app.storage.models.sync import SyncFile

    segments, _foreign = folder.files(store.device_id)
    with store.read() as session:
        known = set(session.scalars(select(SyncFile.path)))
        unknown = [f for f in segments if f.rel not in known]
        if not unknown:
            return False, []
        conn = session.connection()
        top = conn.exec_driver_sql("SELECT COALESCE(MAX(seq), 0) FROM sync_change WHERE origin = ?",
                                   (store.device_id,)).scalar()
        published = max(int(get_meta(conn, PUBLISHED, "0")), announced(conn, folder.tree, store.device_id))
    if any(seen.last > top for seen in unknown):  # named for numbers this store never used: even damaged beyond reading
        return True, []
    holds: list[str] = []
    for seen in unknown:  # one file at a time: memory stays bounded by one segment
        try:
            changes = parse(folder.readable(seen.rel)).changes
        except OSError:
            continue  # unreadable now: judged next time
        with store.read() as session:
            cur = session.connection().connection.driver_connection.cursor()
            missing = any(cur.execute("SELECT 1 FROM sync_change WHERE origin = ? AND seq = ? AND hash = ?",
                                      (c.origin, c.seq, c.hash)).fetchone() is None for c in changes)
        if missing or (seen.last > published and not changes):
            return True, []  # nothing readable under numbers we neither published nor announced: not provably ours
        holds.append(seen.rel)
    return False, holds


def shared_change_ids(folder: ShareFolder, origin: str) -> set[str]:
    """The ids of ``origin``'s changes readable in its files on the share. An unreadable file
    counts as not shared: its changes are renumbered and sent again rather than lost."""
    shared: set[str] = set()
    segments, _foreign = folder.files(origin)
    for seen in segments:
        try:
            shared |= {c.cid for c in parse(folder.readable(seen.rel)).changes}
        except OSError:
            continue
    return shared


def rows_of(conn: Connection, origin: str, batch: int = 5000):
    """``origin``'s changes in order, fetched in batches (the caller may rewrite the log meanwhile:
    each batch is read whole before it goes on)."""
    after: tuple = (-1, "")
    while True:
        rows = conn.exec_driver_sql(
            "SELECT origin, seq, tbl, row_id, field, value, ms, counter, base, user, tx, hash FROM sync_change "
            "WHERE origin = ? AND (seq, hash) > (?, ?) ORDER BY seq, hash LIMIT ?", (origin, *after, batch)).all()
        if not rows:
            return
        yield from rows
        after = (rows[-1][1], rows[-1][11])


def take_new_identity(store: Store, folder: ShareFolder) -> str:
    """Renumber this store's unshared changes under a new device id; returns the new id."""
    old = store.device_id
    shared = shared_change_ids(folder, old)
    new = str(uuid.uuid4())
    with store.uncaptured() as session:
        conn = session.connection()
        renamed: dict[str, str] = {}
        seq = 0
        cut = held.SplitCounter()
        for row in rows_of(conn, old):
            cid = f"{row[0]}:{row[1]}:{row[11]}"
            cut.feed(row[10], cid not in shared)
            if cid in shared:
                continue
            seq += 1
            base = renamed.get(row[8], row[8])
            values = (new, seq, row[2], row[3], row[4], row[5], row[6], row[7], base, row[9], row[10])
            digest = change_hash(values)
            conn.exec_driver_sql("DELETE FROM sync_change WHERE origin = ? AND seq = ? AND hash = ?",
                                 (row[0], row[1], row[11]))
            conn.exec_driver_sql(
                "INSERT INTO sync_change (origin, seq, tbl, row_id, field, value, ms, counter, base, user, tx, hash) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (*values, digest))
            renamed[cid] = f"{new}:{seq}:{digest}"
        held.register_split(conn, cut.done())
        set_meta(conn, DEVICE_ID, new)
        set_meta(conn, PUBLISHED, "0")
        set_meta(conn, f"previous_id:{old}", new)
    store.device_id = new
    return new
