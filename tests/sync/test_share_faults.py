"""A shared folder that changes or fails under ``fielddesk sync``, on a real FUSE file system
(tests/helpers/stall_fs.py): files that vanish, are replaced or become unreadable between the
listing and their use, a share that fills up while publishing, a share that goes away mid-round.
Every case runs the real command in a subprocess: exit 0 or 3, a message naming the file or the
share, never a traceback, nothing lost, and the next round heals."""

from __future__ import annotations

import errno
import hashlib
import shutil
import sqlite3

import pytest

from app.services.attendance import records
from app.sync.round import run_sync
from tests.helpers.cli import run_cli
from tests.helpers.sealed import TREE, blob, open_file, rel_in_tree
from tests.helpers.stall_fs import StallShare, available
from tests.helpers.sync import log_of, new_store

pytestmark = pytest.mark.skipif(bool(available()), reason=available() or "FUSE")


@pytest.fixture
def share(tmp_path):
    with StallShare(tmp_path / "fs") as mounted:
        yield mounted


@pytest.fixture
def laptop_a(tmp_path, share):
    """Laptop a has published three segments (3 changes each) straight into the backing folder."""
    store = new_store(tmp_path / "a", user="芝 一郎")
    for n in range(3):
        records.save_council(store, records.CouncilInput(f"C{n}", f"Council {n}", "芝"))
        run_sync(store, share.backing)
    yield store
    store.close()


def _folder(share, store):
    return share.backing / "FieldDesk" / "e1" / "devices" / store.device_id


def _segment(share, store, first: int):
    [path] = _folder(share, store).glob(f"seg-{first:012d}-*.jsonl")
    return path


def _sync(data, share, *more: str):
    done = run_cli("--lang", "en", "sync", "--share", str(share.path), *more, data_dir=data)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def _changes(data) -> int:
    with sqlite3.connect(data / "fielddesk.sqlite3") as conn:
        n = conn.execute("SELECT COUNT(*) FROM sync_change").fetchone()[0]
    conn.close()
    return n


# --- item 9: a file that vanished, was replaced or became unreadable between two steps -------------

def test_a_segment_vanishing_between_listing_and_stat_is_skipped_named_and_read_next_round(tmp_path, share, laptop_a):
    second = _segment(share, laptop_a, 4)
    kept = second.read_bytes()
    rel = f"FieldDesk/e1/devices/{laptop_a.device_id}/{second.name}"
    share.vanish(rel)  # listed by readdir, deleted right after: the stat that follows finds nothing
    b = tmp_path / "b"
    done = _sync(b, share)
    assert done.returncode in (0, 3), done.stdout + done.stderr
    assert second.name in done.stderr, done.stderr  # the message names the file
    assert any(e["kind"] == "vanish" and e["path"] == rel for e in share.events())
    assert _changes(b) == 6  # the two other segments arrived
    share.clear()
    second.write_bytes(kept)  # the sync client brings it back
    done = _sync(b, share)
    assert done.returncode == 0, done.stdout + done.stderr
    assert _changes(b) == 9 == len(log_of(laptop_a))


@pytest.mark.parametrize(("op", "error"), [("getattr", errno.EACCES), ("open", errno.EIO), ("read", errno.EIO),
                                           ("getattr", errno.ESTALE)])
def test_an_unreadable_segment_is_skipped_named_and_read_next_round(tmp_path, share, laptop_a, op, error):
    second = _segment(share, laptop_a, 4)
    share.fail((op,), f"FieldDesk/e1/devices/{laptop_a.device_id}/{second.name}", error)
    b = tmp_path / "b"
    done = _sync(b, share)
    assert done.returncode in (0, 3), done.stdout + done.stderr
    assert second.name in done.stderr and "next sync" in done.stderr, done.stderr
    assert _changes(b) == 6
    share.clear()
    done = _sync(b, share)
    assert done.returncode == 0 and second.name not in done.stderr, done.stdout + done.stderr
    assert _changes(b) == 9


def test_a_segment_replaced_between_listing_and_read_is_quarantined_then_read_again(tmp_path, share, laptop_a):
    second = _segment(share, laptop_a, 4)
    kept = second.read_bytes()
    share.vanish(f"FieldDesk/e1/devices/{laptop_a.device_id}/{second.name}", data=b'{"half": "a file"}\n')
    b = tmp_path / "b"
    done = _sync(b, share)
    assert done.returncode == 3, done.stdout + done.stderr  # changes it knows of and lacks: not a silent 0
    assert second.name in done.stdout and "Quarantined" in done.stdout
    share.clear()
    second.write_bytes(kept)  # the complete file arrives: it is checked again (it changed)
    done = _sync(b, share)
    assert done.returncode == 0, done.stdout + done.stderr
    assert _changes(b) == 9


def test_a_blob_folder_that_cannot_be_read_leaves_the_photo_for_the_next_round(tmp_path, share, laptop_a):
    photo = b"\xff\xd8 a photo of the walk \xff\xd9"
    digest = hashlib.sha256(photo).hexdigest()
    (laptop_a.paths.root / "blobs").mkdir(exist_ok=True)
    (laptop_a.paths.root / "blobs" / digest).write_bytes(photo)
    data = laptop_a.paths.root
    laptop_a.close()
    (share.backing / "FieldDesk" / "e1" / "blobs").mkdir()  # other laptops have sent photos before
    remote = blob(share.backing, digest)  # sealed, under the ward key's name for it
    share.fail(("getattr",), f"FieldDesk/{TREE}/{rel_in_tree(remote)}", errno.EIO)
    done = _sync(data, share)
    assert done.returncode in (0, 3), done.stdout + done.stderr
    assert not remote.exists()
    share.clear()
    done = _sync(data, share)
    assert done.returncode == 0, done.stdout + done.stderr
    assert open_file(remote) == photo


