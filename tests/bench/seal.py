"""Benchmark (x): what sealing costs a sync import (issue 16: ≤ 10 %).

The same 100,000 changes from 10 laptops, in 2,000-change segments, imported by a new laptop in one
round: once from a tree in the clear (``v1``, no key), once from a sealed tree (``e1``, the files
sealed with the ward key). Runs alternate; the figure is the median of each.
"""

from __future__ import annotations

import json
import shutil
import time
import uuid
from pathlib import Path

from tests.bench.common import Goal, median, spread


def _write(share: Path, key, laptops: int, per: int) -> None:
    from app.sync.folder import segment_name
    from app.sync.seal import seal
    from app.sync.segments import Header, encode
    from tests.bench.sync import _staff_changes

    tree = share / "FieldDesk" / (f"e{key.epoch}" if key else "v1")
    tree.mkdir(parents=True)
    info = {"format": 1, "app": "FieldDesk"} | ({"sealed": True, "epoch": key.epoch, "key": key.key_id} if key else {})
    (tree / "FORMAT.json").write_text(json.dumps(info))
    for k in range(laptops):
        origin = str(uuid.UUID(int=k + 1))
        changes = _staff_changes(origin, k * per, per)
        folder = tree / "devices" / origin
        folder.mkdir(parents=True)
        for i in range(0, len(changes), 2000):
            chunk = changes[i:i + 2000]
            name = segment_name(chunk[0].seq, chunk[-1].seq)
            plain = encode(Header(origin, "nonce", chunk[0].seq, chunk[-1].seq, len(chunk), "", "bench"), chunk)
            (folder / name).write_bytes(seal(key, f"devices/{origin}/{name}", plain) if key else plain)


def bench_seal(tmp: Path, repeat: int, total: int, laptops: int = 10) -> Goal:
    from app.sync.round import run_sync
    from tests.helpers.sync import new_store
    from tests.helpers.ward import TEST_KEY

    per = total // laptops
    shares = {"plain": tmp / "x-plain", "sealed": tmp / "x-sealed"}
    _write(shares["plain"], None, laptops, per)
    _write(shares["sealed"], TEST_KEY, laptops, per)
    times: dict[str, list[float]] = {"plain": [], "sealed": []}
    for i in range(repeat):
        for kind in (("plain", "sealed") if i % 2 == 0 else ("sealed", "plain")):
            store = new_store(tmp / f"x-{kind}-{i}")
            try:
                start = time.perf_counter()
                summary = run_sync(store, shares[kind], key=TEST_KEY if kind == "sealed" else None)
                times[kind].append(time.perf_counter() - start)
            finally:
                store.close()
            assert summary.received == per * laptops and not summary.quarantined, summary
            shutil.rmtree(tmp / f"x-{kind}-{i}", ignore_errors=True)
    goal = Goal("x", f"Sync import of {per * laptops:,} changes, sealed (AES-256-GCM) vs in the clear",
                median(times["sealed"]), median(times["plain"]), "s", "the same import in the clear", 1.10, True)
    print(f"(x) {goal.title}: sealed {spread(times['sealed'])}   clear {spread(times['plain'])}   {goal.ratio:.3f}x")
    print()
    return goal
