"""What was the known gap of docs/dev/sync.md ("Known gap"), found by the state machine with
FIELDDESK_SLOW=1: a laptop's own file, renamed into place just before a crash and then damaged
beyond reading, made it take a new device id and renumber the file's changes; everyone converged,
but the damaged file under the old id stayed "refused" on the other laptops for good (check: a
problem; sync: exit 3) although nothing was missing. On a sealed share any damage is "beyond
reading", so the state machine hit it all the time. Now the round notes, before it publishes, how
far it sets out to (identity.py "Announced"): the damaged file is known as its own, is published
again as a repair, and nothing is refused."""

from __future__ import annotations

from app.services.admin.check import run_check
from app.services.attendance import records
from app.sync.identity import PUBLISHED, set_meta
from app.sync.round import run_sync
from tests.helpers.sealed import tree
from tests.helpers.sync import BASE_MS, log_of, new_store, state_of


def test_a_damaged_own_file_after_a_crash_is_repaired_not_renumbered_nor_refused_for_ever(tmp_path, english):
    share = tmp_path / "share"
    share.mkdir()
    a, b = new_store(tmp_path / "a"), new_store(tmp_path / "b")
    records.save_council(a, records.CouncilInput("C1", "芝協議会", "芝"))
    run_sync(a, share, now_ms=BASE_MS)
    published = a.meta(PUBLISHED)
    records.save_council(a, records.CouncilInput("C2", "麻布協議会", "麻布"))
    run_sync(a, share, now_ms=BASE_MS)
    with a.uncaptured() as session:  # the crash after the rename (fault 2)
        conn = session.connection()
        set_meta(conn, PUBLISHED, published)
        conn.exec_driver_sql("DELETE FROM sync_file WHERE origin = ? AND first > ?", (a.device_id, int(published)))
    old = a.device_id
    [second] = [p for p in (tree(share) / "devices" / old).glob("seg-*.jsonl")
                if not p.name.startswith(f"seg-{1:012d}-")]
    second.write_bytes(second.read_bytes()[:60])  # truncated inside its header (fault 4)

    run_sync(b, share, now_ms=BASE_MS)
    again = run_sync(a, share, now_ms=BASE_MS)
    assert again.new_device_id is None and any("published again" in w for w in again.warnings)
    summary = run_sync(b, share, now_ms=BASE_MS)
    assert state_of(b) == state_of(a)  # nothing is missing anywhere
    assert {c.cid for c in log_of(b)} == {c.cid for c in log_of(a)} and {c.origin for c in log_of(b)} == {old}
    assert summary.refused == [], summary.refused
    report = run_check(b)
    assert report.ok, report.problems
    a.close()
    b.close()
