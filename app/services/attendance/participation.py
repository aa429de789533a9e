"""Participation per fiscal year: expected, attended and rate per person, council and district.

"Expected" counts the held meetings (dated up to today) of the council a person is assigned to
as a housing resident, plus any other meeting they were added to. "Attended" counts 出席 and 遅刻,
and 公欠 too when the setting says so. Aggregated in SQL so 400,000 marks stay quick.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import text

from app.domain.enums import District
from app.domain.fiscal import current_fiscal_year, fiscal_year_of, fiscal_year_range
from app.domain.kana import reading_key
from app.storage.store import Store


@dataclass(frozen=True)
class PersonParticipation:
    staff_id: str
    staff_no: str
    name: str
    kana: str
    department: str
    council_code: str
    council_name: str
    district: str
    housing: bool
    expected: int
    attended: int
    excused: int

    @property
    def rate(self) -> float | None:
        return self.attended / self.expected if self.expected else None


@dataclass(frozen=True)
class GroupParticipation:
    key: str  # council code or district
    name: str
    people: int
    expected: int
    attended: int
    below: int

    @property
    def rate(self) -> float | None:
        return self.attended / self.expected if self.expected else None


@dataclass(frozen=True)
class Participation:
    fiscal_year: int
    minimum: int
    excused_counts: bool
    people: tuple[PersonParticipation, ...]

    def below_minimum(self) -> list[PersonParticipation]:
        """Housing residents who attended fewer than the minimum this fiscal year."""
        return [p for p in self.people if p.housing and p.attended < self.minimum]

    def by_council(self) -> list[GroupParticipation]:
        return _group(self, lambda p: (p.council_code, p.council_name))

    def by_district(self) -> list[GroupParticipation]:
        order = {d.value: i for i, d in enumerate(District)}
        groups = _group(self, lambda p: (p.district, p.district))
        return sorted(groups, key=lambda g: order.get(g.key, 99))


def _group(report: Participation, key) -> list[GroupParticipation]:
    acc: dict[str, list] = {}
    for p in report.people:
        if not p.housing:
            continue
        k, name = key(p)
        slot = acc.setdefault(k, [name, 0, 0, 0, 0])
        slot[1] += 1
        slot[2] += p.expected
        slot[3] += p.attended
        slot[4] += p.attended < report.minimum
    return [GroupParticipation(k, v[0], v[1], v[2], v[3], v[4]) for k, v in sorted(acc.items())]


_QUERY = text("""
WITH held AS (
    SELECT id, council_id, date FROM meeting WHERE deleted = 0 AND date BETWEEN :first AND :last
),
own AS (  -- held meetings (up to today) per council: what its housing residents are expected at
    SELECT council_id, COUNT(*) AS n FROM held WHERE date <= :today GROUP BY council_id
),
marks AS (  -- one pass over the year's marks, per person
    SELECT a.staff_id,
           SUM(CASE WHEN s.housing != '' AND s.active = 1 AND h.council_id = s.council_id AND h.date <= :today
                    THEN 0 ELSE 1 END) AS extra,  -- marks outside one's own expected meetings
           SUM(CASE WHEN a.status IN ('present', 'late') OR (:excused AND a.status = 'excused')
                    THEN 1 ELSE 0 END) AS attended,
           SUM(CASE WHEN a.status = 'excused' THEN 1 ELSE 0 END) AS excused
    FROM attendance a JOIN held h ON h.id = a.meeting_id JOIN staff s ON s.id = a.staff_id
    WHERE a.deleted = 0
    GROUP BY a.staff_id
)
SELECT s.id, s.staff_no, s.name, s.kana, s.department, COALESCE(c.code, ''), COALESCE(c.name, ''),
       COALESCE(c.district, ''), (s.housing != '' AND s.active = 1 AND s.council_id IS NOT NULL) AS housing,
       (CASE WHEN s.housing != '' AND s.active = 1 THEN COALESCE(own.n, 0) ELSE 0 END)
           + COALESCE(marks.extra, 0) AS expected,
       COALESCE(marks.attended, 0), COALESCE(marks.excused, 0)
FROM staff s
LEFT JOIN council c ON c.id = s.council_id
LEFT JOIN own ON own.council_id = s.council_id
LEFT JOIN marks ON marks.staff_id = s.id
WHERE s.deleted = 0 AND (expected > 0 OR housing)
""")



def participation(store: Store, fiscal_year: int, *, minimum: int = 3, excused_counts: bool = False,
                  today: date | None = None, council_code: str | None = None,
                  department: str | None = None) -> Participation:
    first, last = fiscal_year_range(fiscal_year)
    params = {"first": first.isoformat(), "last": last.isoformat(),
              "today": (today or date.today()).isoformat(), "excused": int(excused_counts)}
    with store.read() as session:
        rows = session.execute(_QUERY, params).all()
    people = [PersonParticipation(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], bool(r[8]),
                                  int(r[9] or 0), int(r[10] or 0), int(r[11] or 0)) for r in rows]
    if council_code:
        people = [p for p in people if p.council_code == council_code]
    if department:
        people = [p for p in people if p.department == department]
    people.sort(key=lambda p: (p.council_code or "~", reading_key(p.kana), p.staff_no))
    return Participation(fiscal_year, minimum, excused_counts, tuple(people))


def fiscal_years(store: Store, *, today: date | None = None) -> list[int]:
    """The years a user may pick: from the earliest meeting's fiscal year to the current one."""
    current = current_fiscal_year(today)
    with store.read() as session:
        first = session.execute(text("SELECT MIN(date) FROM meeting WHERE deleted = 0")).scalar()
    start = fiscal_year_of(date.fromisoformat(str(first))) if first else current
    return list(range(min(start, current), current + 1))


@dataclass(frozen=True)
class YearRecord:
    fiscal_year: int
    expected: int
    attended: int
    excused: int


def person_history(store: Store, staff_id: str, *, excused_counts: bool = False,
                   today: date | None = None) -> list[YearRecord]:
    """One person's participation across every fiscal year that has meetings."""
    with store.read() as session:
        days = session.execute(text("SELECT MIN(date), MAX(date) FROM meeting WHERE deleted = 0")).one()
    if days[0] is None:
        return []
    from app.domain.fiscal import fiscal_year_of

    first = fiscal_year_of(date.fromisoformat(days[0]))
    last = fiscal_year_of(date.fromisoformat(days[1]))
    out = []
    for fy in range(first, last + 1):
        report = participation(store, fy, excused_counts=excused_counts, today=today)
        person = next((p for p in report.people if p.staff_id == staff_id), None)
        if person is not None:
            out.append(YearRecord(fy, person.expected, person.attended, person.excused))
    return out
