"""Merge algebra (issue 4, 8a; docs/dev/sync.md "Merge"): the state is a pure function of the SET of changes.

Changes come from a small simulation of three laptops editing a few fields of a few records
(creations, edits, deletes, edits of what another laptop deleted, identical stamps on two laptops),
each laptop seeing only what it has synced. Any permutation of the change set, with duplicates and
cut into arbitrary files (one transaction each), applied to fresh stores must give the same tables
and the same conflicts — and the tables must equal the oracle of ``helpers.oracle``. The property
is a function of the merge, and a deliberately wrong merge (last-applied-wins) must fail it.
"""

from __future__ import annotations

import json
import shutil

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from app.domain import hlc
from app.storage.models import natural_id
from app.sync.apply import apply_changes
from app.sync.segments import Change
from tests.helpers.sync import (
    BASE_MS,
    conflicts_of,
    fast_tmp,
    last_applied_wins,
    make_change,
    new_store,
    oracle,
    state_of,
)

ORIGINS = ("aaaaaaaa-0000-4000-8000-000000000001", "bbbbbbbb-0000-4000-8000-000000000002",
           "cccccccc-0000-4000-8000-000000000003")
# record -> (table, fields written when a laptop creates it, fields that are then edited)
RECORDS = {
    "c1": ("council", {"code": '"C1"', "name": '"one"', "district": '"芝"'}),
    "c2": ("council", {"code": '"C2"', "name": '"two"', "district": '"麻布"'}),
    "s1": ("staff", {"staff_no": '"S1"', "name": '"Sato"', "kana": '"サトウ"', "council_id": '"c1"'}),
}
EDITS = {
    "council": {"name": ['"a"', '"b"', '"c"'], "school_district": ['"x"', '"y"'], "deleted": ["true", "false"]},
    "staff": {"name": ['"Ito"', '"Kato"'], "council_id": ['"c1"', '"c2"'], "deleted": ["true", "false"]},
}


class Laptop:
    """What one laptop knows and how it stamps an edit (docs/dev/sync.md "Clock"), without any app code."""

    def __init__(self, origin: str):
        self.origin, self.seq, self.clock, self.known = origin, 0, hlc.ZERO, {}

    def has(self, row_id: str) -> bool:
        return any(c.row_id == row_id for c in self.known.values())

    def winner(self, tbl: str, row_id: str, field: str) -> Change | None:
        same = [c for c in self.known.values() if (c.tbl, c.row_id, c.field) == (tbl, row_id, field)]
        return max(same, key=lambda c: c.order, default=None)

    def write(self, tbl: str, row_id: str, field: str, value: str, now_ms: int, tx: str) -> None:
        if field == "deleted" and value == "true" and getattr(self.winner(tbl, row_id, field), "value", "") != "true":
            self.write_view(tbl, row_id, now_ms, tx)
        win = self.winner(tbl, row_id, field)
        stamp = hlc.send(self.clock, now_ms)
        if win is not None:
            stamp = max(stamp, hlc.successor(hlc.Stamp(win.ms, win.counter)))
        self.clock, self.seq = stamp, self.seq + 1
        c = make_change(self.origin, self.seq, tbl, row_id, field, value, stamp.ms, stamp.counter,
                        win.cid if win else None, "user", tx)
        self.known[c.cid] = c


    def write_view(self, tbl: str, row_id: str, now_ms: int, tx: str) -> None:
        """What capture writes with a delete (``app.storage.deletions``), computed here from what
        this laptop knows: per field, the changes no other known change names as its base."""
        mine = [c for c in self.known.values() if (c.tbl, c.row_id) == (tbl, row_id) and c.field != "deleted"]
        named = {c.base for c in mine if c.base}
        heads: dict[str, list[str]] = {}
        for c in mine:
            if c.cid not in named:
                heads.setdefault(c.field, []).append(f"{c.ms}.{c.counter}.{c.tx}")
        seen = json.dumps({f: sorted(r) for f, r in sorted(heads.items())}, sort_keys=True, separators=(",", ":"))
        vid = natural_id("delete_view", tbl, row_id, tx)
        for field, value in (("tbl", tbl), ("row_id", row_id), ("tx", tx), ("seen", seen)):
            self.write("delete_view", vid, field, json.dumps(value, ensure_ascii=False), now_ms, tx)


