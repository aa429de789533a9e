"""Walks and the people on them: the walk's sheet (its own copy of the route's stops and the
template's items, so later edits never change it), participants by staff number, reading or
department (the attendance tab's quick entry), facilitators who are staff or outside guides."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.fiscal import fiscal_year_of, fiscal_year_range
from app.domain.kana import reading_key, search_key
from app.domain.parsing import tidy_time, time_range_problems
from app.errors import Invalid
from app.i18n import _
from app.services.staff.numbers import find_staff_by_number
from app.services.townwalk.templates import PHASES
from app.storage.models import Staff, natural_id, new_id
from app.storage.models.townwalk import (
    Route,
    RouteStop,
    TemplateItem,
    Walk,
    WalkItem,
    WalkPerson,
    WalkStop,
)
from app.storage.queries import code_in_use
from app.storage.store import Store

PARTICIPANT = "participant"
FACILITATOR = "facilitator"


@dataclass(frozen=True)
class WalkRow:
    id: str
    route_id: str
    route_code: str
    route_name: str
    district: str
    date: date
    label: str
    template_id: str | None
    weather: str
    start: str
    end: str
    notes: str
    participants: int
    checked: int  # items with a result
    items: int


@dataclass
class WalkInput:
    route_id: str
    date: date | None
    label: str = ""
    template_id: str | None = None
    weather: str = ""
    start: str = ""
    end: str = ""
    notes: str = ""
    id: str | None = None


@dataclass(frozen=True)
class PersonRow:
    id: str
    role: str
    staff_id: str | None
    staff_no: str
    name: str  # the staff member's name, or the guide's
    kana: str
    department: str  # or the guide's organisation

    @property
    def search(self) -> str:
        return search_key(f"{self.staff_no} {self.name} {self.kana}")


@dataclass(frozen=True)
class QuickAdd:
    person: PersonRow | None  # None: nobody has this number
    already: bool


def list_walks(store: Store, fiscal_year: int | None = None, *, walk_id: str | None = None) -> list[WalkRow]:
    with store.read() as session:
        query = select(Walk, Route.code, Route.name, Route.district).join(Route, Walk.route_id == Route.id) \
            .where(Walk.deleted.is_(False))
        if walk_id is not None:
            query = query.where(Walk.id == walk_id)
        if fiscal_year is not None:
            first, last = fiscal_year_range(fiscal_year)
            query = query.where(Walk.date >= first, Walk.date <= last)
        rows = session.execute(query.order_by(Walk.date.desc(), Walk.start, Route.code)).all()
        ids = [w.id for w, *_r in rows]
        people = dict(session.execute(select(WalkPerson.walk_id, func.count()).where(
            WalkPerson.walk_id.in_(ids), WalkPerson.role == PARTICIPANT, WalkPerson.deleted.is_(False))
            .group_by(WalkPerson.walk_id)).all())
        items = {w: (n, done) for w, n, done in session.execute(
            select(WalkItem.walk_id, func.count(), func.count(WalkItem.result)).where(
                WalkItem.walk_id.in_(ids), WalkItem.deleted.is_(False)).group_by(WalkItem.walk_id))}
        return [WalkRow(w.id, w.route_id, code, name, district, w.date, w.label, w.template_id, w.weather, w.start,
                        w.end, w.notes, people.get(w.id, 0), items.get(w.id, (0, 0))[1], items.get(w.id, (0, 0))[0])
                for w, code, name, district in rows]


def walk_row(store: Store, walk_id: str) -> WalkRow:
    rows = list_walks(store, None, walk_id=walk_id)
    if not rows:
        raise KeyError(walk_id)
    return rows[0]


def walk_years(store: Store) -> list[int]:
    with store.read() as session:
        days = session.scalars(select(Walk.date).where(Walk.deleted.is_(False)).distinct()).all()
    return sorted({fiscal_year_of(d) for d in days}, reverse=True)


def check_walk(item: WalkInput) -> dict[str, str]:
    """The rules that need no store: the walk dialog shows them before saving, the save applies them again."""
    problems: dict[str, str] = {}
    if not item.route_id:
        problems["route_id"] = _("required")
    if item.date is None:
        problems["date"] = _("required")
    problems.update(time_range_problems(item.start, item.end))
    return problems


def save_walk(store: Store, item: WalkInput) -> str:
    """Create or edit a walk. A new walk copies its sheet; a walk with nothing recorded yet is
    re-copied when its route or template changes (one with results keeps what it was checked on)."""
    problems = check_walk(item)
    start, end = tidy_time(item.start), tidy_time(item.end)
    if not problems and code_in_use(store, Walk.label, item.label.strip(), Walk.route_id == item.route_id,
                                    Walk.date == item.date, exclude_id=item.id):
        problems["label"] = _("this route already has a walk on this date; give this one a label (e.g. 午後)")
    if problems:
        raise Invalid(problems)
    values = {"route_id": item.route_id, "date": item.date, "label": item.label.strip(),
              "template_id": item.template_id or None, "weather": item.weather.strip(), "start": start, "end": end,
              "notes": item.notes}
    with store.session() as session:
        walk = session.get(Walk, item.id) if item.id else None
        if walk is None:
            walk = create_walk(session, values)
        else:
            resheet = (walk.route_id, walk.template_id) != (values["route_id"], values["template_id"])
            for name, value in values.items():
                if getattr(walk, name) != value:
                    setattr(walk, name, value)
            if resheet and not _recorded(session, walk.id):
                session.flush()
                _drop_sheet(session, walk.id)
                copy_sheet(session, walk)
        return walk.id


def create_walk(session: Session, values: dict, walk_id: str | None = None) -> Walk:
    """A new walk with its sheet copied, in the caller's transaction (also used by the import)."""
    if walk_id is None:
        code = session.scalar(select(Route.code).where(Route.id == values["route_id"])) or ""
        walk_id = natural_id("walk", code, values["date"].isoformat(), values.get("label", ""))
        if session.get(Walk, walk_id) is not None:
            walk_id = new_id()
    walk = Walk(id=walk_id, **values)
    session.add(walk)
    session.flush()
    copy_sheet(session, walk)
    return walk


