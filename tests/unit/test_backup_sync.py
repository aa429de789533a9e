"""A restore followed by sync converges (docs/dev/sync.md fault 10, taken at restore time): two laptops on real
stores and a real shared folder; laptop A is restored from a backup and goes on working."""

from __future__ import annotations

import shutil
from collections import Counter
from types import SimpleNamespace

import pytest

from app.errors import UnavailableError
from app.services.admin.backup import make_backup, restore_backup
from app.services.admin.check import run_check
from app.services.admin.sync import sync_now
from app.services.attendance import records
from app.settings import Settings
from app.storage.models import Council
from app.storage.store import open_store
from app.sync.restored import pending_marks
from tests.helpers.sync import conflicts_of, content_key, exports_of, fast_tmp, log_of, new_store


@pytest.fixture
def lab():
    root = fast_tmp("fd-backup-sync-")
    world = SimpleNamespace(root=root, share=root / "share", stores={})
    world.share.mkdir()
    world.stores = {"a": new_store(root / "a", user="user-a"), "b": new_store(root / "b", user="user-b")}
    yield world
    for store in world.stores.values():
        store.close()
    shutil.rmtree(root, ignore_errors=True)


def sync(lab, *names: str):
    out = None
    for name in names:
        out = sync_now(lab.stores[name], Settings(share_folder=str(lab.share)))
    return out


def council(store, code: str) -> str:
    return records.save_council(store, records.CouncilInput(code, f"協議会 {code}", "芝"))


def rename(store, row_id: str, name: str) -> None:
    item = records.load_council(store, row_id)
    item.name = name
    records.save_council(store, item)


def name_of(store, row_id: str) -> str | None:
    with store.read() as session:
        row = session.get(Council, row_id)
        return None if row is None else row.name


def restore(lab, backup) -> str:
    """A's disk gets the backup back (A's window closed first), then A opens again; the old id."""
    old = lab.stores["a"].device_id
    lab.stores["a"].close()
    restore_backup(lab.stores["a"].paths, backup)
    lab.stores["a"] = open_store(lab.root / "a", user="user-a")
    assert lab.stores["a"].device_id != old
    return old


def converged(lab) -> None:
    a, b = lab.stores["a"], lab.stores["b"]
    assert exports_of(a, lab.root / "export-a") == exports_of(b, lab.root / "export-b")
    for store in (a, b):
        report = run_check(store)
        assert report.ok, report.problems
    assert conflicts_of(a) == conflicts_of(b)


def test_edit_sync_backup_edit_sync_restore_edit_then_sync_converges(lab):
    a = lab.stores["a"]
    row = council(a, "C1")
    sync(lab, "a", "b")
    backup = make_backup(a.paths, lab.root / "backup.sqlite3").path
    rename(a, row, "after the backup")
    second = council(a, "C2")
    sync(lab, "a")
    published = {content_key(c) for c in log_of(a)}  # everything A did has reached the share

    old = restore(lab, backup)
    a = lab.stores["a"]
    assert name_of(a, row) == "協議会 C1" and name_of(a, second) is None  # the backup's state
    rename(a, row, "after the restore")
    third = council(a, "C3")
    got = sync(lab, "a")
    assert got.new_device_id == a.device_id
    sync(lab, "b", "a")

    for store in lab.stores.values():
        assert name_of(store, row) == "after the restore"
        assert name_of(store, second) == "協議会 C2"  # published after the backup: back on A too
        assert name_of(store, third) == "協議会 C3"
        assert published <= {content_key(c) for c in log_of(store)}  # nothing published is lost
    origins = Counter(c.origin for c in log_of(lab.stores["b"]))
    assert set(origins) == {old, a.device_id}  # B itself only read
    assert origins[old] == len(published)  # nothing more was ever published under the old id
    assert pending_marks(a) == []
    converged(lab)


def test_changes_the_backup_held_unpublished_but_published_later_are_not_sent_twice(lab):
    a = lab.stores["a"]
    council(a, "C1")
    sync(lab, "a", "b")
    unsent = council(a, "SENT-LATER")  # not yet published when the backup is taken …
    backup = make_backup(a.paths, lab.root / "backup.sqlite3").path
    sync(lab, "a")  # … but published by A before its disk is restored
    old = restore(lab, backup)
    rename(lab.stores["a"], unsent, "renamed after the restore")
    sync(lab, "a", "b", "a")
    log_b = log_of(lab.stores["b"])
    keys = Counter(content_key(c) for c in log_b)
    assert max(keys.values()) == 1  # no change arrived twice under two numbers
    assert {c.origin for c in log_b if c.row_id == unsent and c.field == "code"} == {old}
    assert name_of(lab.stores["b"], unsent) == "renamed after the restore"
    converged(lab)


def test_changes_that_never_reached_the_share_go_out_under_the_new_id(lab):
    """The laptop died before it synced them; the backup has them. They are renumbered under the new
    id, and an edit made on top of them after the restore stays on top (no conflict anywhere)."""
    a = lab.stores["a"]
    council(a, "C1")
    sync(lab, "a", "b")
    lost = council(a, "ONLY-IN-BACKUP")
    backup = make_backup(a.paths, lab.root / "backup.sqlite3").path
    old = restore(lab, backup)
    a = lab.stores["a"]
    rename(a, lost, "edited after the restore")
    with pytest.raises(UnavailableError):  # the share is away: nothing is renumbered on a guess
        sync_now(a, Settings(share_folder=str(lab.root / "no-share")))
    assert [m[0] for m in pending_marks(a)] == [old]
    sync(lab, "a", "b")
    b = lab.stores["b"]
    assert name_of(b, lost) == "edited after the restore"
    assert {c.origin for c in log_of(b) if c.row_id == lost} == {a.device_id}
    assert conflicts_of(a) == conflicts_of(b) == set()
    converged(lab)
