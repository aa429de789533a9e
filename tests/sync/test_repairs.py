"""Fault 4 when the owner cannot repair (docs/dev/sync.md: "any laptop that holds its changes can republish
them"): the repair channel ``devices/<me>/repairs/<origin>/``, asked for through the heartbeat."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from app.storage.models import Council
from app.storage.store import open_store
from app.sync.folder import segment_name
from app.sync.segments import Header, encode, parse
from tests.helpers.sealed import flip_bit, open_file, seal_into
from tests.helpers.sync import log_of, make_change
from tests.helpers.sync_lab import MIN


def repairs_on(lab) -> list:
    return sorted((lab.share / "FieldDesk" / "e1" / "devices").glob("*/repairs/*/seg-*.jsonl"))


def missing_warnings(summary) -> list[str]:
    return [w for w in summary.warnings if "not visible in the shared folder" in w]


def cut(path, keep: str) -> None:
    """'half': the sealed file's first half stays (its head and the first council's changes, which
    no longer open: a sealed file opens whole or not at all); 'all': zero bytes are left."""
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 2] if keep == "half" else b"")


def restore_a_from(lab, backup) -> None:
    lab["a"].close()
    shutil.rmtree(lab.root / "a")
    shutil.copytree(backup, lab.root / "a")
    lab.stores["a"] = open_store(lab.root / "a", clock_ms=lab.clock["a"], user="user-a")


@pytest.mark.parametrize("keep", ["half", "all"])
def test_a_damaged_file_whose_owner_lost_it_is_republished_by_a_holder(lab, keep):
    """a publishes two councils; b imports them; a's disk is restored from a backup older than
    that, and then a's file is truncated (to half, or to nothing: the restored a still sees that
    the name is not its own). c (which never saw the file intact) quarantines it, takes nothing
    of it (sealed: all or nothing) and asks for all six; b republishes; c, and the restored a,
    get everything; nobody publishes it twice."""
    lab["a"].close()
    shutil.copytree(lab.root / "a", lab.root / "a-backup")  # an empty a, before it did anything
    lab.stores["a"] = open_store(lab.root / "a", clock_ms=lab.clock["a"], user="user-a")
    one = lab.council("a", "C1", "One")
    two = lab.council("a", "C2", "Two")
    old_a = lab["a"].device_id
    lab.sync("a", "b")
    restore_a_from(lab, lab.root / "a-backup")
    [segment] = lab.folder("a").glob("seg-*.jsonl")
    cut(segment, keep)
    lab.time[0] += MIN
    assert lab.sync("a").new_device_id not in (None, old_a)  # the restored a: a new id, nothing to repair
    got = lab.sync("c")
    assert len(got.quarantined) == 1 and missing_warnings(got)  # "3 changes of … are not visible yet"
    with lab["c"].read() as session:
        assert session.get(Council, one) is None  # not even the half that was there
    status = json.loads(open_file(lab.folder("c") / "status.json"))  # the heartbeat is sealed too
    assert status["missing"] == [[old_a, 1, 6]] and status["damaged"] == [f"devices/{old_a}/{segment.name}"]
    answered = lab.sync("b")
    assert answered.republished == 1
    [repair] = repairs_on(lab)
    assert repair.parent.name == old_a and repair.parent.parent.parent.name == lab["b"].device_id
    assert repair.name == segment_name(1, 6) and parse(open_file(repair)).header.origin == old_a
    healed = lab.sync("c")
    assert missing_warnings(healed) == [] and healed.quarantined == []
    with lab["c"].read() as session:
        assert session.get(Council, two).name == "Two" and session.get(Council, one).name == "One"
    for _ in range(2):
        lab.sync()
    assert len(repairs_on(lab)) == 1  # answered once: the request is gone, the repair counts as a copy
    logs = [{c.cid for c in log_of(lab[n])} for n in "abc"]
    assert logs[0] == logs[1] == logs[2]
    lab.converged()


def test_a_holder_answers_once_while_the_asker_is_away(lab):
    """The asker's heartbeat still asks (it has not synced since); the holder's own repair counts
    as an intact copy, so more rounds publish nothing more."""
    lab.council("a")
    lab.sync("a", "b")
    lab["a"].close()  # a retires
    [segment] = lab.folder("a").glob("seg-*.jsonl")
    segment.write_bytes(segment.read_bytes()[:60])
    lab.sync("c")
    assert [lab.sync("b").republished for _ in range(4)] == [1, 0, 0, 0]
    lab.stores["a"] = open_store(lab.root / "a", clock_ms=lab.clock["a"], user="user-a")


def test_damage_that_keeps_size_and_time_is_taken_from_the_askers_word(lab):
    """A bit flip whose file keeps its size and time looks untouched to b, which imported it
    intact; c found it damaged and says so in its heartbeat, so b does not count it as a copy."""
    row = lab.council("a")
    lab.sync("a", "b")
    lab["a"].close()
    [segment] = lab.folder("a").glob("seg-*.jsonl")
    st = segment.stat()
    flip_bit(segment, bit=0x02)
    os.utime(segment, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert lab.sync("c").quarantined
    assert lab.sync("b").republished == 1
    lab.sync("c")
    with lab["c"].read() as session:
        assert session.get(Council, row).name == "Council one"
    lab.stores["a"] = open_store(lab.root / "a", clock_ms=lab.clock["a"], user="user-a")


def test_a_repair_that_disagrees_with_what_is_known_is_quarantined_and_reported_once(lab):
    """c's folder holds a 'repair' of a's changes where one change has other content under a's
    number, sealed with the ward key (a key holder's forgery, or a bug): b, which has a's real
    change, refuses it and reports the file once."""
    row = lab.council("a")
    lab.sync("a", "b", "c")
    real = sorted((c for c in log_of(lab["a"]) if c.origin == lab["a"].device_id), key=lambda c: c.seq)
    forged = make_change(real[2].origin, real[2].seq, "council", row, real[2].field, '"偽"', real[2].ms,
                         real[2].counter, real[2].base, real[2].user, real[2].tx)
    target = lab.folder("c") / "repairs" / lab["a"].device_id
    target.mkdir(parents=True)
    header = Header(lab["a"].device_id, "x", 1, 3, 3, "", "test")
    seal_into(target / segment_name(1, 3), encode(header, [real[0], real[1], forged]))
    before = {c.cid for c in log_of(lab["b"])}
    got = lab.sync("b")
    assert len(got.quarantined) == 1 and "disagree" in got.quarantined[0]
    assert {c.cid for c in log_of(lab["b"])} == before  # nothing taken from it (the rest was known)
    assert lab.sync("b").quarantined == []  # reported once
    lab.sync()
    lab.converged()


def test_a_restored_owner_that_saved_again_before_syncing_still_takes_a_new_id(lab):
    """As many new changes as the file it lost, so the damaged file's name (1-6) is within its own
    numbers; but nothing in it can be read and a has published nothing: not provably a's, so a new
    id — never two versions under one number — and b's repair brings the originals to everyone."""
    lab["a"].close()
    shutil.copytree(lab.root / "a", lab.root / "a-backup")
    lab.stores["a"] = open_store(lab.root / "a", clock_ms=lab.clock["a"], user="user-a")
    lab.council("a", "C1", "One")
    lab.council("a", "C2", "Two")
    old_a = lab["a"].device_id
    lab.sync("a", "b")
    restore_a_from(lab, lab.root / "a-backup")
    [segment] = lab.folder("a").glob("seg-*.jsonl")
    cut(segment, "all")
    lab.time[0] += MIN
    lab.council("a", "C3", "Three")
    lab.council("a", "C4", "Four")
    got = lab.sync("a")
    assert got.new_device_id not in (None, old_a)
    for _ in range(3):
        lab.sync()
    logs = [log_of(lab[n]) for n in "abc"]
    assert {c.cid for c in logs[0]} == {c.cid for c in logs[1]} == {c.cid for c in logs[2]}
    numbers = [(c.origin, c.seq) for c in logs[0]]
    assert len(numbers) == len(set(numbers)) == 12  # one version per number
    lab.converged()
