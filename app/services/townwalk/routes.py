"""Town walks (まちあるき研修) at the desk: routes and their ordered stops.

Checklist templates are in ``templates``; walks and the people on them in ``walks``; the field mode in ``field``;
coverage in ``coverage``. Validation returns ``{field: reason}`` like ``attendance.records`` so the tab's
dialogs show each reason beside its field; saving re-validates inside the service.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.domain.enums import District
from app.errors import Invalid
from app.i18n import _
from app.storage.models import natural_id, new_id
from app.storage.models.townwalk import Route, RouteStop, Walk
from app.storage.queries import (
    assign_changed,
    close_gap,
    code_in_use,
    next_position,
    swap_with_neighbour,
)
from app.storage.store import Store


@dataclass(frozen=True)
class RouteRow:
    id: str
    code: str
    name: str
    district: str
    description: str
    minutes: int
    distance_m: int
    template_id: str | None
    retired: bool
    stops: int
    walks: int


@dataclass(frozen=True)
class StopRow:
    id: str
    route_id: str
    position: int
    name: str
    address: str
    lat: str
    lon: str
    point_out: str
    notes: str


@dataclass
class RouteInput:
    code: str
    name: str
    district: str
    description: str = ""
    minutes: int = 0
    distance_m: int = 0
    template_id: str | None = None
    id: str | None = None


@dataclass
class StopInput:
    route_id: str
    name: str
    address: str = ""
    lat: str = ""
    lon: str = ""
    point_out: str = ""
    notes: str = ""
    id: str | None = None


# -- routes ------------------------------------------------------------------------------------


def list_routes(store: Store, *, include_retired: bool = True) -> list[RouteRow]:
    with store.read() as session:
        stops = dict(session.execute(select(RouteStop.route_id, func.count()).where(RouteStop.deleted.is_(False))
                                     .group_by(RouteStop.route_id)).all())
        walks = dict(session.execute(select(Walk.route_id, func.count()).where(Walk.deleted.is_(False))
                                     .group_by(Walk.route_id)).all())
        query = select(Route).where(Route.deleted.is_(False))
        if not include_retired:
            query = query.where(Route.retired.is_(False))
        rows = session.scalars(query.order_by(Route.retired, Route.code)).all()
        return [RouteRow(r.id, r.code, r.name, r.district, r.description, r.minutes, r.distance_m, r.template_id,
                         r.retired, stops.get(r.id, 0), walks.get(r.id, 0)) for r in rows]


def route_stops(store: Store, route_id: str) -> list[StopRow]:
    with store.read() as session:
        return _stops(session, route_id)


def _stops(session, route_id: str) -> list[StopRow]:
    rows = session.scalars(select(RouteStop).where(RouteStop.route_id == route_id, RouteStop.deleted.is_(False))
                           .order_by(RouteStop.position)).all()
    return [StopRow(s.id, s.route_id, s.position, s.name, s.address, s.lat, s.lon, s.point_out, s.notes) for s in rows]


def check_coordinate(text: str, limit: float) -> str | None:
    """The reason a latitude/longitude is not one ('' is fine: coordinates are optional)."""
    if not text.strip():
        return None
    try:
        value = float(text)
    except ValueError:
        return _("write decimal degrees, e.g. 35.6586")
    if not -limit <= value <= limit:
        return _("must be between -{limit} and {limit}").format(limit=int(limit))
    return None


def check_route(item: RouteInput) -> dict[str, str]:
    """The rules that need no store: the route dialog shows them before saving, the save applies them again."""
    problems: dict[str, str] = {}
    for name in ("code", "name"):
        if not getattr(item, name).strip():
            problems[name] = _("required")
    if item.district not in {d.value for d in District}:
        problems["district"] = _("choose one of the five districts")
    if item.minutes < 0:
        problems["minutes"] = _("must be 0 or more")
    if item.distance_m < 0:
        problems["distance_m"] = _("must be 0 or more")
    return problems


def validate_route(store: Store, item: RouteInput) -> dict[str, str]:
    problems = check_route(item)
    if item.code.strip() and code_in_use(store, Route.code, item.code.strip(), exclude_id=item.id):
        problems["code"] = _("another route already has this code")
    return problems


def save_route(store: Store, item: RouteInput) -> str:
    problems = validate_route(store, item)
    if problems:
        raise Invalid(problems)
    values = {"code": item.code.strip(), "name": item.name.strip(), "district": item.district,
              "description": item.description, "minutes": item.minutes, "distance_m": item.distance_m,
              "template_id": item.template_id or None}
    with store.session() as session:
        route = session.get(Route, item.id) if item.id else None
        if route is None:
            wanted = natural_id("route", values["code"])
            route = Route(id=new_id() if session.get(Route, wanted) else wanted, retired=False, **values)
            session.add(route)
        else:
            assign_changed(route, values)
        return route.id


def validate_stop(item: StopInput) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not item.name.strip():
        problems["name"] = _("required")
    for name, limit in (("lat", 90.0), ("lon", 180.0)):
        reason = check_coordinate(getattr(item, name), limit)
        if reason:
            problems[name] = reason
    return problems


def save_stop(store: Store, item: StopInput) -> str:
    """Edit a stop, or add one at the end of its route."""
    problems = validate_stop(item)
    if problems:
        raise Invalid(problems)
    values = {"name": item.name.strip(), "address": item.address.strip(), "lat": item.lat.strip(),
              "lon": item.lon.strip(), "point_out": item.point_out, "notes": item.notes}
    with store.session() as session:
        stop = session.get(RouteStop, item.id) if item.id else None
        if stop is None:
            position = next_position(session, RouteStop.position, RouteStop.route_id == item.route_id)
            stop = RouteStop(id=new_id(), route_id=item.route_id, position=position, **values)
            session.add(stop)
        else:
            assign_changed(stop, values)
        return stop.id


def move_stop(store: Store, stop_id: str, delta: int) -> None:
    """Swap a stop with its neighbour (delta -1 up, +1 down); nothing at either end."""
    with store.session() as session:
        stop = session.get(RouteStop, stop_id)
        swap_with_neighbour(session, stop, RouteStop.position, delta, RouteStop.route_id == stop.route_id)


def delete_stop(store: Store, stop_id: str) -> None:
    """Hide the stop and close the gap (past walks keep their own copy)."""
    with store.session() as session:
        stop = session.get(RouteStop, stop_id)
        stop.deleted = True
        close_gap(session, RouteStop.position, RouteStop.route_id == stop.route_id)


def duplicate_route(store: Store, route_id: str) -> str:
    """A copy with its stops, under a free code (``SHIBA01-2`` …), to be edited into a variant."""
    with store.session() as session:
        source = session.get(Route, route_id)
        taken = set(session.scalars(select(Route.code).where(Route.deleted.is_(False))))
        n = 2
        while f"{source.code}-{n}" in taken:
            n += 1
        copy = Route(id=new_id(), code=f"{source.code}-{n}", name=_("{name} (copy)").format(name=source.name),
                     district=source.district, description=source.description, minutes=source.minutes,
                     distance_m=source.distance_m, template_id=source.template_id, retired=False)
        session.add(copy)
        for s in _stops(session, route_id):
            session.add(RouteStop(id=new_id(), route_id=copy.id, position=s.position, name=s.name, address=s.address,
                                  lat=s.lat, lon=s.lon, point_out=s.point_out, notes=s.notes))
        return copy.id


def retire_or_delete_route(store: Store, route_id: str) -> str:
    """A route that has walks is retired (kept for their reports); one without is deleted (soft).
    Returns 'retired' or 'deleted'."""
    with store.session() as session:
        route = session.get(Route, route_id)
        walks = session.scalar(select(func.count()).select_from(Walk).where(
            Walk.route_id == route_id, Walk.deleted.is_(False))) or 0
        if walks:
            route.retired = True
            return "retired"
        route.deleted = True
        return "deleted"


def restore_route(store: Store, route_id: str) -> None:
    """Undo a retirement or a delete."""
    with store.session() as session:
        route = session.get(Route, route_id)
        route.retired = False
        route.deleted = False


def load_route(store: Store, route_id: str) -> RouteInput:
    with store.read() as session:
        r = session.get(Route, route_id)
        return RouteInput(r.code, r.name, r.district, r.description, r.minutes, r.distance_m, r.template_id, id=r.id)
