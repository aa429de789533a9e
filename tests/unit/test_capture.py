"""Change capture: one row per changed field, in the same transaction, gap-free, HLC-stamped."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select, update

from app.services.admin.check import run_check
from app.services.admin.history import record_history
from app.storage.capture import CaptureViolation, cid_of
from app.storage.models import Council, Staff, SyncChange, natural_id
from app.storage.store import open_store


def changes(store, **where):
    with store.read() as session:
        query = select(SyncChange).order_by(SyncChange.seq)
        for name, value in where.items():
            query = query.where(getattr(SyncChange, name) == value)
        return session.scalars(query).all()


def add_council(store, code="SH01", **fields):
    with store.session() as session:
        council = Council(id=natural_id("council", code), code=code, name=fields.get("name", "芝協議会"),
                          district=fields.get("district", "芝"), school_district=fields.get("school_district", ""))
        session.add(council)
    return council.id


def test_a_new_record_logs_each_field_that_differs_from_its_default(store):
    council_id = add_council(store, school_district="芝小学校区")
    logged = {c.field: c.value for c in changes(store, row_id=council_id)}
    # deleted=false is the default every replica starts from, so it is not a change.
    assert logged == {"code": '"SH01"', "name": '"芝協議会"', "district": '"芝"', "school_district": '"芝小学校区"'}
    assert {c.tbl for c in changes(store)} == {"council"}
    assert all(c.origin == store.device_id and c.user == "テスト担当" and c.base is None for c in changes(store))


def test_an_edit_logs_only_the_changed_field_with_its_base(store):
    council_id = add_council(store)
    with store.session() as session:
        council = session.get(Council, council_id)
        council.name = "芝地区協議会"
        council.district = "芝"  # same value: not a change
    edit = changes(store, row_id=council_id, field="name")
    assert [c.value for c in edit] == ['"芝協議会"', '"芝地区協議会"']
    first, second = edit
    assert second.base == cid_of(first.origin, first.seq, first.hash)
    assert (second.ms, second.counter) > (first.ms, first.counter)


def test_sequence_is_gap_free_even_after_a_rolled_back_transaction(store):
    add_council(store, "SH01")
    with pytest.raises(RuntimeError):
        with store.session() as session:
            session.add(Council(id=natural_id("council", "SH02"), code="SH02", name="x", district="芝"))
            session.flush()
            raise RuntimeError("the user's laptop crashed here")
    add_council(store, "SH03")
    seqs = [c.seq for c in changes(store)]
    assert seqs == list(range(1, len(seqs) + 1))
    assert not changes(store, row_id=natural_id("council", "SH02"))


def test_one_transaction_shares_one_tx_id_and_the_next_gets_another(store):
    with store.session() as session:
        session.add(Council(id=natural_id("council", "A"), code="A", name="a", district="芝"))
        session.flush()
        session.add(Council(id=natural_id("council", "B"), code="B", name="b", district="芝"))
    add_council(store, "C")
    txs = [c.tx for c in changes(store)]
    assert len(set(txs[:6])) == 1 and txs[-1] != txs[0]


def test_stamps_keep_increasing_when_the_clock_steps_back(data_dir):
    now = [1_800_000_000_000]
    store = open_store(data_dir, clock_ms=lambda: now[0])
    council_id = add_council(store)
    for name in ("一", "二", "三"):
        now[0] -= 3_600_000  # the laptop's clock goes back an hour each time
        with store.session() as session:
            session.get(Council, council_id).name = name
    stamps = [(c.ms, c.counter) for c in changes(store)]
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
    store.close()


def test_an_edit_of_a_visible_value_beats_a_stamp_from_the_future(data_dir):
    """docs/dev/sync.md: a local edit gets max(hlc.send(now), successor(winner)) so it always wins."""
    now = [1_800_000_000_000]
    store = open_store(data_dir, clock_ms=lambda: now[0])
    council_id = add_council(store)
    future = now[0] + 3 * 365 * 86_400_000
    with store.uncaptured() as session:  # a change received from a laptop 3 years ahead
        session.connection().exec_driver_sql(
            "INSERT INTO sync_change (origin, seq, hash, tbl, row_id, field, value, ms, counter, base, user, tx) "
            "VALUES ('other', 1, 'h', 'council', ?, 'name', '\"未来\"', ?, 0, NULL, 'x', 't')", (council_id, future))
        session.get(Council, council_id).name = "未来"
    with store.session() as session:
        session.get(Council, council_id).name = "現在"
    latest = changes(store, row_id=council_id, field="name")[-1]
    assert latest.value == '"現在"' and (latest.ms, latest.counter) == (future, 1)
    assert latest.base == "other:1:h"
    store.close()


def test_write_paths_that_would_bypass_capture_are_refused(store):
    council_id = add_council(store)
    with pytest.raises(CaptureViolation):
        with store.session() as session:
            session.delete(session.get(Council, council_id))
    with pytest.raises(CaptureViolation):
        with store.session() as session:
            session.execute(update(Council).where(Council.code == "SH01").values(name="x"))
    with pytest.raises(CaptureViolation):
        with store.session() as session:
            session.execute(insert(Council), [{"code": "X", "name": "x", "district": "芝"}])  # no id
    assert run_check(store).ok


def test_bulk_insert_through_the_session_is_captured(store):
    add_council(store)
    rows = [{"id": natural_id("staff", f"{n:06d}"), "staff_no": f"{n:06d}", "name": f"職員{n}", "kana": "しょくいん"}
            for n in range(50)]
    with store.session() as session:
        session.execute(insert(Staff), rows)
    assert len(changes(store, tbl="staff")) == 50 * 3
    assert run_check(store).ok


def test_soft_delete_is_a_change_and_check_stays_green(store):
    council_id = add_council(store)
    with store.session() as session:
        session.get(Council, council_id).deleted = True
    assert changes(store, row_id=council_id, field="deleted")[-1].value == "true"
    assert run_check(store).ok


def test_check_catches_a_write_that_went_around_capture(store):
    council_id = add_council(store)
    with store.uncaptured() as session:
        session.connection().exec_driver_sql("UPDATE council SET name = 'raw SQL' WHERE id = ?", (council_id,))
    report = run_check(store)
    assert not report.ok and any("name" in p for p in report.problems)


def test_check_catches_a_tampered_change_and_a_gap(store):
    add_council(store, "SH01")
    add_council(store, "SH02")
    with store.uncaptured() as session:
        session.connection().exec_driver_sql("UPDATE sync_change SET user = 'someone else' WHERE seq = 2")
        session.connection().exec_driver_sql("DELETE FROM sync_change WHERE seq = 3")
    problems = run_check(store).problems
    assert any("hash" in p or "ハッシュ" in p for p in problems)
    assert any("3" in p for p in problems)


def test_history_lists_who_changed_what_from_what_to_what(store):
    council_id = add_council(store)
    store.user = "山﨑"
    with store.session() as session:
        session.get(Council, council_id).name = "新しい名前"
    history = record_history(store, "council", council_id)
    rename = [e for e in history if e.field == "name"]
    assert [(e.old, e.new, e.user) for e in rename] == [
        (None, "芝協議会", "テスト担当"),  # created: there was no value before
        ("芝協議会", "新しい名前", "山﨑"),
    ]
    assert all(e.device == store.device_id for e in history)


def test_a_delete_writes_what_its_author_had_seen(store):
    """Fault 9: the deleting transaction also writes a synced DeleteView naming, per field, the
    heads of the record's history (by stamp and transaction, which survive renumbering)."""
    import json

    from app.storage.deletions import change_ref, view_id
    from app.storage.models.sync import DeleteView

    council_id = add_council(store)
    with store.session() as session:
        session.get(Council, council_id).name = "芝協議会（新）"
    with store.session() as session:
        session.get(Council, council_id).deleted = True
    [delete] = changes(store, row_id=council_id, field="deleted")
    with store.read() as session:
        [view] = session.scalars(select(DeleteView)).all()
    assert view.id == view_id("council", council_id, delete.tx) and (view.tbl, view.row_id) == ("council", council_id)
    logged = {c.field: c for c in changes(store, row_id=council_id)}
    name = max(changes(store, row_id=council_id, field="name"), key=lambda c: c.seq)
    assert json.loads(view.seen) == {
        "code": [change_ref(logged["code"].ms, logged["code"].counter, logged["code"].tx)],
        "district": [change_ref(logged["district"].ms, logged["district"].counter, logged["district"].tx)],
        "name": [change_ref(name.ms, name.counter, name.tx)],  # the edit, not the creation it replaced
    }
    assert {c.tx for c in changes(store, row_id=view.id)} == {delete.tx}  # one transaction with the delete
    with store.session() as session:  # saving a deleted record again is not another delete
        session.get(Council, council_id).deleted = True
        session.get(Council, council_id).school_district = "x"
    with store.read() as session:
        assert len(session.scalars(select(DeleteView)).all()) == 1
    assert run_check(store).ok
