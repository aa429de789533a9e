"""The sync state machine (issue 4, 8b): three laptops on real SQLite stores, editing through the
real services, syncing through a real folder that the test abuses between steps — the fault table
of docs/dev/sync.md — then healing, after which everything the design promises is asserted.

Faults, each a rule: delayed and out-of-order visibility (a published file is moved out of the
share and back later, in any order; a name taken meanwhile gets a sync client's conflict-copy
name), outages (the share renamed away: UnavailableError, nothing lost), a crash mid-write (only a
``.part`` is left), a crash after the rename but before marking published (the marker rolled back
in a separate transaction), bit flips and truncation of published files, foreign files and
conflict copies, clock jumps of ±3 years and an hour back, and a restore from a backup. Damage hits
any published file (segments, owners' repairs, third laptops' repairs), before or after others
imported it, also once its owner no longer holds it (``machine_disks.py``: restored from a backup
older than the file): healing then relies on the laptops that hold the changes republishing them
(docs/dev/sync.md fault 4). Only a double disaster — the last readable copy of a published change destroyed
— is left out: no design can heal it, and the oracle would expect records whose creation is gone.

Kept in a module of its own so the mutation check (8c) runs the very same machine.
"""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule

from app.errors import UnavailableError
from app.services.admin.check import run_check
from app.services.attendance import marking as attendance
from app.services.attendance import records
from app.storage.models import natural_id
from app.sync.identity import PUBLISHED, set_meta
from app.sync.round import run_sync
from tests.helpers.sealed import TREE, parsed
from tests.helpers.sync import (
    BASE_MS,
    YEAR_MS,
    Clock,
    conflicts_of,
    content_key,
    exports_of,
    fast_tmp,
    log_of,
    new_store,
    oracle,
    state_of,
)
from tests.helpers.sync_disks import N_LAPTOPS, DiskFaults

N = N_LAPTOPS
CODES = ("C1", "C2")
COUNCILS = {code: natural_id("council", code) for code in CODES}
STAFF = natural_id("staff", "000001")
DAY = date(2026, 4, 10)
MEETING = natural_id("meeting", "C1", DAY.isoformat(), "Drill")
STATUSES = (None, "present", "absent", "late")
NAMES = ("North", "South", "East", "West")
CLOCK_JUMPS = (0, 3 * YEAR_MS, -3 * YEAR_MS, -3_600_000)
FOREIGN = ("desktop.ini", "Thumbs.db", "~$councils.xlsx", ".DS_Store", "seg-12.jsonl.tmp")
COPY_NAMES = (" (conflicted copy 2024-01-01)", ".sync-conflict-20240101-120000-ABCDEFG", "-LAPTOP-7",
              " (1)")
STEPS = st.sampled_from((0, 0, 1, 250, 60_000, 3_600_000))  # ms of real time per step: ties included