def copy_sheet(session: Session, walk: Walk) -> None:
    """The route's live stops and the template's items, copied into the walk."""
    stops = session.scalars(select(RouteStop).where(RouteStop.route_id == walk.route_id,
                                                    RouteStop.deleted.is_(False)).order_by(RouteStop.position)).all()
    items = []
    if walk.template_id:
        items = session.scalars(select(TemplateItem).where(TemplateItem.template_id == walk.template_id,
                                                           TemplateItem.deleted.is_(False))
                                .order_by(TemplateItem.position)).all()
    by_phase = {p: [i for i in items if i.phase == p] for p in PHASES}

    def add_items(phase: str, stop_id: str | None) -> None:
        for n, t in enumerate(by_phase[phase], 1):
            session.add(WalkItem(id=new_id(), walk_id=walk.id, stop_id=stop_id, phase=phase, position=n,
                                 text=t.text, category=t.category, required=t.required, result=None, note="",
                                 checked_at=""))

    copies = [WalkStop(id=new_id(), walk_id=walk.id, position=n, name=s.name, address=s.address,
                       point_out=s.point_out, route_notes=s.notes, arrived_at="", field_notes="")
              for n, s in enumerate(stops, 1)]
    session.add_all(copies)
    session.flush()  # stops before the items that point at them (no ORM relationships to order them)
    add_items("start", None)
    for stop in copies:
        add_items("stop", stop.id)
    add_items("end", None)


def _recorded(session: Session, walk_id: str) -> bool:
    done = session.scalar(select(func.count()).select_from(WalkItem).where(
        WalkItem.walk_id == walk_id, WalkItem.deleted.is_(False), WalkItem.result.is_not(None))) or 0
    arrived = session.scalar(select(func.count()).select_from(WalkStop).where(
        WalkStop.walk_id == walk_id, WalkStop.deleted.is_(False), WalkStop.arrived_at != "")) or 0
    return bool(done or arrived)


def _drop_sheet(session: Session, walk_id: str) -> None:
    for model in (WalkItem, WalkStop):
        for record in session.scalars(select(model).where(model.walk_id == walk_id, model.deleted.is_(False))):
            record.deleted = True
    session.flush()


