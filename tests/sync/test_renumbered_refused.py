"""Found by the state machine with FIELDDESK_SLOW=1 (docs/dev/sync.md "Refused files"): a
laptop's own file, renamed into place just before a crash and then damaged beyond reading, makes
it take a new device id and renumber the file's changes. Everyone converges, but the damaged file
under the old id stayed "refused" on the other laptops for good (check: a problem; sync: exit 3)
although nothing is missing — until the old id's heartbeat named the renumbered numbers."""

from __future__ import annotations

import json

from app.services import records
from app.services.check import run_check
from app.sync.identity import PUBLISHED, set_meta
from app.sync.round import run_sync
from tests.sync.helpers import BASE_MS, new_store, state_of


def test_a_damaged_own_file_renumbered_under_a_new_id_is_not_refused_for_ever(tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    a, b = new_store(tmp_path / "a"), new_store(tmp_path / "b")
    records.save_council(a, records.CouncilInput("C1", "芝協議会", "芝"))
    run_sync(a, share, now_ms=BASE_MS)
    published = a.meta(PUBLISHED)
    records.save_council(a, records.CouncilInput("C2", "麻布協議会", "麻布"))
    run_sync(a, share, now_ms=BASE_MS)
    with a.session(capture_changes=False) as session:  # the crash after the rename (fault 2)
        conn = session.connection()
        set_meta(conn, PUBLISHED, published)
        conn.exec_driver_sql("DELETE FROM sync_file WHERE origin = ? AND first > ?", (a.device_id, int(published)))
    old = a.device_id
    [second] = [p for p in (share / "FieldDesk" / "v1" / "devices" / old).glob("seg-*.jsonl")
                if not p.name.startswith(f"seg-{1:012d}-")]
    second.write_bytes(second.read_bytes()[:60])  # truncated inside its header (fault 4)

    run_sync(b, share, now_ms=BASE_MS)
    assert run_sync(a, share, now_ms=BASE_MS).new_device_id  # not provably its own: a new id, renumbered
    status = json.loads((share / "FieldDesk" / "v1" / "devices" / old / "status.json").read_text(encoding="utf-8"))
    assert status["moved_to"] == a.device_id and status["renumbered"] == [[4, 6]], status
    summary = run_sync(b, share, now_ms=BASE_MS)
    assert state_of(b) == state_of(a)  # nothing is missing anywhere
    assert summary.refused == [], summary.refused
    assert run_sync(a, share, now_ms=BASE_MS).refused == []
    for store in (a, b):
        report = run_check(store)
        assert report.ok, report.problems
    a.close()
    b.close()
