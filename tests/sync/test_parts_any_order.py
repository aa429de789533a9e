"""Segment parts arriving in any order: a transaction is in the receiver's log and tables either
whole or not at all, after every round, and once every file is there the receiver equals the sender.

Laptop A imports councils, 40 staff (one transaction of 120 changes) and meetings with the real
command, then publishes with tiny limits (``segments.Limits``: a transaction goes on in the next
segment after 7 changes), so the imports are cut into many parts. Hypothesis shows them to laptop
B one file at a time in a drawn order, with a sync round after each.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.storage.store import open_store
from app.sync.round import run_sync
from app.sync.segments import Limits
from tests.helpers.cli import run_cli
from tests.helpers.sealed import open_file
from tests.helpers.sync import BASE_MS, fast_tmp, log_of, new_store, state_of
from tests.helpers.ward import TEST_KEY

TINY = Limits(soft_changes=4, soft_bytes=1 << 20, hard_changes=7, hard_bytes=1 << 20)


@pytest.fixture(scope="module")
def published():
    root = fast_tmp("fd-parts-")
    a, src = root / "a", root / "share"
    src.mkdir()
    (root / "c.csv").write_text("協議会コード,協議会名,地区\nSH01,芝協議会,芝\nAZ01,麻布協議会,麻布\n", encoding="utf-8")
    (root / "s.csv").write_text("職員番号,氏名,ふりがな\n" + "".join(f"{200000 + i},職員 {i},しょくいん\n" for i in range(40)),
                                encoding="utf-8")
    (root / "m.csv").write_text("協議会コード,開催日,件名\nSH01,2025-05-10,第1回 定例会\nAZ01,2025-05-12,第1回 定例会\n",
                                encoding="utf-8")
    for kind, name in (("councils", "c"), ("staff", "s"), ("meetings", "m")):
        done = run_cli("import", kind, str(root / f"{name}.csv"), data_dir=a)
        assert done.returncode == 0, done.stderr
    store = open_store(a)
    run_sync(store, src, now_ms=BASE_MS, limits=TINY, key=TEST_KEY)  # before the per-test key fixture runs
    devices = src / "FieldDesk" / "e1" / "devices"
    files = sorted(p.relative_to(src) for p in devices.glob("*/seg-*.jsonl"))
    yield store, src, files
    store.close()
    shutil.rmtree(root, ignore_errors=True)


def _by_tx(changes) -> dict[str, int]:
    out: dict[str, int] = {}
    for c in changes:
        out[c.tx] = out.get(c.tx, 0) + 1
    return out


@settings(max_examples=12, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_transaction_is_applied_whole_whatever_order_its_parts_arrive_in(published, data):
    store_a, src, files = published
    whole = _by_tx(log_of(store_a))
    assert max(whole.values()) > TINY.hard_changes and len(files) > 10  # the imports really are in parts
    order = data.draw(st.permutations(files))
    root = fast_tmp("fd-parts-b-")
    try:
        b, share = new_store(root / "b"), root / "share"
        (share / "FieldDesk" / "e1").mkdir(parents=True)
        shutil.copy(src / "FieldDesk" / "e1" / "FORMAT.json", share / "FieldDesk" / "e1")
        for rel in order:
            (share / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(src / rel, share / rel)
            run_sync(b, share, now_ms=BASE_MS)
            have = _by_tx(log_of(b))
            assert all(n == whole[tx] for tx, n in have.items()), {tx: (n, whole[tx]) for tx, n in have.items()}
        assert set(log_of(b)) == set(log_of(store_a))
        assert state_of(b) == state_of(store_a)
        with b.read() as session:
            held = session.connection().exec_driver_sql("SELECT COUNT(*) FROM sync_held").scalar()
        assert held == 0
        b.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_the_parts_are_under_the_limits_and_name_their_whole_transaction(published):
    from app.sync.segments import SegmentReader

    store_a, src, files = published
    whole = _by_tx(log_of(store_a))
    named: dict[str, set[int]] = {}
    for rel in files:
        reader = SegmentReader(io.BytesIO(open_file(src / rel)))  # sealed: opened with the ward key
        changes = [c for batch in reader.batches() for c in batch]
        assert not reader.problems and len(changes) <= TINY.hard_changes, (rel, reader.problems)
        for tx, total in reader.parts.items():
            assert total == whole[tx] and _by_tx(changes)[tx] < total
            named.setdefault(tx, set()).add(len(changes))
        for tx, n in _by_tx(changes).items():
            assert n == whole[tx] or tx in reader.parts, (rel, tx)  # a piece always says so
    assert named, "no transaction spans segments"
    assert Path(files[0]).name.startswith("seg-000000000001-")
