"""The fault table of docs/dev/sync.md, one readable test per row, with figures a person can check by hand;
then the command line's side of it (``fielddesk sync`` exit 3, ``fielddesk conflicts``)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3

import pytest

from app.errors import UnavailableError
from app.services.admin.sync import open_conflicts, resolve
from app.services.attendance import records
from app.storage.models import Council
from app.storage.store import open_store
from app.sync.identity import PUBLISHED, set_meta
from app.sync.round import local_clock
from app.sync.seal import SealError
from tests.helpers.cli import run_cli
from tests.helpers.sealed import flip_bit, open_file
from tests.helpers.sync import YEAR_MS, log_of, new_store
from tests.helpers.sync_lab import MIN


def test_1_share_vanishes_mid_write(lab):
    """Only a .part remains; the changes stay unpublished and go out next time."""
    lab.sync("a")
    row = lab.council("a")
    part = lab.folder("a") / "tmp" / "3f0d.part"
    part.write_bytes(b'{"magic":"FieldDesk-segment"')  # what the vanished write left
    os.utime(part, (0, 0))  # ... two days ago by now, as far as the clean-up can tell
    away = lab.root / "share-away"
    os.rename(lab.share, away)
    with pytest.raises(UnavailableError):
        lab.sync("a")
    assert lab["a"].meta(PUBLISHED) in (None, "0")  # nothing marked published
    os.rename(away, lab.share)
    sent = lab.sync("a")
    assert sent.sent == 3  # code, name, district: the fields that differ from their defaults
    assert not part.exists()  # the owner removed its stale .part
    got = lab.sync("b")
    assert got.received == 3 and got.quarantined == [] and lab.name_of("b", row) == "Council one"


def test_2_crash_after_rename_before_marking(lab):
    """The next run finds identical bytes and carries on: no duplicate file, no new identity."""
    row = lab.council("a")
    lab.sync("a")
    with lab["a"].uncaptured() as session:  # the crash: the marking never happened
        set_meta(session.connection(), PUBLISHED, "0")
        session.connection().exec_driver_sql("DELETE FROM sync_file")
    again = lab.sync("a")
    assert again.new_device_id is None
    assert sorted(p.name for p in lab.folder("a").glob("seg-*")) == ["seg-000000000001-000000000003.jsonl"]
    lab.sync("b")
    assert len(log_of(lab["b"])) == len(log_of(lab["a"])) == 3
    assert lab.name_of("b", row) == "Council one"


def test_2_crash_after_rename_then_the_file_is_damaged(lab):
    """The unmarked file was damaged before the next run. Sealed, nothing in it opens any more, but
    the round that wrote it had announced those numbers (identity.py): still ours, so no new
    identity and no renumbered duplicate; a repair goes out instead, and nobody refuses it for good."""
    row = lab.council("a")
    lab.sync("a", "b")
    with lab["a"].uncaptured() as session:
        set_meta(session.connection(), PUBLISHED, "0")
        session.connection().exec_driver_sql("DELETE FROM sync_file")
    [segment] = lab.folder("a").glob("seg-*.jsonl")
    assert b"Council one" in open_file(segment)
    flip_bit(segment)  # one bit of the sealed file: it no longer opens at all
    with pytest.raises(SealError):
        open_file(segment)
    again = lab.sync("a")
    assert again.new_device_id is None and any("published again" in w for w in again.warnings)
    got = lab.sync("c")  # c never saw the file intact: quarantined, and healed by a's repair at once
    assert any(segment.name in q for q in got.quarantined) and got.refused == []
    lab.sync()
    logs = [{c.cid for c in log_of(lab[n])} for n in "abc"]
    assert logs[0] == logs[1] == logs[2] and len(logs[0]) == 3
    assert lab.name_of("c", row) == "Council one"
    lab.converged()


def test_3_power_loss_between_save_and_publish(lab):
    """Saved ⇒ published later (the log is in the same transaction as the data);
    not saved ⇒ nothing at all, so the UI never said saved."""
    row = lab.council("a")
    with pytest.raises(RuntimeError), lab["a"].session() as session:  # the save that never completed
        session.get(Council, row).name = "never saved"
        session.flush()
        raise RuntimeError("power loss")
    lab["a"].close()  # power loss: the process is gone, the file is what is left
    lab.stores["a"] = open_store(lab.root / "a", clock_ms=lab.clock["a"])
    assert lab.sync("a").sent == 3
    lab.sync("b")
    assert lab.name_of("b", row) == "Council one"
    assert all(c.value != '"never saved"' for c in log_of(lab["b"]))


def test_4_truncated_and_bit_flipped_files(lab):
    """Quarantined (reported by name, a local copy kept), nothing of it applied (a sealed file opens
    whole or not at all), named as refused until the laptop that holds its changes republishes
    them, and the others' files still import."""
    first = lab.council("a", "C1", "One")
    second = lab.council("a", "C2", "Two")
    lab.sync("a")
    other = lab.council("c", "C3", "Three")
    lab.sync("c")
    [segment] = lab.folder("a").glob("seg-*.jsonl")
    sealed = segment.read_bytes()
    segment.write_bytes(sealed[:len(sealed) * 5 // 8])  # cut in the middle of C2's changes, as before
    got = lab.sync("b")
    assert len(got.quarantined) == 1 and segment.name in got.quarantined[0]
    assert (lab.root / "b" / "quarantine").is_dir() and any((lab.root / "b" / "quarantine").iterdir())
    assert [(r.path.rsplit("/", 1)[1], r.lacking) for r in got.refused] == [(segment.name, 6)]
    assert lab.name_of("b", other) == "Three"  # the others' files import
    with lab["b"].read() as session:  # nothing of the damaged file: not even the complete C1
        assert session.get(Council, first) is None and session.get(Council, second) is None
    assert {c.origin for c in log_of(lab["b"])} == {lab["c"].device_id}
    assert lab.sync("b").quarantined == []  # reported once; refused until healed
    repaired = lab.sync("a")
    assert any("published again" in w for w in repaired.warnings)
    [repair] = lab.folder("a").glob("seg-*-repair-1.jsonl")
    assert b"Two" in open_file(repair)  # sealed too, and opens under its copy's name
    healed = lab.sync("b")
    assert healed.refused == [] and lab.name_of("b", first) == "One" and lab.name_of("b", second) == "Two"
    lab.sync("c")
    flip = bytearray(segment.read_bytes())  # now a bit flip in the (already truncated) file: re-checked
    flip[40] ^= 0x04
    segment.write_bytes(bytes(flip))
    again = lab.sync("b")  # b re-checks its quarantined file when it changes
    assert len(again.quarantined) == 1 and again.refused == []  # its changes are here by the repair
    lab.sync()
    lab.converged()


def test_5_foreign_files_and_conflict_copies(lab):
    """Ignored, or read idempotently; reported once; memory bounded; the other files keep importing."""
    row = lab.council("a")
    lab.sync("a")
    mine = lab.folder("a")
    [segment] = mine.glob("seg-*.jsonl")
    (mine / "desktop.ini").write_text("[.ShellClassInfo]\r\n", encoding="utf-8")
    (mine / "Thumbs.db").write_bytes(os.urandom(100))
    (mine / "~$councils.xlsx").write_bytes(b"lock")
    (mine / "tmp" / "junk.part").write_bytes(b"{")
    shutil.copyfile(segment, mine / f"{segment.stem} (conflicted copy 2024-01-01).jsonl")
    shutil.copyfile(segment, mine / f"{segment.stem}.sync-conflict-20240101-120000-ABCDEFG.jsonl")
    # Zero bytes and oversized, named for numbers a has used (a name beyond them would be evidence
    # of another store publishing under a's id: fault 10).
    (mine / "seg-000000000002-000000000002.jsonl").write_bytes(b"")
    with open(mine / "seg-000000000003-000000000003.jsonl", "wb") as fh:  # sparse
        fh.truncate(65 * 1024 * 1024)
    got = lab.sync("b")
    assert sorted(n.rsplit("/", 1)[1] for n in got.ignored) == ["Thumbs.db", "desktop.ini", "~$councils.xlsx"]
    assert len(got.quarantined) == 2  # the zero-byte and the oversized file
    assert got.received == 3 and len(log_of(lab["b"])) == 3  # three copies of one segment: three changes
    assert lab.name_of("b", row) == "Council one"
    again = lab.sync("b")
    assert again.ignored == [] and again.quarantined == [] and again.received == 0  # reported once
    assert lab.sync("a").new_device_id is None  # copies of its own file do not put a's identity in doubt


def test_6_a_laptop_clock_three_years_ahead(lab):
    """Its concurrent edit wins and the loser is a conflict everywhere; peers' clocks move at most
    5 minutes; a later edit by someone who saw its value wins."""
    row = lab.council("a")
    lab.sync()
    lab.clock["a"].offset = 3 * YEAR_MS
    lab.time[0] += MIN
    lab.rename("a", row, "from the future")
    lab.rename("b", row, "from today")
    lab.sync("a")
    got = lab.sync("b")
    assert any("clock is about 1095 days ahead" in w for w in got.warnings), got.warnings
    lab.sync("c", "a")
    for n in "abc":
        assert lab.name_of(n, row) == "from the future"
        [conflict] = open_conflicts(lab[n])
        assert (conflict.lost_value, conflict.kept_value) == ("from today", "from the future")
        if n != "a":
            assert local_clock(lab[n]).ms <= lab.clock[n]() + 5 * MIN
    lab.time[0] += MIN
    lab.rename("c", row, "seen and corrected")  # c saw the future value: its edit beats it
    lab.sync("c", "a", "b")
    assert {lab.name_of(n, row) for n in "abc"} == {"seen and corrected"}
    lab.converged()


def test_7_clock_stepped_back_an_hour(lab):
    """Own stamps keep increasing; the laptop is warned; nothing is reordered."""
    row = lab.council("a")
    lab.sync()
    lab.time[0] += MIN
    lab.rename("b", row, "b at 10:01")
    lab.sync("b")
    lab.clock["a"].offset = -60 * MIN
    got = lab.sync("a")
    assert any("clock is ahead by 60 minutes" in w for w in got.warnings), got.warnings  # the others: an hour ahead
    lab.rename("a", row, "first")
    lab.rename("a", row, "second")
    stamps = [(c.ms, c.counter) for c in sorted(log_of(lab["a"]), key=lambda c: c.seq)
              if c.origin == lab["a"].device_id]
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
    lab.sync()
    assert {lab.name_of(n, row) for n in "abc"} == {"second"}
    lab.converged()


def test_8_identical_stamps_on_two_laptops(lab):
    """The same winner everywhere by the tie-break (the greater device id); the loser is a conflict."""
    row = lab.council("a")
    lab.sync("a", "b")
    lab.rename("a", row, "by a")  # clocks stopped at the same ms, same clock state: same stamp
    lab.rename("b", row, "by b")
    ca, cb = ([c for c in log_of(lab[n]) if c.field == "name" and c.value.startswith('"by')][0] for n in "ab")
    assert (ca.ms, ca.counter) == (cb.ms, cb.counter)
    winner = "by a" if lab["a"].device_id > lab["b"].device_id else "by b"
    lab.sync()
    lab.sync()
    for n in "abc":
        assert lab.name_of(n, row) == winner
        [conflict] = open_conflicts(lab[n])
        assert conflict.kept_value == winner and conflict.lost_value != winner
    lab.converged()


def _fault_9(lab, order: str) -> tuple[str, object, object]:
    """a deletes a council while b, offline, renames it; c's earlier rename was seen by both.
    ``order`` puts b's edit before or after the delete in stamp order: by real time, or with b's
    clock three years slow (it edits later, but its stamp is older than the delete's)."""
    row = lab.council("a")
    lab.sync()
    lab.time[0] += MIN
    lab.rename("c", row, "seen by everyone")  # the deleter had this one: never a conflict
    lab.sync()
    lab.sync()
    if order == "edit first":
        lab.time[0] += MIN
        lab.rename("b", row, "edited meanwhile")
        lab.time[0] += MIN
        records.delete(lab["a"], records.plan_delete(lab["a"], "council", row))
    else:
        lab.time[0] += MIN
        records.delete(lab["a"], records.plan_delete(lab["a"], "council", row))
        lab.time[0] += MIN
        if order == "slow clock":
            lab.clock["b"].offset = -3 * YEAR_MS
        lab.rename("b", row, "edited meanwhile")
    edit = next(c for c in log_of(lab["b"]) if c.value == '"edited meanwhile"')
    gone = next(c for c in log_of(lab["a"]) if c.field == "deleted" and c.value == "true")
    lab.sync()
    lab.sync()
    return row, edit, gone


@pytest.mark.parametrize("order", ["edit first", "delete first", "slow clock"])
def test_9_delete_versus_concurrent_edit(lab, order):
    """Stays deleted; the edit is a conflict on all three laptops whatever the stamp order (the
    delete records what its author had seen); restore brings it back with the edit, everywhere."""
    row, edit, gone = _fault_9(lab, order)
    assert (edit.ms, edit.counter) < (gone.ms, gone.counter) if order != "delete first" else \
        (edit.ms, edit.counter) > (gone.ms, gone.counter)
    for n in "abc":
        with lab[n].read() as session:
            council = session.get(Council, row)
            assert council.deleted is True
        [conflict] = open_conflicts(lab[n])
        assert (conflict.kind, conflict.field, conflict.lost_value, conflict.kept_value) == (
            "deleted", "name", "edited meanwhile", True)
        assert (conflict.cid, conflict.kept_cid) == (edit.cid, gone.cid)
        assert (conflict.lost_user, conflict.kept_user) == ("user-b", "user-a")
    resolve(lab["c"], open_conflicts(lab["c"])[0], "restore")  # any laptop can restore it
    lab.sync()
    lab.sync()
    for n in "abc":
        with lab[n].read() as session:
            council = session.get(Council, row)
            assert (council.deleted, council.name) == (False, "edited meanwhile")
        assert open_conflicts(lab[n]) == []
    lab.converged()


def test_9_keep_the_delete(lab):
    """'Keep' closes the conflict on every laptop and the record stays deleted."""
    row, _edit, _gone = _fault_9(lab, "edit first")
    resolve(lab["a"], open_conflicts(lab["a"])[0], "keep")
    lab.sync()
    lab.sync()
    for n in "abc":
        assert open_conflicts(lab[n]) == []
        with lab[n].read() as session:
            assert session.get(Council, row).deleted is True
    lab.converged()


def test_9_edits_the_deleter_had_seen_are_not_conflicts(lab):
    """A delete of a record someone else had edited earlier, after syncing: nothing to report;
    and the deleter's own later edit of the deleted record is not news to it."""
    row = lab.council("a")
    lab.sync("a", "b")
    lab.time[0] += MIN
    lab.rename("b", row, "renamed by b")
    lab.sync("b", "a")
    lab.time[0] += MIN
    records.delete(lab["a"], records.plan_delete(lab["a"], "council", row))
    lab.sync()
    lab.sync()
    assert all(open_conflicts(lab[n]) == [] for n in "abc")
    lab.converged()


def test_10_laptop_restored_from_an_old_backup(lab):
    """Detected, new device id, both histories kept, converges."""
    row = lab.council("a")
    lab.sync()
    lab["a"].close()
    shutil.copytree(lab.root / "a", lab.root / "a-backup")
    lab.stores["a"] = open_store(lab.root / "a", clock_ms=lab.clock["a"])
    old_id = lab["a"].device_id
    lab.rename("a", row, "after the backup")  # seq 5 under the old id, published
    lab.sync("a", "b")
    lab["a"].close()
    shutil.rmtree(lab.root / "a")
    shutil.copytree(lab.root / "a-backup", lab.root / "a")  # the disk is restored
    lab.stores["a"] = open_store(lab.root / "a", clock_ms=lab.clock["a"])
    lab.time[0] += MIN
    lab.rename("a", row, "after the restore")  # seq 5 again under the old id: other content
    got = lab.sync("a")
    assert got.new_device_id is not None and got.new_device_id != old_id
    lab.sync()
    lab.sync()
    for n in "abc":
        values = {c.value for c in log_of(lab[n]) if c.field == "name"}
        assert {'"after the backup"', '"after the restore"'} <= values  # both histories kept
        assert lab.name_of(n, row) == "after the restore"
    assert len({c.origin for c in log_of(lab["b"])}) == 2  # the old id and the new one (a's)
    lab.converged()


# --- the command line -------------------------------------------------------------------------


def _cli_store(root) -> None:
    store = new_store(root)
    records.save_council(store, records.CouncilInput("C1", "One", "芝"))
    store.close()


def test_cli_sync_exits_3_when_the_share_is_missing(lab):
    data = lab.root / "cli"
    _cli_store(data)
    blocker = lab.root / "not-a-folder"
    blocker.write_text("a file where the folder's parent should be", encoding="utf-8")
    done = run_cli("sync", "--share", str(blocker / "share"), data_dir=data)
    assert done.returncode == 3, done.stdout + done.stderr
    assert str(blocker / "share") in done.stderr and "Traceback" not in done.stderr
    done = run_cli("check", data_dir=data)
    assert done.returncode == 0, done.stdout + done.stderr


def test_cli_sync_exits_3_when_the_share_is_read_only(lab):
    """Root ignores permission bits, so 'read-only' is a share where FieldDesk cannot create its
    folder: the name is taken by a regular file (the same OSError path as EACCES/EROFS)."""
    data = lab.root / "cli"
    _cli_store(data)
    share = lab.root / "ro-share"
    share.mkdir()
    (share / "FieldDesk").write_text("not a folder", encoding="utf-8")
    done = run_cli("sync", "--share", str(share), data_dir=data)
    assert done.returncode == 3, done.stdout + done.stderr
    assert str(share) in done.stderr and "Traceback" not in done.stderr
    with sqlite3.connect(data / "fielddesk.sqlite3") as conn:
        assert conn.execute("SELECT COUNT(*) FROM sync_change").fetchone()[0] == 3  # nothing lost
        assert conn.execute("SELECT value FROM local_meta WHERE key = 'published_seq'").fetchone() is None
    conn.close()
    shutil.rmtree(share / "FieldDesk", ignore_errors=True)
    (share / "FieldDesk").unlink()
    done = run_cli("sync", "--share", str(share), data_dir=data)  # writable again: it all goes out
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3" in done.stdout


def test_cli_conflicts_prints_the_overwritten_values(lab):
    row = lab.council("a")
    lab.sync()
    lab.time[0] += MIN
    lab.rename("a", row, "Kept by a")
    lab.time[0] += 1
    lab.rename("b", row, "Newer by b")
    lab.sync()
    lab.sync()
    lab["a"].close()
    done = run_cli("conflicts", data_dir=lab.root / "a")
    assert done.returncode == 0, done.stderr
    assert "'Kept by a'" in done.stdout and "'Newer by b'" in done.stdout
    done = run_cli("conflicts", "--json", data_dir=lab.root / "a")
    [line] = done.stdout.splitlines()
    record = json.loads(line)
    assert (record["lost_value"], record["kept_value"], record["field"]) == ("Kept by a", "Newer by b", "name")
    assert record["lost_user"] == "user-a"
    lab.stores["a"] = open_store(lab.root / "a", clock_ms=lab.clock["a"])


def test_cli_conflicts_shows_an_edit_hidden_by_a_delete(lab):
    """Fault 9 on the command line: the field edited, the edit's value, and 'deleted' as the kept side."""
    row, edit, gone = _fault_9(lab, "edit first")
    lab["c"].close()
    done = run_cli("conflicts", data_dir=lab.root / "c")
    assert done.returncode == 0, done.stderr
    [line] = done.stdout.splitlines()
    assert f"council {row} name: 'edited meanwhile' (user-b" in line and "→ 削除済み (user-a" in line  # Japanese by default
    assert line.endswith("[deleted]")
    done = run_cli("conflicts", "--json", data_dir=lab.root / "c")
    record = json.loads(done.stdout)
    assert (record["kind"], record["field"], record["lost_value"], record["kept_value"]) == (
        "deleted", "name", "edited meanwhile", True)
    assert (record["cid"], record["kept_cid"]) == (edit.cid, gone.cid)
    lab.stores["c"] = open_store(lab.root / "c", clock_ms=lab.clock["c"])
