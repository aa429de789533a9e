"""Town-walk coverage of a fiscal year (悉皆研修): every active member of staff should walk once.

Walked = a participant of a walk dated in the fiscal year up to the day of the count (a walk
planned for later does not count yet). Facilitators are not counted as having walked. By
department: active staff, walked, %. By district (the route's): walks held and the staff who
walked there. Aggregated in SQL: 2,000 staff over 10 years of walks takes milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import distinct, func, select

from app.domain.enums import District
from app.domain.fiscal import fiscal_year_range
from app.domain.kana import reading_key
from app.services.charts import ShareBar
from app.storage.models import Staff
from app.storage.models.townwalk import Route, Walk, WalkPerson
from app.storage.store import Store
from app.tabular.columns import Column
from app.tabular.writer import write_rows


@dataclass(frozen=True)
class CoveragePerson:
    staff_id: str
    staff_no: str
    name: str
    kana: str
    department: str
    walked: bool
    last_walk: date | None


@dataclass(frozen=True)
class DepartmentFigure:
    department: str
    staff: int
    walked: int

    @property
    def not_yet(self) -> int:
        return self.staff - self.walked

    @property
    def rate(self) -> float:
        return self.walked / self.staff if self.staff else 0.0


@dataclass(frozen=True)
class DistrictFigure:
    district: str
    walks: int
    walkers: int  # distinct active staff who walked in this district


@dataclass(frozen=True)
class Coverage:
    fiscal_year: int
    counted_to: date
    people: tuple[CoveragePerson, ...]
    departments: tuple[DepartmentFigure, ...]
    districts: tuple[DistrictFigure, ...]

    @property
    def staff(self) -> int:
        return len(self.people)

    @property
    def walked(self) -> int:
        return sum(1 for p in self.people if p.walked)

    @property
    def rate(self) -> float:
        return self.walked / self.staff if self.people else 0.0

    def not_yet(self) -> list[CoveragePerson]:
        return [p for p in self.people if not p.walked]


def coverage(store: Store, fiscal_year: int, *, today: date | None = None) -> Coverage:
    first, last = fiscal_year_range(fiscal_year)
    counted = min(last, today or date.today())
    walk_window = (Walk.deleted.is_(False), Walk.date >= first, Walk.date <= counted)
    person_ok = (WalkPerson.deleted.is_(False), WalkPerson.role == "participant")
    with store.read() as session:
        staff = session.execute(select(Staff.id, Staff.staff_no, Staff.name, Staff.kana, Staff.department)
                                .where(Staff.deleted.is_(False), Staff.active.is_(True))).all()
        last_walk = dict(session.execute(
            select(WalkPerson.staff_id, func.max(Walk.date)).join(Walk, WalkPerson.walk_id == Walk.id)
            .where(*walk_window, *person_ok).group_by(WalkPerson.staff_id)).all())
        district_rows = session.execute(
            select(Route.district, func.count(distinct(Walk.id)))
            .join(Walk, Walk.route_id == Route.id).where(*walk_window).group_by(Route.district)).all()
        walkers = dict(session.execute(
            select(Route.district, func.count(distinct(WalkPerson.staff_id)))
            .join(Walk, Walk.route_id == Route.id).join(WalkPerson, WalkPerson.walk_id == Walk.id)
            .join(Staff, Staff.id == WalkPerson.staff_id)
            .where(*walk_window, *person_ok, Staff.deleted.is_(False), Staff.active.is_(True))
            .group_by(Route.district)).all())
    people = [CoveragePerson(sid, no, name, kana, dept, sid in last_walk, _as_date(last_walk.get(sid)))
              for sid, no, name, kana, dept in staff]
    people.sort(key=lambda p: (p.department, reading_key(p.kana), p.staff_no))
    depts: dict[str, list[int]] = {}
    for p in people:
        figure = depts.setdefault(p.department, [0, 0])
        figure[0] += 1
        figure[1] += p.walked
    order = {d.value: i for i, d in enumerate(District)}
    walks = dict(district_rows)
    districts = [DistrictFigure(d, walks.get(d, 0), walkers.get(d, 0))
                 for d in sorted(set(walks) | {d.value for d in District}, key=lambda d: (order.get(d, 99), d))]
    return Coverage(fiscal_year, counted, tuple(people),
                    tuple(DepartmentFigure(k, s, w) for k, (s, w) in sorted(depts.items())), tuple(districts))


def _as_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def not_yet_rows(report: Coverage) -> list[list[str]]:
    """The not-yet list as table rows (staff no., name, reading, department) for CSV and PDF."""
    return [[p.staff_no, p.name, p.kana, p.department] for p in report.not_yet()]


# The staff table's headers (app.services.transfer.kinds.staff), so the organisers' file reads as staff rows.
NOT_YET_COLUMNS = (Column("staff_no", "職員番号"), Column("name", "氏名"), Column("kana", "ふりがな"),
                   Column("department", "所属"))


def export_not_yet(report: Coverage, path: Path, *, lang: str = "ja") -> int:
    """Write the not-yet list to ``path`` (.csv as UTF-8 with BOM, or .xlsx) with the headers of
    ``lang`` ('ja' or 'en'), as every table export does; returns the number of rows."""
    return write_rows(Path(path), NOT_YET_COLUMNS, not_yet_rows(report), lang=lang)


def coverage_chart(report: Coverage, *, no_department: str = "") -> tuple[ShareBar, ...]:
    """Walked / active staff per department, as the coverage table lists them."""
    return tuple(ShareBar(d.department or no_department, d.walked, d.staff) for d in report.departments)