# --- environmental failures: a full share, a share gone mid-round ----------------------------------

def test_a_full_share_while_publishing_loses_nothing_says_what_to_do_and_the_next_round_succeeds(
        tmp_path, share, laptop_a):
    records.save_council(laptop_a, records.CouncilInput("C9", "Council nine", "芝"))
    data = laptop_a.paths.root
    laptop_a.close()
    before = _changes(data)
    share.fail(("write",), "FieldDesk/e1/devices/*/tmp/*.part", errno.ENOSPC)
    done = _sync(data, share)
    assert done.returncode == 3, done.stdout + done.stderr
    assert str(share.path) in done.stderr and "free space" in done.stderr and "Nothing was lost" in done.stderr
    assert _changes(data) == before
    folder = share.backing / "FieldDesk" / "e1" / "devices"
    assert not list(folder.glob("*/seg-000000000010-*")) and not list(folder.glob("*/tmp/*.part"))
    share.clear()
    done = _sync(data, share)
    assert done.returncode == 0 and "sent 3" in done.stdout, done.stdout + done.stderr
    b = tmp_path / "b"
    assert _sync(b, share).returncode == 0 and _changes(b) == before == 12


def test_share_gone_mid_publish_then_back(tmp_path, share, laptop_a):
    records.save_council(laptop_a, records.CouncilInput("C9", "Council nine", "芝"))
    data = laptop_a.paths.root
    laptop_a.close()
    share.fail(("link", "rename"), "FieldDesk/e1/devices/*/seg-*", errno.EIO, then_gone=True)
    done = _sync(data, share)
    assert done.returncode == 3, done.stdout + done.stderr
    assert str(share.path) in done.stderr and "Nothing was lost" in done.stderr
    assert any(e["kind"] == "fault" and e["op"] in ("link", "rename") for e in share.events())
    share.clear()
    done = _sync(data, share)
    assert done.returncode == 0 and "sent 3" in done.stdout, done.stdout + done.stderr
    b = tmp_path / "b"
    assert _sync(b, share).returncode == 0 and _changes(b) == 12
    assert run_cli("check", data_dir=b).returncode == 0


def test_share_gone_mid_import_then_back(tmp_path, share, laptop_a):
    second = _segment(share, laptop_a, 4)
    share.fail(("open",), f"FieldDesk/e1/devices/{laptop_a.device_id}/{second.name}", errno.EIO, then_gone=True)
    b = tmp_path / "b"
    done = _sync(b, share)
    assert done.returncode == 3, done.stdout + done.stderr
    assert str(share.path) in done.stderr
    assert _changes(b) == 3  # what was imported before it went stays
    share.clear()
    assert _sync(b, share).returncode == 0 and _changes(b) == 9
    assert run_cli("check", data_dir=b).returncode == 0
    shutil.rmtree(b)


# --- item 7 from the command line: a share that stalls ----------------------------------------------

def _popen_sync(data, share, *more: str):
    import os
    import subprocess
    import sys

    from tests.helpers.paths import ROOT

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}
    return subprocess.Popen([sys.executable, "-m", "app", "--data-dir", str(data), "--lang", "en", "sync",
                             "--share", str(share.path), *more], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, encoding="utf-8", env=env, cwd=ROOT)


def test_cli_sync_waits_for_a_share_that_stalls_30_s_and_finishes_when_it_answers(share, laptop_a):
    import time

    records.save_council(laptop_a, records.CouncilInput("C9", "Council nine", "芝"))
    data = laptop_a.paths.root
    laptop_a.close()
    share.stall()
    started = time.monotonic()
    proc = _popen_sync(data, share)
    try:
        while not any(e["kind"] == "stall" for e in share.events()):
            assert time.monotonic() - started < 20, "the round never reached the share"
            time.sleep(0.05)
        time.sleep(30 - (time.monotonic() - started))
        assert proc.poll() is None  # still waiting: 30 s of silence is less than the 60 s it allows
    finally:
        share.answer()
    out, err = proc.communicate(timeout=60)
    took = time.monotonic() - started
    print(f"\nfielddesk sync over a 30 s stall: exit {proc.returncode} after {took:.1f} s")
    assert proc.returncode == 0 and "sent 3" in out, out + err
    assert "not answering" in err and "Traceback" not in err
    assert 30 <= took < 45


def test_cli_sync_gives_up_with_exit_3_when_the_share_does_not_answer_within_the_timeout(tmp_path, share, laptop_a):
    import time

    records.save_council(laptop_a, records.CouncilInput("C9", "Council nine", "芝"))
    data = laptop_a.paths.root
    laptop_a.close()
    before = _changes(data)
    share.stall()
    try:
        started = time.monotonic()
        proc = _popen_sync(data, share, "--timeout", "5")
        out, err = proc.communicate(timeout=60)
        took = time.monotonic() - started
        print(f"\nfielddesk sync --timeout 5 on a hung share: exit {proc.returncode} after {took:.1f} s")
        assert proc.returncode == 3, out + err
        assert str(share.path) in err and "has not answered for 5 s" in err and "Nothing was lost" in err
        assert "Traceback" not in err
        assert 5 <= took < 15
        assert run_cli("check", data_dir=data).returncode == 0  # the data folder is free again, the store intact
        assert _changes(data) == before
    finally:
        share.answer()
    done = _sync(data, share)
    assert done.returncode == 0 and "sent 3" in done.stdout, done.stdout + done.stderr
