"""The disk faults of the sync state machine (``machine.py``): backups, restores from them, and a
laptop whose disk is restored from a backup older than its published files, which are then damaged
(docs/dev/sync.md faults 4 and 10 together: only the laptops that hold the changes can repair them).

A mixin, so the machine module stays readable; the rules act on the machine's laptops and share.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule

from app.paths import DataPaths
from app.storage.store import DEVICE_ID, INSTALL_NONCE, open_store
from app.sync.identity import PUBLISHED
from tests.helpers.sealed import parsed
from tests.helpers.sync import content_key, log_of, new_store

N_LAPTOPS = 3


class DiskFaults:
    @rule(i=st.integers(0, N_LAPTOPS - 1))
    def backup(self, i):
        store = self.stores[i]
        store.close()
        target = self.root / f"backup{i}"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(self.dir(i), target)
        self.stores[i] = open_store(self.dir(i), clock_ms=self.clocks[i], user=f"user{i}")
        self.backups[i] = target

    @precondition(lambda self: bool(self.backups))
    @rule(pick=st.integers(0, N_LAPTOPS - 1))
    def restore_backup(self, pick):
        """#10: the laptop's disk is restored from the backup: what it did since is gone from it.
        What other laptops already hold stays acknowledged; the rest was lost with the disk."""
        i = sorted(self.backups)[pick % len(self.backups)]
        if not self._would_lose(i, self.backups[i]):
            self._restore(i, self.backups[i])

    def _would_lose(self, i: int, backup: Path) -> bool:
        """Would restoring ``backup`` lose, for everyone, a change that was published? (The disk
        held the last readable copy: a damaged file's changes nobody else has.) Such a double
        disaster is beyond healing; the machine only makes losses the design promises to survive."""
        store = self.stores[i]
        with sqlite3.connect(f"file:{DataPaths(backup).db}?mode=ro", uri=True) as conn:
            kept = {f"{o}:{s}:{h}" for o, s, h in conn.execute("SELECT origin, seq, hash FROM sync_change")}
        conn.close()
        published = int(store.meta(PUBLISHED) or 0)
        losing = {c.cid for c in log_of(store) if c.cid not in kept
                  and not (c.origin == store.device_id and c.seq > published)}  # never out: lost with the disk
        if not losing:
            return False
        elsewhere = {c.cid for j in range(N_LAPTOPS) if j != i for c in log_of(self.stores[j])}
        for path in self.published_files():
            elsewhere |= {c.cid for c in parsed(path).changes}
        for path in (p for p in self.limbo.glob("*/*") if p.is_file()):  # aside: bound to its name on the share
            elsewhere |= {c.cid for c in parsed(path, f"devices/{path.parent.name}/{path.name}").changes}
        return not losing <= elsewhere

    def _restore(self, i: int, backup: Path) -> None:
        elsewhere = {content_key(c) for j in range(N_LAPTOPS) if j != i for c in log_of(self.stores[j])}
        self.stores[i].close()
        shutil.rmtree(self.dir(i))
        shutil.copytree(backup, self.dir(i))
        self.stores[i] = open_store(self.dir(i), clock_ms=self.clocks[i], user=f"user{i}")
        kept = {content_key(c) for c in log_of(self.stores[i])}
        self.acked = {k for k in self.acked if k in kept or k in elsewhere}

    def _blank_backup(self, i: int) -> Path:
        """A backup taken before this laptop did anything (same identity, no changes)."""
        store = self.stores[i]
        device, nonce = store.device_id, store.meta(INSTALL_NONCE)
        target = self.root / f"blank{i}"
        shutil.rmtree(target, ignore_errors=True)
        new_store(target).close()
        with sqlite3.connect(DataPaths(target).db) as conn:
            conn.executemany("UPDATE local_meta SET value = ? WHERE key = ?", [(device, DEVICE_ID), (nonce, INSTALL_NONCE)])
        conn.close()
        return target

    @rule(i=st.integers(0, N_LAPTOPS - 1), j=st.integers(1, N_LAPTOPS - 1), pick=st.integers(0, 50), where=st.floats(0, 1))
    def owner_loses_a_damaged_file(self, i, j, pick, where):
        """#4 with #10: laptop i publishes, laptop i+j imports, i's disk is restored from a backup
        older than all of that, then one of i's files — preferably one the third laptop has not read
        yet — is truncated. Only the laptops that hold its changes can repair it now."""
        holder, third = (i + j) % N_LAPTOPS, (i + 2 * j) % N_LAPTOPS
        self.sync(i)
        self.sync(holder)
        owner = self.stores[i].device_id
        files = [p for p in self.segments() if p.parent.name == owner and parsed(p).intact]
        if not files:
            return
        with self.stores[third].read() as session:
            read = set(session.connection().exec_driver_sql("SELECT path FROM sync_file").scalars())
        files = [p for p in files if f"devices/{owner}/{p.name}" not in read] or files
        blank = self._blank_backup(i)
        if self._would_lose(i, blank):
            return
        self._restore(i, blank)
        path = files[pick % len(files)]
        data = path.read_bytes()
        path.write_bytes(data[: min(int(len(data) * where), len(data) - 1)])
