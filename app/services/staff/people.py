"""Read models of people and councils for lists and pickers: plain DTOs, sorted by reading."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.domain.kana import ReadingKey, reading_key, search_key
from app.domain.staff_no import search_query
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


class StaffIndex:
    """What the staff picker searches: each row's key (``StaffRow.search``: number, name and reading
    folded by ``search_key``) is computed once, when the list is read; a keystroke folds only the
    query and scans the keys for it. A query that contains the previous one (the next letter typed)
    scans only the previous matches, so typing narrows at the speed of the matches, not the list."""

    def __init__(self, rows: list[StaffRow]):
        self.rows = list(rows)
        self._keyed = [(r.search, r) for r in self.rows]
        self._last: tuple[str, list[tuple[str, StaffRow]]] = ("", self._keyed)

    def find(self, text: str) -> list[StaffRow]:
        """The rows whose key contains the folded query, in list order; every row for an empty one."""
        query = search_query(text)
        if not query:
            return self.rows
        previous, matched = self._last
        candidates = matched if previous and previous in query else self._keyed
        found = [pair for pair in candidates if query in pair[0]]
        self._last = (query, found)
        return [row for _key, row in found]


def list_staff(store: Store) -> list[StaffRow]:
    with store.read() as session:
        rows = session.execute(
            select(Staff, Council.name).outerjoin(Council, Staff.council_id == Council.id)
            .where(Staff.deleted.is_(False))
        ).all()
    out = [staff_row(s.id, s.staff_no, s.name, s.kana, s.department, s.housing, council or "", s.active)
           for s, council in rows]
    out.sort(key=lambda r: r.sort_key)
    return out


def staff_row(staff_id: str, staff_no: str, name: str, kana: str, department: str, housing: str,
              council: str, active: bool) -> StaffRow:
    """A row with its search key folded here, once per read of the list, never per keystroke."""
    return StaffRow(staff_id, staff_no, name, kana, department, housing, council, active,
                    search_key(f"{staff_no} {name} {kana}"))


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
    with store.read() as session:
        def count(model) -> int:
            return session.scalar(select(func.count()).select_from(model).where(model.deleted.is_(False))) or 0

        return StoreSummary(count(Staff), count(Council), count(Meeting), count(Attendance))
