"""Expected report figures counted from the raw rows (ORM queries), never from the services the
reports and charts use: the participation of housing residents per district and council."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.storage.models import Attendance, Council, Meeting, Staff

TODAY = date(2026, 11, 23)


def residents_figures(store, fy: int, minimum: int = 3, today: date = TODAY) -> dict[str, dict]:
    """Per district and per council code: [expected, attended, below] of the active housing
    residents in ``fy``, counted from the raw rows (own council's meetings held up to ``today``,
    plus any meeting marked; attended = present or late)."""
    first, last = date(fy, 4, 1), date(fy + 1, 3, 31)
    with store.read() as session:
        people = session.execute(select(Staff.id, Staff.council_id, Council.code, Council.district)
                                 .join(Council, Council.id == Staff.council_id)
                                 .where(Staff.housing != "", Staff.active.is_(True), Staff.deleted.is_(False))).all()
        meetings = session.execute(select(Meeting.id, Meeting.council_id, Meeting.date).where(
            Meeting.deleted.is_(False), Meeting.date >= first, Meeting.date <= last)).all()
        marks = session.execute(select(Attendance.staff_id, Attendance.meeting_id, Attendance.status).where(
            Attendance.deleted.is_(False), Attendance.meeting_id.in_([m.id for m in meetings]))).all()
    held: dict[str, set] = {}
    for m in meetings:
        if m.date <= min(last, today):
            held.setdefault(m.council_id, set()).add(m.id)
    by_person: dict[str, list] = {}
    for staff_id, meeting_id, status in marks:
        by_person.setdefault(staff_id, []).append((meeting_id, status))
    out: dict[str, dict] = {"district": {}, "council": {}}
    for staff_id, council_id, code, district in people:
        own = by_person.get(staff_id, [])
        expected = len(held.get(council_id, set()) | {m for m, _s in own})
        attended = sum(1 for _m, s in own if s in ("present", "late"))
        for kind, key in (("district", district), ("council", code)):
            slot = out[kind].setdefault(key, [0, 0, 0])
            slot[0] += expected
            slot[1] += attended
            slot[2] += attended < minimum
    return out


def pct(slot) -> str:
    return f"{slot[1] / slot[0] * 100:.0f}%" if slot and slot[0] else "—"