_edit = st.tuples(st.just("edit"), st.integers(0, 2), st.sampled_from(sorted(RECORDS)), st.integers(0, 2),
                  st.integers(0, 3), st.integers(0, 2))
ops = st.builds(lambda first, rest: [first, *rest], _edit, st.lists(st.one_of(
    _edit,
    st.tuples(st.just("sync"), st.integers(0, 2), st.integers(0, 2)),
), max_size=13))


def simulate(steps) -> list[Change]:
    """The union of every laptop's changes after ``steps`` (timestamps from a tiny range: ties)."""
    laptops = [Laptop(o) for o in ORIGINS]
    for n, step in enumerate(steps):
        if step[0] == "sync":
            _, to, frm = step
            laptops[to].known.update(laptops[frm].known)
            continue
        _, who, row_id, field_no, value_no, ms = step
        me = laptops[who]
        if row_id == "s1" and not me.has("c1"):
            row_id = "c1"  # like the app: a record is created after the one it refers to
        tbl, creation = RECORDS[row_id]
        if not me.has(row_id):
            for field, value in creation.items():
                me.write(tbl, row_id, field, value, BASE_MS + ms, f"tx{n}")
            continue
        fields = EDITS[tbl]
        field = sorted(fields)[field_no % len(fields)]
        value = fields[field][value_no % len(fields[field])]
        if field == "council_id" and not me.has(value.strip('"')):
            continue
        me.write(tbl, row_id, field, value, BASE_MS + ms, f"tx{n}")
    return sorted({cid: c for lap in laptops for cid, c in lap.known.items()}.values(), key=lambda c: c.cid)


def real_merge(conn, changes: list[Change]) -> None:
    apply_changes(conn, changes, now_ms=BASE_MS)


def wrong_merge(conn, changes: list[Change]) -> None:
    last_applied_wins(conn, changes)


def deliveries(changes: list[Change]):
    """An arrival order: every change at least once (duplicates too), cut into files."""
    extra = st.lists(st.sampled_from(changes), max_size=len(changes))
    return extra.flatmap(lambda dup: st.permutations(changes + dup)).flatmap(
        lambda order: st.lists(st.integers(1, 6), min_size=len(order), max_size=len(order)).map(
            lambda sizes: _cut(order, sizes)))


def _cut(order: list[Change], sizes: list[int]) -> list[list[Change]]:
    files, i, k = [], 0, 0
    while i < len(order):
        files.append(order[i:i + sizes[k]])
        i += sizes[k]
        k += 1
    return files


def outcome(merge, files: list[list[Change]]) -> tuple[dict, set]:
    """Tables and conflicts of a fresh store after receiving ``files`` (one transaction each)."""
    root = fast_tmp("fd-algebra-")
    store = new_store(root / "data")
    try:
        for chunk in files:
            with store.uncaptured() as session:
                merge(session.connection(), chunk)
        with store.read() as session:
            waiting = session.connection().exec_driver_sql("SELECT COUNT(*) FROM sync_waiting_row").scalar()
        assert waiting == 0, "every referenced record has arrived, yet a record still waits"
        return state_of(store), conflicts_of(store)
    finally:
        store.close()
        shutil.rmtree(root, ignore_errors=True)


@st.composite
def scenarios(draw):
    changes = simulate(draw(ops))
    return changes, [draw(deliveries(changes)) for _ in range(2)]


def order_does_not_matter(merge, scenario) -> None:
    """THE property, for any merge: every arrival order gives the state and conflicts of the
    change set delivered once in log order, and that state is the oracle's."""
    changes, orders = scenario
    reference_state, reference_conflicts = outcome(merge, [changes])
    assert reference_state == oracle(changes), "the state is not the fold of the log"
    for files in orders:
        state, found = outcome(merge, files)
        assert state == reference_state, f"another arrival order ({[len(f) for f in files]}) gave another state"
        assert found == reference_conflicts


ALGEBRA = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)


@ALGEBRA
@given(scenarios())
def test_any_order_with_duplicates_gives_the_same_state_and_conflicts(scenario):
    order_does_not_matter(real_merge, scenario)


def test_the_property_catches_a_last_applied_wins_merge():
    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck), database=None,
              phases=[Phase.generate])  # finding one counterexample is the point; no shrinking
    @given(scenarios())
    def broken(scenario):
        order_does_not_matter(wrong_merge, scenario)

    with pytest.raises(AssertionError):
        broken()


