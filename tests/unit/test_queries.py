"""The shared editing queries (app/storage/queries.py) on a real store: clashes, positions, moves."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.storage.models import Council, Meeting, new_id
from app.storage.models.townwalk import Route, RouteStop
from app.storage.queries import close_gap, code_in_use, code_taken, next_position, swap_with_neighbour


def _council(store, code: str, *, deleted: bool = False) -> str:
    with store.session() as session:
        council = Council(id=new_id(), code=code, name=f"協議会 {code}", district="芝", deleted=deleted)
        session.add(council)
        return council.id


def _route(store, code: str, stops: int) -> tuple[str, list[str]]:
    with store.session() as session:
        route = Route(id=new_id(), code=code, name=code, district="芝")
        session.add(route)
        ids = [new_id() for _ in range(stops)]
        for n, stop_id in enumerate(ids, 1):
            session.add(RouteStop(id=stop_id, route_id=route.id, position=n, name=f"stop {n}"))
        return route.id, ids


def _order(store, route_id: str) -> list[str]:
    with store.read() as session:
        return list(session.scalars(select(RouteStop.id).where(
            RouteStop.route_id == route_id, RouteStop.deleted.is_(False)).order_by(RouteStop.position)))


def test_a_code_is_taken_by_another_live_record_only(store):
    one = _council(store, "C1")
    _council(store, "C2", deleted=True)
    with store.read() as session:
        assert code_taken(session, Council.code, "C1")
        assert not code_taken(session, Council.code, "C1", exclude_id=one)  # its own code, while editing it
        assert not code_taken(session, Council.code, "C2")  # a deleted record frees its code
        assert not code_taken(session, Council.code, "C3")
    assert code_in_use(store, Council.code, "C1") and not code_in_use(store, Council.code, "C1", exclude_id=one)


def test_a_natural_key_clash_is_within_its_scope(store):
    council = _council(store, "C1")
    other = _council(store, "C2")
    day = date(2026, 5, 10)
    with store.session() as session:
        session.add(Meeting(id=new_id(), council_id=council, date=day, kind="meeting", title="定例会"))
    assert code_in_use(store, Meeting.title, "定例会", Meeting.council_id == council, Meeting.date == day)
    assert not code_in_use(store, Meeting.title, "定例会", Meeting.council_id == other, Meeting.date == day)
    assert not code_in_use(store, Meeting.title, "定例会", Meeting.council_id == council,
                           Meeting.date == date(2026, 5, 11))


def test_the_next_position_follows_the_last_live_sibling(store):
    route, stops = _route(store, "R1", 3)
    empty, _ = _route(store, "R2", 0)
    with store.session() as session:
        session.get(RouteStop, stops[2]).deleted = True
    with store.read() as session:
        assert next_position(session, RouteStop.position, RouteStop.route_id == route) == 3
        assert next_position(session, RouteStop.position, RouteStop.route_id == empty) == 1


def test_swapping_with_a_neighbour_and_nothing_past_either_end(store):
    route, (a, b, c) = _route(store, "R1", 3)
    _other, other_stops = _route(store, "R2", 2)
    where = (RouteStop.route_id == route,)
    for stop, delta, expected in ((b, -1, [b, a, c]), (b, -1, [b, a, c]), (b, 1, [a, b, c]), (c, 1, [a, b, c])):
        with store.session() as session:
            swap_with_neighbour(session, session.get(RouteStop, stop), RouteStop.position, delta, *where)
        assert _order(store, route) == expected
    with store.read() as session:
        positions = sorted(session.scalars(select(RouteStop.position).where(*where)))
    assert positions == [1, 2, 3]
    assert _order(store, _other) == other_stops  # the other route's stops are not its siblings


def test_a_move_logs_only_the_positions_that_changed(store):
    from app.storage.models import SyncChange

    route, (a, b, c) = _route(store, "R1", 3)
    with store.session() as session:
        swap_with_neighbour(session, session.get(RouteStop, c), RouteStop.position, -1, RouteStop.route_id == route)
    with store.read() as session:
        last_tx = session.scalars(select(SyncChange).order_by(SyncChange.seq.desc())).first().tx
        moved = set(session.scalars(select(SyncChange.row_id).where(SyncChange.tx == last_tx)))
    assert moved == {b, c}


def test_closing_the_gap_after_a_delete(store):
    route, (a, b, c) = _route(store, "R1", 3)
    with store.session() as session:
        session.get(RouteStop, a).deleted = True
        close_gap(session, RouteStop.position, RouteStop.route_id == route)
    assert _order(store, route) == [b, c]
    with store.read() as session:
        assert [session.get(RouteStop, s).position for s in (b, c)] == [1, 2]
