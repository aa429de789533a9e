"""What the route maps draw, gathered from the store: a route's stops (the editor, the route
sheet) or a walk's (field mode), as ``app.domain.route_map.MapStop`` in walking order.

A walk copies its route's stops without their coordinates (``walk_stop`` has no lat/lon), so a
walk's map takes them from the route's stop of the same name (and address, when two share a
name). A stop renamed on the route since the walk was made is listed as not on the map rather
than put where another stop is. Adding lat/lon to ``walk_stop`` would need a migration and a
sync schema change; docs/dev/route_map.md says why this was not done here.
"""

from __future__ import annotations

from sqlalchemy import select

from app.domain.route_map import MapStop, map_stop, map_stops
from app.storage.models.townwalk import RouteStop, Walk, WalkStop
from app.storage.store import Store


def route_map_stops(store: Store, route_id: str) -> list[MapStop]:
    from app.services.townwalk.routes import route_stops

    return map_stops(route_stops(store, route_id))


def walk_map_stops(store: Store, walk_id: str) -> list[MapStop]:
    """The walk's stops in its own order, with the coordinates of the matching route stop."""
    with store.read() as session:
        route_id = session.scalar(select(Walk.route_id).where(Walk.id == walk_id))
        walk = session.execute(select(WalkStop.position, WalkStop.name, WalkStop.address)
                               .where(WalkStop.walk_id == walk_id, WalkStop.deleted.is_(False))
                               .order_by(WalkStop.position)).all()
        route = session.execute(select(RouteStop.name, RouteStop.address, RouteStop.lat, RouteStop.lon)
                                .where(RouteStop.route_id == route_id, RouteStop.deleted.is_(False))).all()
    by_both = {(r.name, r.address): r for r in route}
    by_name: dict[str, list] = {}
    for r in route:
        by_name.setdefault(r.name, []).append(r)
    out = []
    for s in walk:
        found = by_both.get((s.name, s.address))
        if found is None and len(by_name.get(s.name, ())) == 1:
            found = by_name[s.name][0]
        out.append(map_stop(s.position, s.name, found.lat, found.lon) if found else MapStop(s.position, s.name,
                                                                                            None, None))
    return out


def field_marks(sheet, page: int) -> dict[int, str]:
    """Stop position → 'current' (the page shown) or 'done' (every item has a result; a stop
    without items once it has an arrival stamp). Duck-typed ``FieldSheet``."""
    marks = {}
    for n, p in enumerate(sheet.pages):
        if p.kind != "stop":
            continue
        if n == page:
            marks[p.position] = "current"
        elif (p.items and all(i.result for i in p.items)) or (not p.items and p.arrived_at):
            marks[p.position] = "done"
    return marks
