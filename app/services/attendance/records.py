"""Editing councils, meetings and staff one at a time (the tab's dialogs), with validation that
names the field, and soft deletes that can be undone.

Validation returns ``{field: reason}`` so a dialog can show each reason next to its field; saving
re-validates, so a dialog can never write what the import would refuse. The ``check_*`` functions
are the rules that need no store: the dialogs run them before saving and keep no copy of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from app.domain.enums import District, MeetingKind
from app.domain.kana import is_reading
from app.domain.parsing import tidy_time, time_range_problems
from app.domain.staff_no import DEFAULT_WIDTH, parse_staff_no
from app.errors import Invalid
from app.i18n import _
from app.services.staff.numbers import find_staff_by_number
from app.storage.models import SYNCED_MODELS, Attendance, Council, Meeting, Staff, natural_id, new_id
from app.storage.queries import code_in_use
from app.storage.store import Store


@dataclass
class CouncilInput:
    code: str
    name: str
    district: str
    school_district: str = ""
    id: str | None = None


@dataclass
class MeetingInput:
    council_id: str
    date: date | None
    kind: str
    title: str
    place: str = ""
    start: str = ""  # "HH:MM" or ""
    end: str = ""
    residents: int = 0
    notes: str = ""
    id: str | None = None


@dataclass
class StaffInput:
    staff_no: str
    name: str
    kana: str
    department: str = ""
    housing: str = ""
    council_id: str | None = None
    active: bool = True
    id: str | None = None


def _required(values: dict[str, str], problems: dict[str, str]) -> None:
    for name, value in values.items():
        if not str(value or "").strip():
            problems[name] = _("required")


def check_council(item: CouncilInput) -> dict[str, str]:
    """The rules that need no store: the dialog shows them before saving, the save applies them again."""
    problems: dict[str, str] = {}
    _required({"code": item.code, "name": item.name}, problems)
    if item.district not in {d.value for d in District}:
        problems["district"] = _("choose one of the five districts")
    return problems


def validate_council(store: Store, item: CouncilInput) -> dict[str, str]:
    problems = check_council(item)
    if item.code.strip() and code_in_use(store, Council.code, item.code.strip(), exclude_id=item.id):
        problems["code"] = _("another council already has this code")
    return problems


def check_meeting(item: MeetingInput) -> dict[str, str]:
    """The rules that need no store (times are optional, ``19:00`` or ``19時``; the dialog tidies them)."""
    problems: dict[str, str] = {}
    _required({"council_id": item.council_id, "title": item.title}, problems)
    if item.date is None:
        problems["date"] = _("required")
    if item.kind not in {k.value for k in MeetingKind}:
        problems["kind"] = _("choose meeting, drill or event")
    problems.update(time_range_problems(item.start, item.end))
    if item.residents < 0:
        problems["residents"] = _("must be 0 or more")
    return problems


def validate_meeting(store: Store, item: MeetingInput) -> dict[str, str]:
    problems = check_meeting(item)
    if item.date is not None and item.title.strip() and code_in_use(
            store, Meeting.title, item.title.strip(), Meeting.council_id == item.council_id, Meeting.date == item.date,
            exclude_id=item.id):
        problems["title"] = _("this council already has a meeting with this title on this date")
    return problems


def check_staff(item: StaffInput, width: int = DEFAULT_WIDTH) -> dict[str, str]:
    """The rules that need no store (``width``: the ward's staff-number width, from the store)."""
    problems: dict[str, str] = {}
    _required({"staff_no": item.staff_no, "name": item.name, "kana": item.kana}, problems)
    if item.kana.strip() and not is_reading(item.kana):
        problems["kana"] = _("the reading must be written in hiragana or katakana")
    if item.housing.strip() and not item.council_id:
        problems["council_id"] = _("a housing resident needs an assigned council")
    if item.staff_no.strip():
        try:
            parse_staff_no(item.staff_no, width)
        except ValueError as exc:
            problems["staff_no"] = str(exc)
    return problems


def validate_staff(store: Store, item: StaffInput) -> dict[str, str]:
    problems = check_staff(item, store.staff_no_width)
    number = "" if "staff_no" in problems else parse_staff_no(item.staff_no, store.staff_no_width)
    if number:
        with store.read() as session:
            same = find_staff_by_number(session, number, store.staff_no_width)
        if same is not None and same.id != item.id:
            problems["staff_no"] = _("another staff member already has this number")
    return problems


def _save(store: Store, model, item, values: dict, key: tuple[str, ...], problems: dict[str, str]) -> str:
    if problems:
        raise Invalid(problems)
    with store.session() as session:
        record = session.get(model, item.id) if item.id else None
        if record is None:
            wanted = natural_id(model.__tablename__, *key)
            record_id = new_id() if session.get(model, wanted) is not None else wanted
            record = model(id=record_id, **values)
            session.add(record)
        else:
            for name, value in values.items():
                if getattr(record, name) != value:
                    setattr(record, name, value)
        return record.id


def save_council(store: Store, item: CouncilInput) -> str:
    values = {"code": item.code.strip(), "name": item.name.strip(), "district": item.district,
              "school_district": item.school_district.strip()}
    return _save(store, Council, item, values, (values["code"],), validate_council(store, item))


def save_meeting(store: Store, item: MeetingInput) -> str:
    problems = validate_meeting(store, item)
    values = {"council_id": item.council_id, "date": item.date, "kind": item.kind, "title": item.title.strip(),
              "place": item.place.strip(), "start": tidy_time(item.start), "end": tidy_time(item.end), "residents": item.residents,
              "notes": item.notes}
    code = ""
    if not problems:
        with store.read() as session:
            code = session.scalar(select(Council.code).where(Council.id == item.council_id)) or ""
    key = (code, item.date.isoformat() if item.date else "", values["title"])
    return _save(store, Meeting, item, values, key, problems)


def save_staff(store: Store, item: StaffInput) -> str:
    """The number is stored in its canonical form (NFKC digits, padded to the ward's width)."""
    problems = validate_staff(store, item)
    number = item.staff_no.strip() if problems else parse_staff_no(item.staff_no, store.staff_no_width)
    values = {"staff_no": number, "name": item.name.strip(), "kana": item.kana.strip(),
              "department": item.department.strip(), "housing": item.housing.strip(),
              "council_id": item.council_id or None, "active": item.active}
    return _save(store, Staff, item, values, (values["staff_no"],), problems)


@dataclass(frozen=True)
class DeletePlan:
    """What a delete would hide, so the UI can ask first when attendance is involved."""

    table: str
    id: str
    marks: int = 0
    meetings: int = 0
    ids: tuple[tuple[str, str], ...] = field(default=())  # (table, id) of everything deleted together


def plan_delete(store: Store, table: str, record_id: str) -> DeletePlan:
    with store.read() as session:
        if table == "meeting":
            marks = session.scalar(select(func.count()).select_from(Attendance).where(
                Attendance.meeting_id == record_id, Attendance.deleted.is_(False))) or 0
            return DeletePlan(table, record_id, marks=marks)
        if table == "staff":
            marks = session.scalar(select(func.count()).select_from(Attendance).where(
                Attendance.staff_id == record_id, Attendance.deleted.is_(False))) or 0
            return DeletePlan(table, record_id, marks=marks)
        if table == "council":
            meeting_ids = session.scalars(select(Meeting.id).where(
                Meeting.council_id == record_id, Meeting.deleted.is_(False))).all()
            marks = session.scalar(select(func.count()).select_from(Attendance).where(
                Attendance.meeting_id.in_(meeting_ids), Attendance.deleted.is_(False))) or 0
            return DeletePlan(table, record_id, marks=marks, meetings=len(meeting_ids),
                              ids=tuple(("meeting", m) for m in meeting_ids))
    raise ValueError(table)


def delete(store: Store, plan: DeletePlan) -> DeletePlan:
    """Soft-delete the record (and a council's meetings); marks stay, hidden with their meeting.
    Returns the plan of what was deleted, which ``undelete`` takes to undo it exactly."""
    done: list[tuple[str, str]] = []
    with store.session() as session:
        for table, record_id in ((plan.table, plan.id), *plan.ids):
            record = session.get(SYNCED_MODELS[table], record_id)
            if record is not None and not record.deleted:
                record.deleted = True
                done.append((table, record_id))
    return DeletePlan(plan.table, plan.id, plan.marks, plan.meetings, tuple(done))


def undelete(store: Store, done: DeletePlan) -> None:
    with store.session() as session:
        for table, record_id in done.ids:
            record = session.get(SYNCED_MODELS[table], record_id)
            if record is not None and record.deleted:
                record.deleted = False


def load_council(store: Store, record_id: str) -> CouncilInput:
    with store.read() as session:
        c = session.get(Council, record_id)
        return CouncilInput(c.code, c.name, c.district, c.school_district, id=c.id)


def load_meeting(store: Store, record_id: str) -> MeetingInput:
    with store.read() as session:
        m = session.get(Meeting, record_id)
        return MeetingInput(m.council_id, m.date, m.kind, m.title, m.place, m.start, m.end, m.residents, m.notes,
                            id=m.id)


def load_staff(store: Store, record_id: str) -> StaffInput:
    with store.read() as session:
        s = session.get(Staff, record_id)
        return StaffInput(s.staff_no, s.name, s.kana, s.department, s.housing, s.council_id, s.active, id=s.id)