def test_the_simulation_makes_the_interesting_cases():
    """The generator reaches what the property is about: concurrent edits, ties, delete vs edit."""
    steps = [("edit", 0, "c1", 0, 0, 0), ("sync", 1, 0), ("edit", 0, "c1", 1, 0, 2), ("edit", 1, "c1", 1, 1, 2),
             ("edit", 2, "c1", 0, 0, 0), ("sync", 2, 0), ("edit", 2, "c1", 0, 0, 3)]
    changes = simulate(steps)
    _state, found = outcome(real_merge, [changes])
    assert {(c.kind, c.field) for c in found} >= {("overwritten", "name")}
    # Both laptops 0 and 1 wrote "name" at the same ms with counter 0 (a tie): the greater origin wins.
    names = sorted((c for c in changes if c.field == "name" and c.ms == BASE_MS + 2), key=lambda c: c.order)
    assert [c.origin for c in names] == [ORIGINS[0], ORIGINS[1]]
    assert oracle(changes)[("council", "c1")]["name"] != '"one"'


def test_an_edit_the_deleter_had_not_seen_is_a_conflict_whatever_its_stamp():
    """Fault 9 at the level of the change set: laptop 1 renames c1 at ms 1, laptop 0 deletes it at
    ms 2 without having seen the rename (stamped BEFORE the delete, so no stamp rule can find it);
    the delete's view makes it a conflict, in any arrival order. Had laptop 0 seen it: no conflict."""
    create, rename = ("edit", 0, "c1", 0, 0, 0), ("edit", 1, "c1", 1, 0, 1)
    delete = ("edit", 0, "c1", 0, 0, 2)  # field "deleted", value true
    unseen = simulate([create, ("sync", 1, 0), rename, delete])
    edit = next(c for c in unseen if c.field == "name" and c.value == '"a"')
    gone = next(c for c in unseen if c.field == "deleted")
    assert edit.order < gone.order  # the edit is stamped before the delete
    _state, found = outcome(real_merge, [unseen])
    assert {(c.kind, c.field, c.lost_value, c.cid) for c in found} == {("deleted", "name", "a", edit.cid)}
    _state, again = outcome(real_merge, [list(reversed(unseen))])
    assert again == found
    seen = simulate([create, ("sync", 1, 0), rename, ("sync", 0, 1), delete])
    assert outcome(real_merge, [seen])[1] == set()


def test_changes_that_arrive_before_what_they_need_wait_and_then_apply():
    """Out-of-order files (a later laptop's edit before the creation it builds on) never crash an
    import: the record waits, check stays clean, and everything lands when the rest arrives."""
    from app.services.admin.check import run_check

    a, b = ORIGINS[:2]
    c1 = [make_change(a, s, "council", "c1", f, v, BASE_MS, s) for s, (f, v) in
          enumerate(RECORDS["c1"][1].items(), start=1)]
    c2 = [make_change(b, s, "council", "c2", f, v, BASE_MS + 5, s) for s, (f, v) in
          enumerate(RECORDS["c2"][1].items(), start=1)]
    s1 = [make_change(a, s, "staff", "s1", f, v, BASE_MS + 1, s) for s, (f, v) in
          enumerate(RECORDS["s1"][1].items(), start=4)]
    rename_c2 = make_change(a, 9, "council", "c2", "name", '"renamed"', BASE_MS + 9, 0)  # before c2 exists here
    move = make_change(b, 9, "staff", "s1", "council_id", '"c2"', BASE_MS + 9, 1)  # to a council not here yet
    root = fast_tmp("fd-waiting-")
    store = new_store(root / "data")
    try:
        for batch in ([rename_c2], c1 + s1, [move]):
            with store.uncaptured() as session:
                real_merge(session.connection(), batch)
            assert run_check(store).ok, run_check(store).problems
        state = state_of(store)
        assert ("council", "c2") not in state  # only its new name is known: it waits, half a record is never made
        assert state[("staff", "s1")]["council_id"] == '"c1"'  # the move waits for c2
        with store.uncaptured() as session:
            real_merge(session.connection(), c2)
        state = state_of(store)
        assert state[("council", "c2")]["name"] == '"renamed"' and state[("staff", "s1")]["council_id"] == '"c2"'
        assert run_check(store).ok
        assert state == oracle([*c1, *c2, *s1, rename_c2, move])
    finally:
        store.close()
        shutil.rmtree(root, ignore_errors=True)
