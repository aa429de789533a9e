"""One sync round (``fielddesk sync`` and the window's background sync): publish, then import.

Publish (``publish.py``): this laptop's changes not yet on the share, in segments cut by size,
marked published only after the file reads back right. Import (``receive.py``): every file not
imported yet, read from the share first and then applied in short local transactions; a
transaction that spans segments is applied whole once all of it is here. A damaged file is
quarantined (its intact changes salvaged, a local copy kept) and re-checked when it changes; a
file too big to read is refused; both are reported until their changes are here from elsewhere.
Nothing here ever deletes anything on the share.

The invariant that keeps marking fast while a round runs on its own thread: **no share I/O inside
a store transaction**, here and in everything a round calls (publish, receive, identity, repairs,
blobs, restored). Every transaction takes SQLite's write lock up front (BEGIN IMMEDIATE), so a
share that hangs inside one would hold every mark of the window behind it. Read or write the share
first, then record what happened in a short transaction of its own.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from app import __version__
from app.domain import hlc
from app.errors import NoWardKey
from app.i18n import _
from app.storage.models import LocalMeta
from app.storage.store import Store
from app.sync import blobs, repairs, trees, ward_key
from app.sync.apply import apply_changes
from app.sync.conflicts import find_conflicts
from app.sync.folder import ShareFolder
from app.sync.identity import PUBLISHED, get_meta
from app.sync.publish import publish, schema
from app.sync.receive import Progress, clock_warnings, import_all
from app.sync.seal import WardKey
from app.sync.segments import Limits

FROM_KEYRING = object()  # run_sync's default: this laptop's key from the credential store
__all__ = ["Progress", "SyncSummary", "local_clock", "publish", "run_sync"]


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
    republished: int = 0  # repair files this laptop published for others (docs/dev/sync.md: any holder can)
    held: int = 0  # changes waiting for the rest of their transaction
    refused: list[repairs.Refused] = field(default_factory=list)  # files whose changes this laptop lacks
    moved: bool = False  # this round entered a new tree of the share (sealed, or a new key epoch)
    carried: int = 0  # repair files of others' changes published into the new tree
    waiting: list[trees.Laptop] = field(default_factory=list)  # laptops of older trees not held here yet
    old_trees: bool = False  # older trees are still on the share (fielddesk key finish-move removes them)


def run_sync(store: Store, share: Path, *, device_name: str = "", now_ms: int | None = None,
             cap_ms: int = hlc.DEFAULT_SKEW_CAP_MS, progress: Progress | None = None,
             limits: Limits | None = None, key: WardKey | None | object = FROM_KEYRING,
             previous: WardKey | None | object = FROM_KEYRING) -> SyncSummary:
    """One round in the tree of ``key`` (the clear ``v1`` without one). Raises UnavailableError
    (nothing lost) when the share cannot be used now, NoWardKey when it needs a key we lack.
    ``previous``: the key held before (read-only), to read the old tree once on moving."""
    if key is FROM_KEYRING:
        key = ward_key.load()
    if previous is FROM_KEYRING:
        previous = ward_key.load_previous() if key is not None else None
    folder = ShareFolder(share, key)
    folder.check()
    if key is None and trees.current(store) != trees.PLAIN_TREE:  # it synced sealed: never back to the clear
        raise NoWardKey(_("This laptop synced with the sealed shared folder and holds no ward key now. Nothing "
                          "was sent. Ask your administrator for the key (fielddesk key join, or Settings → Ward key)."))
    folder.refuse_unkeyed()
    summary = SyncSummary()
    now = int(time.time() * 1000) if now_ms is None else now_ms
    summary.received += _catch_up(store, folder, previous, now, cap_ms)
    folder.prepare(store.device_id)
    summary.moved = trees.enter(store, folder)
    blobs.push(store, folder)  # the files first, then the records that name them
    publish(store, folder, summary, limits)
    summary.carried = trees.carry(store, folder, schema())
    got = import_all(store, folder, apply=apply_changes, now_ms=now, cap_ms=cap_ms, progress=progress)
    summary.received += got.new
    summary.pending, summary.held = got.pending, got.held
    summary.ignored += got.ignored
    summary.quarantined += got.quarantined
    summary.warnings += clock_warnings(got.newest, now, cap_ms)
    _fetched, missing = blobs.pull(store, folder)
    if missing:
        summary.warnings.append(_("{n} attached files are not in the shared folder yet").format(n=len(missing)))
    with store.read() as session:
        conn = session.connection()
        summary.conflicts = len(find_conflicts(conn, sorted(got.shared))) if got.shared else 0
        published = get_meta(conn, PUBLISHED, "0")
        counts = repairs.held_counts(conn)
        lacking, damaged = repairs.missing(conn, counts)
        summary.refused = repairs.refused(conn)
    statuses = {d: s for d in folder.device_ids() if d != store.device_id and (s := folder.read_status(d))}
    summary.warnings += _still_missing(counts, statuses, store.device_id)
    summary.warnings += _waiting(summary)
    summary.republished = repairs.answer(store, folder, statuses, schema())
    if key is not None and len(folder.trees()) > 1:  # a move or a rotation not finished: say who has not moved
        report = trees.move_report(folder)
        summary.old_trees = True
        summary.waiting = [laptop for laptop in report if laptop.state != "moved" and laptop.device != store.device_id]
        summary.warnings += _move_warnings(summary)
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


def _catch_up(store: Store, folder: ShareFolder, previous: WardKey | None, now: int, cap_ms: int) -> int:
    """Before entering a new tree, read the old one a last time (in the clear, or with the previous
    key): what was published there since this laptop's last round — a lost laptop's last changes —
    is then carried into the new tree, not stranded in the old one."""
    was = trees.current(store)
    if was == trees.here(folder):
        return 0
    if was == trees.PLAIN_TREE and not trees.synced_before(store):
        return 0  # a new laptop: the new tree holds everything (the first to enter carried it)
    old_key = None if was == trees.PLAIN_TREE else previous
    if old_key is not None and was != trees.name_of(old_key):
        return 0  # a tree of a key this laptop no longer holds: nothing to read it with
    old = ShareFolder(folder.root, old_key)
    if old.tree not in old.trees():
        return 0
    return import_all(store, old, apply=apply_changes, now_ms=now, cap_ms=cap_ms).new


def _move_warnings(summary: SyncSummary) -> list[str]:
    if summary.waiting:
        return [_("{n} laptops have not moved to the sealed shared folder yet ({ids}): give them the ward key "
                  "(fielddesk key join); their changes wait on them until then").format(
            n=len({w.device for w in summary.waiting}), ids=", ".join(sorted({w.device[:8] for w in summary.waiting})))]
    if summary.old_trees:
        return [_("Every laptop has moved to the sealed shared folder: run fielddesk key finish-move to remove "
                  "the older files from the shared folder")]
    return []


def _waiting(summary: SyncSummary) -> list[str]:
    out = [_("{n} changes wait for the rest of their transaction (a big import still on its way)").format(
        n=summary.held)] if summary.held else []
    for r in summary.refused:
        out.append(_("{file} could not be read ({reason}): {n} of its changes are missing on this laptop").format(
            file=r.path, reason=r.reason, n=r.lacking))
    return out


def local_clock(store: Store) -> hlc.Stamp:
    with store.read() as session:
        value = session.scalar(select(LocalMeta.value).where(LocalMeta.key == "hlc"))
    return hlc.Stamp.parse(value) if value else hlc.ZERO
