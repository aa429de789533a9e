"""A store restored from a backup (docs/dev/sync.md fault 10), handled when it is restored, not guessed later.

The restore gives the store a new device id at once, without the share (which may be out of
reach): nothing saved after the restore can go out under the old id, whose numbers the laptop used
again after the backup was taken. The backup may also hold changes of the old id that it had not
published when it was taken. Those must go out too, but only the share can tell which of them the
laptop published after the backup (renumbering those would send them twice). So the restore leaves
a mark, ``restored_from:<old id>``, and the next sync round renumbers, under the current id and
before it publishes, the old id's changes that are neither known as published nor in the old id's
files. Everything the old id published stays as it is; this store imports the rest like any laptop's.
"""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
from datetime import datetime

from sqlalchemy import select

from app.storage.capture import change_hash
from app.storage.models import LocalMeta
from app.storage.store import DEVICE_ID, INSTALL_NONCE, Store
from app.sync import held
from app.sync.folder import ShareFolder
from app.sync.identity import PUBLISHED, get_meta, rows_of, set_meta, shared_change_ids

RESTORED = "restored_from:"
_COLS = "origin, seq, tbl, row_id, field, value, ms, counter, base, user, tx, hash"
_UPSERT = "INSERT INTO local_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"


def mark_restored(conn: sqlite3.Connection) -> tuple[str, str]:
    """Give a restored copy (not yet in place, plain sqlite3) a new device id and install nonce;
    returns (old id, new id). The caller commits."""
    def meta(key: str) -> str | None:
        row = conn.execute("SELECT value FROM local_meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    old = meta(DEVICE_ID) or ""
    new = str(uuid.uuid4())
    if old:
        published = int(meta(PUBLISHED) or 0)
        mark = json.dumps({"at": datetime.now().isoformat(timespec="seconds"), "published": published})
        conn.execute(_UPSERT, (RESTORED + old, mark))
    conn.execute(_UPSERT, (DEVICE_ID, new))
    conn.execute(_UPSERT, (INSTALL_NONCE, str(uuid.uuid4())))
    conn.execute(_UPSERT, (PUBLISHED, "0"))
    return old, new


def pending_marks(store: Store) -> list[tuple[str, int]]:
    """(old id, changes it had published when the backup was taken), oldest restore first."""
    with store.read() as session:
        rows = session.execute(select(LocalMeta.key, LocalMeta.value).where(LocalMeta.key.startswith(RESTORED))).all()
    marks = []
    for key, value in rows:
        try:
            mark = json.loads(value)
            at, published = str(mark.get("at", "")), int(mark.get("published", 0))
        except (ValueError, TypeError, AttributeError):
            at, published = "", 0  # unreadable: nothing counts as published, the share decides
        marks.append((at, key[len(RESTORED):], published))
    return [(old, published) for _at, old, published in sorted(marks)]


def _shared(folder: ShareFolder, old: str) -> set[str] | None:
    """The change ids in the old id's files; None when its folder cannot be listed now."""
    place = folder.devices / old
    try:
        if place.is_dir():
            os.listdir(place)
    except OSError:
        return None
    return shared_change_ids(folder, old)


def adopt_restored(store: Store, folder: ShareFolder) -> int:
    """Renumber under this store's id the old ids' changes that never reached the share, before
    this store's own unpublished ones (they may build on them); returns how many were renumbered.
    Call with a reachable share, before publishing."""
    marks = pending_marks(store)
    if not marks:
        return 0
    folder.check()
    shared: dict[str, set[str]] = {}
    for old, _published in marks:
        cids = _shared(folder, old)
        if cids is None:
            return 0  # try again next round: nothing is renumbered on a partial view
        shared[old] = cids
    new = store.device_id
    adopted = 0
    with store.uncaptured() as session:
        conn = session.connection()
        done = int(get_meta(conn, PUBLISHED, "0"))
        rows: list[tuple] = []
        cut = held.SplitCounter()  # a transaction partly published under the old id: its pieces name it whole
        for old, published in marks:
            for row in rows_of(conn, old):
                moved = row[1] > published and f"{row[0]}:{row[1]}:{row[11]}" not in shared[old]
                cut.feed(row[10], moved)
                if moved:
                    rows.append(tuple(row))
        held.register_split(conn, cut.done())
        adopted = len(rows)
        rows += [tuple(r) for r in conn.exec_driver_sql(
            f"SELECT {_COLS} FROM sync_change WHERE origin = ? AND seq > ? ORDER BY seq", (new, done))]  # noqa: S608
        for row in rows:
            conn.exec_driver_sql("DELETE FROM sync_change WHERE origin = ? AND seq = ? AND hash = ?", (row[0], row[1], row[11]))
        renamed: dict[str, str] = {}
        for seq, row in enumerate(rows, start=done + 1):
            values = (new, seq, *row[2:8], renamed.get(row[8], row[8]), row[9], row[10])
            digest = change_hash(values)
            conn.exec_driver_sql(f"INSERT INTO sync_change ({_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",  # noqa: S608
                                 (*values, digest))
            renamed[f"{row[0]}:{row[1]}:{row[11]}"] = f"{new}:{seq}:{digest}"
        for old, _published in marks:
            conn.exec_driver_sql("DELETE FROM local_meta WHERE key = ?", (RESTORED + old,))
            set_meta(conn, f"previous_id:{old}", new)
    return adopted
