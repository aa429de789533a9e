"""Moving between the share's trees: ``v1`` (in the clear) → ``e1`` (sealed) → ``e2`` (after a
rotation) … (docs/dev/sealed_share.md "Moving a share").

Each tree is a whole share of its own. A laptop syncs with the tree of the key it holds; on
entering a new one it forgets what it knew of the old tree (files seen, how far it published),
publishes its whole log there again, sealed, and carries over — as repairs, in the format every
laptop already reads — the changes of laptops the new tree does not hold yet (retired or not yet
given the key), so a laptop that joins later finds everything in the new tree alone. Nothing is
deleted until every laptop of the old trees is held in the new one (``finish_move``).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass

from app.storage.store import Store
from app.sync import repairs
from app.sync.folder import PLAIN_TREE, ShareFolder
from app.sync.identity import PUBLISHED, get_meta, set_meta

TREE = "share_tree"  # local_meta: "<tree>:<key id>" this store syncs with ("v1" before any key)
CARRY = "share_tree_carry"  # local_meta: "1" while the changes of others still have to be carried


def here(folder: ShareFolder) -> str:
    return name_of(folder.key)


def name_of(key) -> str:
    """How local_meta names the tree of ``key`` ("v1" for none)."""
    return f"e{key.epoch}:{key.key_id}" if key else PLAIN_TREE


def current(store: Store) -> str:
    """The tree this store synced with last ("v1" before any key)."""
    with store.read() as session:
        return get_meta(session.connection(), TREE, PLAIN_TREE)


def synced_before(store: Store) -> bool:
    """Has this store taken files from the tree it is in (so there may be news there for it)?"""
    with store.read() as session:
        return session.connection().exec_driver_sql("SELECT 1 FROM sync_file LIMIT 1").first() is not None


def enter(store: Store, folder: ShareFolder) -> bool:
    """Make ``folder``'s tree this store's; True when it was another one (a move or a rotation)."""
    now = here(folder)
    if current(store) == now:
        return False
    with store.uncaptured() as session:
        conn = session.connection()
        conn.exec_driver_sql("DELETE FROM sync_file")  # what it knew of the old tree
        set_meta(conn, PUBLISHED, "0")  # everything goes out again, sealed with this key
        set_meta(conn, TREE, now)
        set_meta(conn, CARRY, "1")
    return True


def covered(folder: ShareFolder) -> dict[str, list[tuple[int, int]]]:
    """Per origin, the (first, last) ranges its own files and any repairs of it hold in the tree."""
    out: dict[str, list[tuple[int, int]]] = {}
    for device in folder.device_ids():
        segments, _foreign = folder.files(device)
        fixes, _odd = folder.repair_files(device)
        for f in segments + fixes:
            out.setdefault(f.origin, []).append((f.first, f.last))
    return out


def carry(store: Store, folder: ShareFolder, schema: str) -> int:
    """Once after entering a tree: publish as repairs the changes of other laptops that no file in
    the tree holds yet. Returns how many files went out."""
    with store.read() as session:
        conn = session.connection()
        if get_meta(conn, CARRY, "") != "1":
            return 0
        origins = [r[0] for r in conn.exec_driver_sql(
            "SELECT DISTINCT origin FROM sync_change UNION SELECT DISTINCT origin FROM sync_held")]
    have = covered(folder)
    sent = 0
    for origin in sorted(o for o in origins if o != store.device_id):
        ranges = have.get(origin, [])
        with store.read() as session:
            seqs = [s for s in repairs.held_seqs(session.connection(), origin, 1, 2 ** 62)
                    if not any(a <= s <= b for a, b in ranges)]
        for first, last in repairs.runs(seqs):
            for a in range(first, last + 1, repairs.CHUNK):
                sent += repairs.publish_range(store, folder, origin, a, min(a + repairs.CHUNK - 1, last), schema)
    with store.uncaptured() as session:
        set_meta(session.connection(), CARRY, "0")
    return sent


@dataclass(frozen=True)
class Laptop:
    device: str
    tree: str  # the old tree it was found in
    top: int  # the highest change number its files there name
    state: str  # "moved" (publishes in the current tree), "carried" (held there by others' repairs), "waiting"


def move_report(folder: ShareFolder) -> list[Laptop]:
    """Every laptop found in an older tree than ``folder``'s, and whether the current tree holds it."""
    current = folder.trees().get(folder.tree, 0)
    have = covered(folder)
    moved = {d for d in folder.device_ids() if folder.read_status(d) is not None}  # a heartbeat that opens
    out = []
    for name, epoch in sorted(folder.trees().items(), key=lambda t: t[1]):
        if epoch >= current or name == folder.tree:
            continue
        old = ShareFolder(folder.root, tree=name)  # listing only: names read without its key
        for device in old.device_ids():
            files, _foreign = old.files(device)
            top = max((f.last for f in files), default=0)
            held = sorted(have.get(device, []))
            reach, state = 0, "waiting"
            for a, b in held:
                if a > reach + 1:
                    break
                reach = max(reach, b)
            if device in moved and reach >= top:
                state = "moved"
            elif reach >= top:
                state = "carried"
            out.append(Laptop(device, name, top, state))
    return out


def finish_move(folder: ShareFolder, retired: set[str] = frozenset()) -> tuple[list[str], list[Laptop]]:
    """Remove the older trees once every laptop found there has moved to the current one — or is
    named retired (by its id or the id's start) and its changes are held here by another's copy.
    Returns (trees removed, laptops not ready — then nothing is removed)."""
    report = move_report(folder)

    def gone_for_good(laptop: Laptop) -> bool:
        return laptop.state == "carried" and any(laptop.device.startswith(r) for r in retired if len(r) >= 8)

    waiting = [laptop for laptop in report if laptop.state != "moved" and not gone_for_good(laptop)]
    if waiting:
        return [], waiting
    current = folder.trees().get(folder.tree, 0)
    gone = []
    for name, epoch in folder.trees().items():
        if name != folder.tree and epoch < current:
            shutil.rmtree(folder.root / "FieldDesk" / name)
            gone.append(name)
    return sorted(gone), []

