"""Benchmarks (l), (m), (n): the shared-folder sync (issue 4, 9).

(l) importing 100,000 changes from 10 laptops (a sync round of a new laptop)  vs  opening the same
    sealed files (AES-GCM, the ward key), parsing their JSON lines and upserting the same rows (the
    change log and the records) with sqlite3.executemany in one transaction, same schema, WAL +
    synchronous=FULL                                                                 (goal <= 2x)
(m) a round with nothing new, 50 laptops x 20 files and their heartbeats on the folder (goal <= 100 ms)
(n) publishing 10,000 local changes                                                   (goal <= 1 s)
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time
import uuid
from pathlib import Path

from tests.bench.common import Goal, median, spread

FIELDS = ("staff_no", "name", "kana", "department", "housing")


def _staff_changes(origin: str, start: int, count: int):
    """``count`` changes creating staff records (5 fields each), as a laptop logs them."""
    from tests.helpers.sync import BASE_MS, make_change

    out = []
    seq = 0
    n = start
    while len(out) < count:
        row_id = str(uuid.UUID(int=n + 1))
        tx = str(uuid.UUID(int=n))
        for field, value in zip(FIELDS, (f"S{n:06d}", f"Name {n}", "サトウ", "Fire", f"{n % 7}-chome"), strict=True):
            seq += 1
            out.append(make_change(origin, seq, "staff", row_id, field, json.dumps(value, ensure_ascii=False),
                                   BASE_MS + n, seq, None, "bench", tx))
        n += 1
    return out[:count]


def _write_laptop(share: Path, origin: str, changes, per_file: int) -> None:
    """A laptop's segments, sealed with the ward key as FieldDesk publishes them."""
    from app.sync.folder import segment_name
    from app.sync.segments import Header, encode
    from tests.helpers.sealed import seal_into, tree

    folder = tree(share) / "devices" / origin
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(0, len(changes), per_file):
        chunk = changes[i:i + per_file]
        header = Header(origin, "nonce", chunk[0].seq, chunk[-1].seq, len(chunk), "", "bench")
        seal_into(folder / segment_name(chunk[0].seq, chunk[-1].seq), encode(header, chunk))


def _baseline_import(template: Path, db_path: Path, share: Path) -> float:
    """Each file opened with the key, json.loads of every line, then executemany of the change rows
    and of the folded records."""
    from tests.helpers.sealed import open_file, tree

    shutil.copyfile(template, db_path)
    start = time.perf_counter()
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    changes, rows = [], {}
    for path in sorted(tree(share).glob("devices/*/seg-*.jsonl")):
        lines = open_file(path).split(b"\n")
        for line in lines[1:-2]:
            o = json.loads(line)
            changes.append((o["o"], o["s"], o["t"], o["r"], o["f"], o["v"], o["ms"], o["c"], o["b"], o["u"], o["x"],
                            o["h"]))
            rows.setdefault(o["r"], {})[o["f"]] = json.loads(o["v"])
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany("INSERT OR IGNORE INTO sync_change (origin, seq, tbl, row_id, field, value, ms, counter, base, "
                     "user, tx, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", changes)
    conn.executemany(
        "INSERT INTO staff (id, deleted, staff_no, name, kana, department, housing, council_id, active) "
        "VALUES (?, 0, ?, ?, ?, ?, ?, NULL, 1) ON CONFLICT(id) DO UPDATE SET staff_no = excluded.staff_no, "
        "name = excluded.name, kana = excluded.kana, department = excluded.department, housing = excluded.housing",
        [(rid, *(r.get(f, "") for f in FIELDS)) for rid, r in rows.items()])
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - start


