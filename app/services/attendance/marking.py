"""Council attendance at the meeting: the roster, marking, quick entry and undo.

Every mark is its own transaction (saved as it is made, nothing to lose in a crash). Undo is
a new change that restores what was there, so it syncs like any other edit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import and_, or_, select

from app.domain.enums import District
from app.domain.fiscal import fiscal_year_range
from app.domain.kana import reading_key, search_key
from app.domain.staff_no import search_query
from app.services.staff.numbers import find_staff_by_number
from app.storage.models import Attendance, Council, Meeting, Staff, natural_id
from app.storage.store import Store

ATTENDED = ("present", "late")


@dataclass(frozen=True)
class CouncilRow:
    id: str
    code: str
    name: str
    district: str
    school_district: str


@dataclass(frozen=True)
class MeetingRow:
    id: str
    council_id: str
    date: date
    kind: str
    title: str
    place: str
    start: str
    end: str
    residents: int
    notes: str


@dataclass(frozen=True)
class RosterEntry:
    staff_id: str
    staff_no: str
    name: str
    kana: str
    department: str
    expected: bool  # a housing resident assigned to this council (not only added for the meeting)
    status: str | None
    note: str
    marked_at: str  # local ISO time of the last mark, '' when never marked
    search: str


@dataclass(frozen=True)
class Roster:
    meeting: MeetingRow
    entries: tuple[RosterEntry, ...]

    @property
    def present(self) -> int:
        return sum(1 for e in self.entries if e.status in ATTENDED)

    @property
    def expected(self) -> int:
        return len(self.entries)


@dataclass(frozen=True)
class MarkState:
    """What one person's row held before a mark: enough to undo it exactly."""

    meeting_id: str
    staff_id: str
    existed: bool
    deleted: bool
    status: str | None
    note: str
    marked_at: str


@dataclass(frozen=True)
class QuickResult:
    entry: RosterEntry | None
    already: bool  # a repeat: the person was already marked present or late
    before: MarkState | None  # None when nothing was written


def list_councils(store: Store) -> list[CouncilRow]:
    order = {d.value: i for i, d in enumerate(District)}
    with store.read() as session:
        rows = session.scalars(select(Council).where(Council.deleted.is_(False))).all()
    out = [CouncilRow(c.id, c.code, c.name, c.district, c.school_district) for c in rows]
    out.sort(key=lambda c: (order.get(c.district, 99), c.code))
    return out


def _meeting_row(m: Meeting) -> MeetingRow:
    return MeetingRow(m.id, m.council_id, m.date, m.kind, m.title, m.place, m.start, m.end, m.residents, m.notes)


def list_meetings(store: Store, council_id: str, fiscal_year: int) -> list[MeetingRow]:
    first, last = fiscal_year_range(fiscal_year)
    with store.read() as session:
        rows = session.scalars(
            select(Meeting).where(Meeting.council_id == council_id, Meeting.deleted.is_(False),
                                  Meeting.date >= first, Meeting.date <= last)
            .order_by(Meeting.date, Meeting.start, Meeting.title)
        ).all()
    return [_meeting_row(m) for m in rows]


def _entry(staff: Staff, expected: bool, mark: Attendance | None) -> RosterEntry:
    live = mark is not None and not mark.deleted
    return RosterEntry(
        staff.id, staff.staff_no, staff.name, staff.kana, staff.department, expected,
        mark.status if live else None, mark.note if live else "", mark.marked_at if live else "",
        search_key(f"{staff.staff_no} {staff.name} {staff.kana}"),
    )


def roster(store: Store, meeting_id: str) -> Roster:
    """Expected attendees (active housing residents assigned to the council) plus anyone added."""
    with store.read() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise KeyError(meeting_id)
        marks = {a.staff_id: a for a in session.scalars(
            select(Attendance).where(Attendance.meeting_id == meeting_id, Attendance.deleted.is_(False)))}
        residents = session.scalars(select(Staff).where(
            Staff.deleted.is_(False),
            or_(and_(Staff.council_id == meeting.council_id, Staff.housing != "", Staff.active.is_(True)),
                Staff.id.in_(list(marks))))).all()
        entries = [_entry(s, s.council_id == meeting.council_id and s.housing != "" and s.active, marks.get(s.id))
                   for s in residents]
        row = _meeting_row(meeting)
    entries.sort(key=lambda e: (not e.expected, reading_key(e.kana), e.staff_no))
    return Roster(row, tuple(entries))


