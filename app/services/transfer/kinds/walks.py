"""walks — one row per person on a walk, key ``(route_code, date, label, role, staff_no, guide_name)``.

The walk is named on every row of its people; walks are created (with their sheet copied from the
route and its template) or updated only once the whole file has passed (in ``existing``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.parsing import format_time, parse_date, parse_time
from app.domain.staff_no import staff_no_key
from app.i18n import _
from app.services.townwalk.walks import FACILITATOR, PARTICIPANT, create_walk
from app.services.transfer.kinds.routes import route_ids
from app.services.transfer.kinds.staff import staff_ids
from app.services.transfer.tables import Key, RowReader, TableKind, driver_connection
from app.storage.models import Staff, natural_id
from app.storage.models.townwalk import Route, Walk, WalkPerson
from app.tabular.columns import Column

COLUMNS = (
    Column("route_code", "ルートコード", required=True),
    Column("date", "実施日", required=True),
    Column("label", "区分"),
    Column("weather", "天候"),
    Column("start", "開始"),
    Column("end", "終了"),
    Column("role", "役割"),
    Column("staff_no", "職員番号"),
    Column("guide_name", "案内人"),
    Column("organisation", "団体"),
)
ROLES = {"participant": PARTICIPANT, "参加者": PARTICIPANT, "受講者": PARTICIPANT,
         "facilitator": FACILITATOR, "進行役": FACILITATOR, "案内人": FACILITATOR}
ROLE_JA = {PARTICIPANT: "参加者", FACILITATOR: "進行役"}


def parse_role(text: str) -> str:
    role = ROLES.get(text.strip().casefold())
    if role is None:
        raise ValueError(_("write participant or facilitator (参加者/進行役)"))
    return role


def walk_ids(session: Session) -> dict[Key, str]:
    rows = session.execute(select(Route.code, Walk.date, Walk.label, Walk.id).join(Route, Walk.route_id == Route.id)
                           .where(Walk.deleted.is_(False)))
    return {(code, day.isoformat(), label): wid for code, day, label, wid in rows}


def _context(session: Session) -> dict[str, Any]:
    routes = route_ids(session)
    templates = dict(session.execute(select(Route.id, Route.template_id)).all())
    return {"routes": routes, "templates": templates, "walks": walk_ids(session),
            "staff": staff_ids(driver_connection(session)), "wanted": {}}


def _parse(reader: RowReader, ctx: dict[str, Any]) -> tuple[Key, dict[str, Any]]:
    code = reader.text("route_code")
    if code and code not in ctx["routes"]:
        reader.problem("route_code", _("no route has this code; import the routes first"))
    day = reader.parse("date", parse_date)
    label = reader.text("label")
    start = reader.parse("start", parse_time)
    end = reader.parse("end", parse_time)
    if start and end and end < start:
        reader.problem("end", _("the end is before the start"))
    role = reader.parse("role", parse_role, PARTICIPANT)
    number, guide = reader.staff_no("staff_no", ctx), reader.text("guide_name")
    staff_no = staff_no_key(number) if number else ""  # matched by identity, as staff_ids keys them
    staff_id = ctx["staff"].get(staff_no) if staff_no else None
    if staff_no and staff_id is None:
        reader.problem("staff_no", _("no staff member has this number; import the staff first"))
    if reader.text("staff_no") and guide:
        reader.problem("guide_name", _("give a staff number or a guide's name, not both"))
    elif not reader.text("staff_no") and not guide:
        reader.problem("staff_no", _("give a staff number (or, for an outside guide, the guide's name)"))
    elif guide and role != FACILITATOR:
        reader.problem("role", _("an outside guide can only be a facilitator"))
    wkey = (code, day.isoformat() if day else "", label)
    walk = {"weather": reader.text("weather"), "start": format_time(start) if start else "",
            "end": format_time(end) if end else ""}
    walk_id = ctx["walks"].get(wkey) or natural_id("walk", *wkey)
    ctx["wanted"].setdefault(wkey, (walk_id, walk))
    fields = {"walk_id": walk_id, "role": role, "staff_id": staff_id, "guide_name": guide,
              "organisation": reader.text("organisation")}
    return (*wkey, role, staff_no, guide), fields


def _existing(session: Session, ctx: dict[str, Any]) -> dict[Key, dict[str, Any]]:
    for (code, day, label), (walk_id, values) in ctx["wanted"].items():
        walk = session.get(Walk, walk_id)
        if walk is None or walk.deleted:
            from datetime import date

            route_id = ctx["routes"][code]
            create_walk(session, {"route_id": route_id, "date": date.fromisoformat(day), "label": label,
                                  "template_id": ctx["templates"].get(route_id), "notes": "", **values},
                        walk_id if walk is None else None)
        else:
            for name, value in values.items():
                if value and getattr(walk, name) != value:
                    setattr(walk, name, value)
    session.flush()
    keys = {wid: key for key, (wid, _v) in ctx["wanted"].items()}
    staff_no = {sid: no for no, sid in ctx["staff"].items()}
    out: dict[Key, dict[str, Any]] = {}
    for r in session.execute(select(WalkPerson.id, WalkPerson.deleted, WalkPerson.walk_id, WalkPerson.role,
                                    WalkPerson.staff_id, WalkPerson.guide_name, WalkPerson.organisation)
                             .where(WalkPerson.walk_id.in_(list(keys)))).mappings():
        key = (*keys[r["walk_id"]], r["role"], staff_no.get(r["staff_id"], ""), r["guide_name"])
        out[key] = dict(r)
    return out


def _export(session: Session, lang: str) -> list[list[str]]:
    rows = session.execute(
        select(Route.code, Walk, WalkPerson, Staff.staff_no).join(Walk, Walk.route_id == Route.id)
        .join(WalkPerson, WalkPerson.walk_id == Walk.id).outerjoin(Staff, WalkPerson.staff_id == Staff.id)
        .where(Walk.deleted.is_(False), WalkPerson.deleted.is_(False))
        .order_by(Walk.date, Route.code, Walk.label, WalkPerson.role.desc(), Staff.staff_no, WalkPerson.guide_name))
    return [[code, w.date.isoformat(), w.label, w.weather, w.start, w.end,
             ROLE_JA[p.role] if lang == "ja" else p.role, no or "", p.guide_name, p.organisation]
            for code, w, p, no in rows]


def _new_id(key: Key, fields: dict[str, Any]) -> str:
    who = fields["staff_id"] or f"guide:{fields['guide_name']}"
    return natural_id("walk_person", fields["walk_id"], fields["role"], who)


KIND = TableKind(
    name="walks",
    model=WalkPerson,
    columns=COLUMNS,
    key_columns=("route_code", "date", "label", "role", "staff_no", "guide_name"),
    context=_context,
    parse=_parse,
    existing=_existing,
    new_id=_new_id,
    export=_export,
)