def bench_import_changes(tmp: Path, repeat: int, total: int, laptops: int = 10) -> Goal:
    from app.sync.round import run_sync
    from tests.helpers.sealed import tree
    from tests.helpers.sync import _template_db, new_store

    share = tmp / "l-share"
    per = total // laptops
    for k in range(laptops):
        origin = str(uuid.UUID(int=k + 1))
        _write_laptop(share, origin, _staff_changes(origin, k * per, per), 2000)
    ours, base = [], []
    for i in range(repeat):
        store = new_store(tmp / f"l-store-{i}")
        try:
            start = time.perf_counter()
            summary = run_sync(store, share)
            ours.append(time.perf_counter() - start)
        finally:
            store.close()
        assert summary.received == per * laptops, summary
        base.append(_baseline_import(_template_db(), tmp / f"l-base-{i}.sqlite3", share))
        shutil.rmtree(tmp / f"l-store-{i}", ignore_errors=True)
    goal = Goal("l", f"Import {per * laptops:,} changes from {laptops} laptops (one sync round)", median(ours),
                median(base), "s", "AES-GCM open + json + sqlite3.executemany", 2, True,
                notes=[f"{len(list(tree(share).glob('devices/*/seg-*')))} sealed segment files"])
    print(f"(l) {goal.title}: FieldDesk {spread(ours)}   baseline {spread(base)}   {goal.ratio:.2f}x")
    print()
    return goal


def bench_idle_round(tmp: Path, repeat: int, laptops: int, files: int) -> Goal:
    from app.sync.round import run_sync
    from tests.helpers.sealed import seal_into, tree
    from tests.helpers.sync import new_store

    share = tmp / "m-share"
    for k in range(laptops):
        origin = str(uuid.UUID(int=1000 + k))
        _write_laptop(share, origin, _staff_changes(origin, k * files * 5, files * 5), 5)
        # Every laptop's heartbeat, read each round; one in ten asks for a range nobody holds
        # (a damaged file whose changes are lost), which each round checks against the log.
        lost = [[str(uuid.UUID(int=999)), 1, 5]] if k % 10 == 0 else []
        seal_into(tree(share) / "devices" / origin / "status.json", json.dumps(
            {"device": origin, "name": f"PC-{k}", "published_seq": files * 5, "missing": lost, "damaged": []}).encode())
    store = new_store(tmp / "m-store")
    try:
        run_sync(store, share)  # everything imported once; now nothing is new
        ours, base = [], []
        for _ in range(max(repeat, 5)):
            start = time.perf_counter()
            summary = run_sync(store, share)
            ours.append((time.perf_counter() - start) * 1000)
            assert summary.received == 0 and summary.quarantined == []
            start = time.perf_counter()
            for d in os.scandir(tree(share) / "devices"):
                [e.stat() for e in os.scandir(d.path)]
            base.append((time.perf_counter() - start) * 1000)
    finally:
        store.close()
    goal = Goal("m", f"A round with nothing new, {laptops} laptops x {files} files", median(ours), median(base),
                "ms", "listing the folder (os.scandir + stat)", 100, False)
    print(f"(m) {goal.title}: {spread(ours, 'ms')}   listing alone {spread(base, 'ms')}")
    print()
    return goal


def bench_publish(tmp: Path, repeat: int, changes: int) -> Goal:
    from app.storage.capture import insert_records
    from app.storage.models import Staff
    from app.sync.round import run_sync
    from tests.helpers.sealed import tree
    from tests.helpers.sync import new_store

    ours, base = [], []
    for i in range(repeat):
        store = new_store(tmp / f"n-store-{i}")
        share = tmp / f"n-share-{i}"
        share.mkdir()
        try:
            with store.session() as session:
                insert_records(session, Staff, [
                    {"id": str(uuid.uuid4()), "staff_no": f"S{n:06d}", "name": f"Name {n}", "kana": "サトウ",
                     "department": "Fire", "housing": f"{n % 7}-chome"} for n in range(changes // 5)])
            start = time.perf_counter()
            summary = run_sync(store, share)
            ours.append(time.perf_counter() - start)
            assert summary.sent == changes, summary
            data = b"".join(p.read_bytes() for p in tree(share).glob("devices/*/seg-*"))  # the sealed bytes
            start = time.perf_counter()
            with open(tmp / f"n-plain-{i}", "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            base.append(time.perf_counter() - start)
        finally:
            store.close()
    goal = Goal("n", f"Publish {changes:,} local changes", median(ours), median(base), "s",
                "writing the same bytes + fsync", 1, False)
    print(f"(n) {goal.title}: {spread(ours)}   plain write {spread(base)}")
    print()
    return goal
