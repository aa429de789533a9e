"""The invariant that keeps marking fast while a round runs on its own thread: no share I/O inside
a store transaction (app/sync/round.py's docstring). Every transaction takes SQLite's write lock
(BEGIN IMMEDIATE), so a round that reads the share inside one holds every mark behind the share.

Shown on a real FUSE share where every stat, open and read takes 0.3 s: while a round walks
publish, the crash-after-rename check of its own folder and a repair request, another connection
tries to take the write lock every few milliseconds without waiting; it never finds the lock held
for as long as one share call lasts."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time

import pytest

from app.services.attendance import records
from app.sync.identity import PUBLISHED, set_meta
from app.sync.round import run_sync
from tests.helpers.stall_fs import StallShare, available
from tests.helpers.sync import log_of, new_store

pytestmark = pytest.mark.skipif(bool(available()), reason=available() or "FUSE")
SHARE_CALL_S = 0.3


class LockProbe(threading.Thread):
    """Tries BEGIN IMMEDIATE (no waiting) every 2 ms; ``longest`` is the longest time it was refused."""

    def __init__(self, db):
        super().__init__(daemon=True)
        self.db, self.longest, self.tries, self.refused = db, 0.0, 0, 0
        self.stop = threading.Event()

    def run(self) -> None:
        conn = sqlite3.connect(self.db, timeout=0, isolation_level=None)
        since = None
        while not self.stop.is_set():
            self.tries += 1
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("ROLLBACK")
                if since is not None:
                    self.longest = max(self.longest, time.monotonic() - since)
                since = None
            except sqlite3.OperationalError:  # database is locked: the round holds the write lock
                self.refused += 1
                since = since or time.monotonic()
            time.sleep(0.002)
        conn.close()


def test_a_round_on_a_slow_share_never_holds_the_write_lock_across_a_share_call(tmp_path):
    with StallShare(tmp_path / "fs") as share:
        a = new_store(tmp_path / "a", user="芝 一郎")
        c = new_store(tmp_path / "c", user="麻布 花子")
        try:
            records.save_council(c, records.CouncilInput("C1", "One", "芝"))
            run_sync(c, share.backing)
            records.save_council(a, records.CouncilInput("A1", "Ours", "芝"))
            run_sync(a, share.backing)  # a published its segment and imported c's
            with a.uncaptured() as session:  # a crash after rename: its own file unknown
                set_meta(session.connection(), PUBLISHED, "0")
                session.connection().exec_driver_sql("DELETE FROM sync_file WHERE origin = ?", (a.device_id,))
            records.save_council(a, records.CouncilInput("A2", "Ours too", "芝"))  # something to publish
            devices = share.backing / "FieldDesk" / "e1" / "devices"
            b = "0b0b0b0b-0000-4000-8000-000000000000"  # a laptop that misses c's first three changes
            (devices / b).mkdir()
            (devices / b / "status.json").write_text(json.dumps({"device": b, "missing": [[c.device_id, 1, 3]]}))
            [c_segment] = (devices / c.device_id).glob("seg-*.jsonl")
            os.utime(c_segment, ns=(1, 1))  # touched since a imported it: a reads it again to trust it

            share.slow(SHARE_CALL_S, ops=("getattr", "open", "read"), path="*.jsonl")  # the files, not every folder
            probe = LockProbe(a.paths.db)
            probe.start()
            started = time.monotonic()
            summary = run_sync(a, share.path)
            took = time.monotonic() - started
            probe.stop.set()
            probe.join()
        finally:
            a.close()
            c.close()
    print(f"\nround {took:.1f} s on the slow share; write lock refused at most {probe.longest * 1000:.0f} ms "
          f"({probe.refused} of {probe.tries} tries)")
    assert summary.sent == 6 and summary.new_device_id is None  # its unmarked changes again, and the new ones
    assert took > 5 * SHARE_CALL_S  # the share really was slow for this round
    assert probe.tries > 100
    assert probe.longest < SHARE_CALL_S / 2, f"the write lock was held {probe.longest:.3f} s across a share call"


def test_a_mark_saved_while_the_share_thread_takes_a_new_identity_goes_out_under_the_new_one(tmp_path):
    """The window's session is made (with the old device id) before the round on the share thread
    takes a new identity and commits; the mark is flushed after. It must be numbered under the
    new id, or it would never be published (only the current id's changes go out)."""
    from app.storage.models import Council
    from app.sync.folder import ShareFolder
    from app.sync.identity import take_new_identity

    store = new_store(tmp_path / "a")
    share = tmp_path / "share"
    share.mkdir()
    try:
        records.save_council(store, records.CouncilInput("C1", "One", "芝"))
        old = store.device_id
        made, renamed = threading.Event(), threading.Event()
        out: dict = {}

        def window_worker() -> None:
            with store.session() as session:  # made now, with the old id ...
                made.set()
                renamed.wait(10)
                session.add(Council(code="C2", name="Two", district="芝"))  # ... flushed after the change
            out["done"] = True

        def share_worker() -> None:
            made.wait(10)
            out["new"] = take_new_identity(store, ShareFolder(share))
            renamed.set()

        threads = [threading.Thread(target=window_worker), threading.Thread(target=share_worker)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(20)
        assert out.get("done") and out["new"] == store.device_id != old
        with store.read() as session:
            origins = {o for (o,) in session.connection().exec_driver_sql("SELECT DISTINCT origin FROM sync_change")}
        assert origins == {store.device_id}
        assert run_sync(store, share).sent == len(log_of(store)) == 6
    finally:
        store.close()
