"""Read models of people and councils for lists and pickers: plain DTOs, sorted by reading."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.domain.kana import ReadingKey, reading_key, search_key
from app.storage.models import Attendance, Council, Meeting, Staff
from app.storage.store import Store


@dataclass(frozen=True)
class StaffRow:
    id: str
    staff_no: str
    name: str
    kana: str
    department: str
    housing: str
    council: str  # council name, '' when none
    active: bool
    search: str  # normalised "number name reading" for kana-insensitive matching

    @property
    def sort_key(self) -> tuple[ReadingKey, str]:
        return (reading_key(self.kana), self.staff_no)


def list_staff(store: Store) -> list[StaffRow]:
    with store.session(capture_changes=False) as session:
        rows = session.execute(
            select(Staff, Council.name).outerjoin(Council, Staff.council_id == Council.id)
            .where(Staff.deleted.is_(False))
        ).all()
    out = [
        StaffRow(s.id, s.staff_no, s.name, s.kana, s.department, s.housing, council or "", s.active,
                 search_key(f"{s.staff_no} {s.name} {s.kana}"))
        for s, council in rows
    ]
    out.sort(key=lambda r: r.sort_key)
    return out


@dataclass(frozen=True)
class StoreSummary:
    staff: int
    councils: int
    meetings: int
    attendance: int

    @property
    def empty(self) -> bool:
        return not (self.staff or self.councils or self.meetings or self.attendance)


def summary(store: Store) -> StoreSummary:
    with store.session(capture_changes=False) as session:
        def count(model) -> int:
            return session.scalar(select(func.count()).select_from(model).where(model.deleted.is_(False))) or 0

        return StoreSummary(count(Staff), count(Council), count(Meeting), count(Attendance))
