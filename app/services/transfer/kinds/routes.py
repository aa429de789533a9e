"""routes — one row per stop, key ``(route_code, stop_order)`` (docs/formats/townwalk.md).

A route is named on every row of its stops; the route records are created or renamed only when
the whole file has passed (in ``existing``, which runs at apply time), so a refused file writes
nothing. Stops of a route that the file does not mention are left as they are.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.enums import parse_district
from app.domain.parsing import parse_int
from app.i18n import _
from app.services.townwalk.routes import check_coordinate
from app.services.transfer.tables import Key, RowReader, TableKind
from app.storage.models import natural_id
from app.storage.models.townwalk import Route, RouteStop
from app.tabular.columns import Column

COLUMNS = (
    Column("route_code", "ルートコード", required=True),
    Column("route_name", "ルート名", required=True),
    Column("district", "地区", required=True),
    Column("stop_order", "順番", aliases=("地点番号",), required=True),
    Column("stop_name", "地点名", required=True),
    Column("address", "住所・目印", aliases=("住所",)),
    Column("lat", "緯度"),
    Column("lon", "経度"),
    Column("note", "道順メモ", aliases=("メモ",)),
)


def _context(session: Session) -> dict[str, Any]:
    routes: dict[str, str] = {}
    for code, rid, _deleted in session.execute(select(Route.code, Route.id, Route.deleted).order_by(Route.deleted.desc())):
        routes[code] = rid  # a live route wins over a deleted one with the same code
    return {"routes": routes, "wanted": {}}


def _parse(reader: RowReader, ctx: dict[str, Any]) -> tuple[Key, dict[str, Any]]:
    code = reader.text("route_code")
    district = reader.parse("district", parse_district)
    order = reader.parse("stop_order", lambda t: parse_int(t, minimum=1))
    for name, limit in (("lat", 90.0), ("lon", 180.0)):
        reason = check_coordinate(reader.text(name), limit)
        if reason:
            reader.problem(name, reason)
    route = (reader.text("route_name"), str(district) if district else "")
    if code:
        seen = ctx["wanted"].setdefault(code, (*route, reader.row.line))
        if seen[:2] != route and district:
            reader.problem("route_name", _("route {code} is named differently on line {line}").format(
                code=code, line=seen[2]))
    route_id = ctx["routes"].get(code) or natural_id("route", code)
    fields = {"route_id": route_id, "position": order, "name": reader.text("stop_name"),
              "address": reader.text("address"), "lat": reader.text("lat"), "lon": reader.text("lon"),
              "notes": reader.text("note")}
    return (code, str(order or "")), fields


def _existing(session: Session, ctx: dict[str, Any]) -> dict[Key, dict[str, Any]]:
    """Create or update the routes the file names (the file is valid by now), then the stops."""
    for code, (name, district, _line) in ctx["wanted"].items():
        rid = ctx["routes"].get(code) or natural_id("route", code)
        route = session.get(Route, rid)
        if route is None:
            session.add(Route(id=rid, code=code, name=name, district=district, retired=False))
        else:
            for field, value in (("name", name), ("district", district), ("deleted", False)):
                if getattr(route, field) != value:
                    setattr(route, field, value)
    session.flush()
    codes = {rid: code for code, rid in ctx["routes"].items()}
    codes.update({natural_id("route", c): c for c in ctx["wanted"] if c not in ctx["routes"]})
    out: dict[Key, dict[str, Any]] = {}
    for r in session.execute(select(RouteStop.id, RouteStop.deleted, RouteStop.route_id, RouteStop.position,
                                    RouteStop.name, RouteStop.address, RouteStop.lat, RouteStop.lon,
                                    RouteStop.notes).where(RouteStop.route_id.in_(list(codes)))).mappings():
        key = (codes[r["route_id"]], str(r["position"]))
        if key not in out or out[key]["deleted"]:
            out[key] = dict(r)
    return out


def _export(session: Session, lang: str) -> list[list[str]]:
    rows = session.execute(
        select(Route, RouteStop).join(RouteStop, RouteStop.route_id == Route.id)
        .where(Route.deleted.is_(False), RouteStop.deleted.is_(False)).order_by(Route.code, RouteStop.position))
    return [[r.code, r.name, r.district, str(s.position), s.name, s.address, s.lat, s.lon, s.notes] for r, s in rows]


KIND = TableKind(
    name="routes",
    model=RouteStop,
    columns=COLUMNS,
    key_columns=("route_code", "stop_order"),
    context=_context,
    parse=_parse,
    existing=_existing,
    new_id=lambda key, fields: natural_id("route_stop", *key),
    export=_export,
)


def route_ids(session: Session) -> dict[str, str]:
    return dict(session.execute(select(Route.code, Route.id).where(Route.deleted.is_(False))).all())