def _state(session, meeting_id: str, staff_id: str) -> tuple[Attendance | None, MarkState]:
    mark = session.get(Attendance, natural_id("attendance", meeting_id, staff_id))
    if mark is None:
        mark = session.scalars(select(Attendance).where(
            Attendance.meeting_id == meeting_id, Attendance.staff_id == staff_id)).first()
    if mark is None:
        return None, MarkState(meeting_id, staff_id, False, True, None, "", "")
    return mark, MarkState(meeting_id, staff_id, True, mark.deleted, mark.status, mark.note, mark.marked_at)


def _write(session, meeting_id: str, staff_id: str, mark: Attendance | None, **fields) -> Attendance:
    if mark is None:
        mark = Attendance(id=natural_id("attendance", meeting_id, staff_id), meeting_id=meeting_id,
                          staff_id=staff_id, note="", marked_at="")
        session.add(mark)
    for name, value in {"deleted": False, **fields}.items():
        if getattr(mark, name) != value:
            setattr(mark, name, value)
    return mark


def _now_text(now: datetime | None) -> str:
    return (now or datetime.now()).replace(microsecond=0).isoformat(timespec="seconds")


def mark(store: Store, meeting_id: str, staff_id: str, status: str | None, *, now: datetime | None = None) -> MarkState:
    """Record one person's status (None clears it); returns what was there before, for undo."""
    with store.session() as session:
        current, before = _state(session, meeting_id, staff_id)
        _write(session, meeting_id, staff_id, current, status=status,
               marked_at=_now_text(now) if status else "")
    return before


def set_note(store: Store, meeting_id: str, staff_id: str, note: str) -> MarkState:
    with store.session() as session:
        current, before = _state(session, meeting_id, staff_id)
        _write(session, meeting_id, staff_id, current, note=note)
    return before


def add_to_roster(store: Store, meeting_id: str, staff_id: str) -> MarkState:
    """Someone who is not a resident of this council comes to this meeting."""
    with store.session() as session:
        current, before = _state(session, meeting_id, staff_id)
        if current is None or current.deleted:
            _write(session, meeting_id, staff_id, current)
    return before


def restore(store: Store, state: MarkState) -> None:
    """Undo: put one person's row back as it was (a new change, so it syncs like any edit)."""
    with store.session() as session:
        current, _before = _state(session, state.meeting_id, state.staff_id)
        if not state.existed or state.deleted:
            if current is not None and not current.deleted:
                current.deleted = True
            return
        _write(session, state.meeting_id, state.staff_id, current,
               status=state.status, note=state.note, marked_at=state.marked_at)


def quick_entry(store: Store, meeting_id: str, typed: str, *, now: datetime | None = None) -> QuickResult:
    """A staff number typed or scanned: mark present at once; a repeat is reported, not counted.

    Full-width digits, spaces, a scanner's newline and dropped leading zeros all find the person."""
    with store.read() as session:
        staff = find_staff_by_number(session, typed, store.staff_no_width)
        if staff is None:
            return QuickResult(None, False, None)
        meeting = session.get(Meeting, meeting_id)
        expected = staff.council_id == meeting.council_id and staff.housing != "" and staff.active
        current, _state_before = _state(session, meeting_id, staff.id)
        if current is not None and not current.deleted and current.status in ATTENDED:
            return QuickResult(_entry(staff, expected, current), True, None)
        staff_id = staff.id
    before = mark(store, meeting_id, staff_id, "present", now=now)
    with store.read() as session:
        staff = session.get(Staff, staff_id)
        current, _ = _state(session, meeting_id, staff_id)
        return QuickResult(_entry(staff, expected, current), False, before)


def find_staff(store: Store, query: str, limit: int = 50) -> list[RosterEntry]:
    """The staff picker: active staff whose number, name or reading contains the query."""
    key = search_query(query)
    with store.read() as session:
        rows = session.scalars(select(Staff).where(Staff.deleted.is_(False), Staff.active.is_(True))).all()
    found = [e for e in (_entry(s, False, None) for s in rows) if key in e.search]
    found.sort(key=lambda e: (reading_key(e.kana), e.staff_no))
    return found[:limit]



def with_status(entry: RosterEntry, status: str | None) -> RosterEntry:
    return replace(entry, status=status)