def load_walk(store: Store, walk_id: str) -> WalkInput:
    with store.read() as session:
        w = session.get(Walk, walk_id)
        return WalkInput(w.route_id, w.date, w.label, w.template_id, w.weather, w.start, w.end, w.notes, id=w.id)


def delete_walk(store: Store, walk_id: str, deleted: bool = True) -> None:
    """Soft delete (``deleted=False`` undoes it); the sheet and the people stay, hidden with it."""
    with store.session() as session:
        session.get(Walk, walk_id).deleted = deleted


# -- people --------------------------------------------------------------------------------------


def walk_people(store: Store, walk_id: str) -> list[PersonRow]:
    with store.read() as session:
        rows = session.execute(select(WalkPerson, Staff).outerjoin(Staff, WalkPerson.staff_id == Staff.id)
                               .where(WalkPerson.walk_id == walk_id, WalkPerson.deleted.is_(False))).all()
        out = [_person(p, s) for p, s in rows]
    out.sort(key=lambda p: (p.role != FACILITATOR, reading_key(p.kana), p.staff_no, p.name))
    return out


def _person(p: WalkPerson, s: Staff | None) -> PersonRow:
    if s is None:
        return PersonRow(p.id, p.role, None, "", p.guide_name, "", p.organisation)
    return PersonRow(p.id, p.role, s.id, s.staff_no, s.name, s.kana, s.department)


def add_person(store: Store, walk_id: str, staff_id: str, role: str = PARTICIPANT) -> QuickAdd:
    with store.session() as session:
        return _add(session, walk_id, session.get(Staff, staff_id), role)


def _add(session: Session, walk_id: str, staff: Staff, role: str) -> QuickAdd:
    person = session.scalars(select(WalkPerson).where(WalkPerson.walk_id == walk_id, WalkPerson.role == role,
                                                      WalkPerson.staff_id == staff.id)).first()
    if person is not None and not person.deleted:
        return QuickAdd(_person(person, staff), True)
    if person is None:
        person = WalkPerson(id=natural_id("walk_person", walk_id, role, staff.id), walk_id=walk_id, role=role,
                            staff_id=staff.id, guide_name="", organisation="")
        if session.get(WalkPerson, person.id) is not None:
            person.id = new_id()
        session.add(person)
    else:
        person.deleted = False
    session.flush()
    return QuickAdd(_person(person, staff), False)


def quick_add(store: Store, walk_id: str, typed: str) -> QuickAdd:
    """A staff number typed or scanned adds a participant at once; a repeat is reported."""
    with store.session() as session:
        staff = find_staff_by_number(session, typed, store.staff_no_width)
        if staff is None:
            return QuickAdd(None, False)
        return _add(session, walk_id, staff, PARTICIPANT)


def departments(store: Store) -> list[str]:
    with store.read() as session:
        rows = session.scalars(select(Staff.department).where(Staff.deleted.is_(False), Staff.active.is_(True),
                                                              Staff.department != "").distinct()).all()
    return sorted(rows)


def add_department(store: Store, walk_id: str, department: str) -> int:
    """Every active member of a department joins the walk (how a section is sent); returns how many were new."""
    added = 0
    with store.session() as session:
        for staff in session.scalars(select(Staff).where(Staff.department == department, Staff.active.is_(True),
                                                         Staff.deleted.is_(False))):
            added += not _add(session, walk_id, staff, PARTICIPANT).already
    return added


def add_guide(store: Store, walk_id: str, name: str, organisation: str = "") -> str:
    """An outside guide (町会, 商店街, volunteer) facilitating the walk, known by name only."""
    if not name.strip():
        raise Invalid({"guide_name": _("required")})
    with store.session() as session:
        person = WalkPerson(id=new_id(), walk_id=walk_id, role=FACILITATOR, staff_id=None,
                            guide_name=name.strip(), organisation=organisation.strip())
        session.add(person)
        return person.id


def remove_person(store: Store, person_id: str, removed: bool = True) -> None:
    with store.session() as session:
        session.get(WalkPerson, person_id).deleted = removed