class SyncMachine(DiskFaults, RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.root = fast_tmp("fd-machine-")
        self.share = self.root / "share"
        self.share.mkdir()
        self.limbo = self.root / "limbo"  # published, not visible yet (a cloud client still copying)
        self.limbo.mkdir()
        self.time = [BASE_MS]
        self.clocks = [Clock(self.time) for _ in range(N)]
        self.stores = [new_store(self.dir(i), clock_ms=self.clocks[i], user=f"user{i}") for i in range(N)]
        self.acked: set[tuple] = set()  # every change a laptop logged, by content (renumbering keeps it)
        self.backups: dict[int, Path] = {}
        self.copies = 0

    def dir(self, i: int) -> Path:
        return self.root / f"laptop{i}"

    @property
    def devices(self) -> Path:
        return self.share / "FieldDesk" / TREE / "devices"

    def tick(self, dt: int) -> None:
        self.time[0] += dt

    def remember(self, i: int) -> None:
        store = self.stores[i]
        self.acked |= {content_key(c) for c in log_of(store) if c.origin == store.device_id}

    def sync(self, i: int) -> None:
        store = self.stores[i]
        run_sync(store, self.share, now_ms=store.clock_ms())

    def segments(self) -> list[Path]:
        if not self.devices.is_dir():
            return []
        return sorted(p for p in self.devices.glob("*/seg-*.jsonl") if p.is_file())

    def published_files(self) -> list[Path]:
        """Every segment on the share, the repairs third laptops published included."""
        if not self.devices.is_dir():
            return []
        return sorted([*self.segments(), *(p for p in self.devices.glob("*/repairs/*/seg-*.jsonl") if p.is_file())])

    # --- edits, through the services a user's clicks go through ---------------------------------

    def _council(self, i: int, code: str) -> str:
        store = self.stores[i]
        with store.read() as session:
            from app.storage.models import Council

            exists = session.get(Council, COUNCILS[code]) is not None
        if not exists:
            records.save_council(store, records.CouncilInput(code, f"Council {code}", "芝"))
        return COUNCILS[code]

    def _exists(self, i: int, model, row_id: str) -> bool:
        with self.stores[i].read() as session:
            return session.get(model, row_id) is not None

    @rule(i=st.integers(0, N - 1), code=st.sampled_from(CODES), name=st.sampled_from(NAMES), dt=STEPS)
    def rename_council(self, i, code, name, dt):
        self.tick(dt)
        store = self.stores[i]
        row_id = self._council(i, code)
        item = records.load_council(store, row_id)
        item.name = name
        records.save_council(store, item)
        self.remember(i)

    @rule(i=st.integers(0, N - 1), code=st.sampled_from(CODES), dept=st.sampled_from(("", "Fire", "Water")),
          dt=STEPS)
    def edit_staff(self, i, code, dept, dt):
        from app.storage.models import Staff

        self.tick(dt)
        store = self.stores[i]
        council = self._council(i, code)
        if not self._exists(i, Staff, STAFF):
            records.save_staff(store, records.StaffInput("000001", "Sato", "サトウ", council_id=council))
        else:
            item = records.load_staff(store, STAFF)
            item.council_id, item.department = council, dept
            records.save_staff(store, item)
        self.remember(i)

    @rule(i=st.integers(0, N - 1), status=st.sampled_from(STATUSES), place=st.sampled_from(("", "Hall")),
          dt=STEPS)
    def mark(self, i, status, place, dt):
        from app.storage.models import Meeting, Staff

        self.tick(dt)
        store = self.stores[i]
        council = self._council(i, "C1")
        if not self._exists(i, Meeting, MEETING):
            records.save_meeting(store, records.MeetingInput(council, DAY, "drill", "Drill", place=place))
        if not self._exists(i, Staff, STAFF):
            records.save_staff(store, records.StaffInput("000001", "Sato", "サトウ", council_id=council))
        attendance.mark(store, MEETING, STAFF, status)
        self.remember(i)

    @rule(i=st.integers(0, N - 1), what=st.sampled_from(("council", "staff", "meeting")), undo=st.booleans(),
          dt=STEPS)
    def delete(self, i, what, undo, dt):
        from app.storage.models import SYNCED_MODELS

        self.tick(dt)
        store = self.stores[i]
        row_id = {"council": COUNCILS["C2"], "staff": STAFF, "meeting": MEETING}[what]
        if not self._exists(i, SYNCED_MODELS[what], row_id):
            return
        if undo:
            records.undelete(store, records.DeletePlan(what, row_id, ids=((what, row_id),)))
        else:
            records.delete(store, records.plan_delete(store, what, row_id))
        self.remember(i)

    # --- syncing, with and without delayed visibility ----------------------------------------------

    @rule(i=st.integers(0, N - 1), hide=st.booleans(), dt=STEPS)
    def sync_round(self, i, hide, dt):
        self.tick(dt)
        before = set(self.segments())
        self.sync(i)
        if hide:  # what this round published shows up on the others' side only later
            for path in sorted(set(self.segments()) - before):
                target = self.limbo / path.parent.name / path.name
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, target)

    @rule(pick=st.integers(0, 50))
    def reveal(self, pick):
        waiting = sorted(p for p in self.limbo.glob("*/*") if p.is_file())
        if waiting:
            self._reveal(waiting[pick % len(waiting)])

    def _reveal(self, path: Path) -> None:
        folder = self.devices / path.parent.name
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / path.name
        if target.exists():  # the name was taken meanwhile: the sync client keeps both
            if target.read_bytes() == path.read_bytes():  # (sealed anew, the same changes differ)
                path.unlink()
                return
            self.copies += 1
            target = folder / f"{path.name[:-6]} (conflicted copy {self.copies}).jsonl"
        os.replace(path, target)

    # --- faults ------------------------------------------------------------------------------------

    @rule(i=st.integers(0, N - 1), dt=STEPS)
    def outage(self, i, dt):
        """#1/#3: the share is gone: the round fails cleanly and nothing logged is lost."""
        self.tick(dt)
        before = {c.cid for c in log_of(self.stores[i])}
        away = self.root / "share-away"
        os.rename(self.share, away)
        try:
            try:
                self.sync(i)
            except UnavailableError:
                pass
            else:
                raise AssertionError("a sync without the share did not say it was unavailable")
        finally:
            os.rename(away, self.share)
        assert {c.cid for c in log_of(self.stores[i])} == before

    @rule(i=st.integers(0, N - 1), cut=st.floats(0, 1))
    def crash_mid_write(self, i, cut):
        """#1: the power went while a segment was being written: only part of a .part is left."""
        store = self.stores[i]
        tmp = self.devices / store.device_id / "tmp"
        tmp.mkdir(parents=True, exist_ok=True)
        data = b"".join(f"{c.cid}\n".encode() for c in log_of(store))
        (tmp / f"crash-{self.copies}-{i}.part").write_bytes(data[: int(len(data) * cut)])
        self.copies += 1

    @rule(i=st.integers(0, N - 1), dt=STEPS)
    def crash_after_rename(self, i, dt):
        """#2: published, renamed, then the process died before it marked the changes published."""
        self.tick(dt)
        store = self.stores[i]
        published = store.meta(PUBLISHED) or "0"
        self.sync(i)
        with store.uncaptured() as session:
            conn = session.connection()
            set_meta(conn, PUBLISHED, published)
            conn.exec_driver_sql("DELETE FROM sync_file WHERE origin = ? AND first > ?",
                                 (store.device_id, int(published)))

    @rule(pick=st.integers(0, 50), where=st.floats(0, 1), truncate=st.booleans(), bit=st.integers(0, 7))
    def damage(self, pick, where, truncate, bit):
        """#4: a sync client or a disk damaged a published file — any intact one whose changes a
        laptop holds (its owner or not), whether or not others imported it already."""
        held = {c.cid for store in self.stores for c in log_of(store)}
        files = [p for p in self.published_files()
                 if (seg := parsed(p)).intact and {c.cid for c in seg.changes} <= held]
        if not files:
            return
        path = files[pick % len(files)]
        data = bytearray(path.read_bytes())
        at = min(int(len(data) * where), max(len(data) - 1, 0))
        if truncate:
            del data[at:]
        elif data:
            data[at] ^= 1 << bit
        path.write_bytes(bytes(data))

    @rule(pick=st.integers(0, 50), kind=st.integers(0, len(FOREIGN) + len(COPY_NAMES) - 1))
    def foreign_file(self, pick, kind):
        """#5: junk and sync clients' copies in the devices' folders."""
        folders = sorted(p for p in self.devices.glob("*") if p.is_dir()) if self.devices.is_dir() else []
        if not folders:
            return
        folder = folders[pick % len(folders)]
        if kind < len(FOREIGN):
            (folder / FOREIGN[kind]).write_bytes(b"[.ShellClassInfo]\r\n" if kind == 0 else os.urandom(64))
            (folder / "tmp").mkdir(exist_ok=True)
            (folder / "tmp" / f"junk-{kind}.part").write_bytes(b"{")
            return
        files = sorted(folder.glob("seg-*.jsonl"))
        if files:
            source = files[pick % len(files)]
            shutil.copyfile(source, folder / f"{source.name[:-6]}{COPY_NAMES[kind - len(FOREIGN)]}.jsonl")

    @rule(i=st.integers(0, N - 1), jump=st.sampled_from(CLOCK_JUMPS))
    def clock_jump(self, i, jump):
        """#6/#7: a laptop's clock set years ahead or behind, or stepped back an hour."""
        self.clocks[i].offset = jump

    # --- healing and what must hold after it --------------------------------------------------------

    def heal_round(self) -> int:
        """Every laptop syncs once; returns how many repair files they published for others."""
        sent = 0
        for i in range(N):
            self.tick(1000)
            store = self.stores[i]
            sent += run_sync(store, self.share, now_ms=store.clock_ms()).republished
        return sent

    def heal_and_check(self) -> None:
        for path in sorted(p for p in self.limbo.glob("*/*") if p.is_file()):
            self._reveal(path)
        for _ in range(2):
            self.heal_round()
        for _ in range(3):  # a range asked for in the last round goes out now and is read in the next
            if len({frozenset(c.cid for c in log_of(s)) for s in self.stores}) == 1:
                break
            self.heal_round()
        logs = [log_of(s) for s in self.stores]
        cids = [{c.cid for c in log} for log in logs]
        for i in range(1, N):
            assert cids[i] == cids[0], f"laptop {i}'s history differs from laptop 0's"
        union = {c.cid: c for log in logs for c in log}.values()
        for i, log in enumerate(logs):
            missing = self.acked - {content_key(c) for c in log}
            assert not missing, f"laptop {i} lacks acknowledged changes: {sorted(missing)[:3]}"
        expected = oracle(union)
        for i, store in enumerate(self.stores):
            assert state_of(store) == expected, f"laptop {i}'s tables differ from the oracle"
            report = run_check(store)
            assert report.ok, f"laptop {i}: {report.problems}"
        conflicts = [conflicts_of(s) for s in self.stores]
        exports = [exports_of(s, self.root / f"export{i}") for i, s in enumerate(self.stores)]
        for i in range(1, N):
            assert conflicts[i] == conflicts[0], f"laptop {i} lists other conflicts"
            assert exports[i] == exports[0], f"laptop {i} exports other data"
        assert self.heal_round() == 0, "repairs for others keep going out once all agree: a loop"

    def teardown(self):
        try:
            if all(s.engine is not None for s in self.stores):
                self.heal_and_check()
        finally:
            for s in self.stores:
                s.close()
            shutil.rmtree(self.root, ignore_errors=True)
