"""The figures behind the charts, as plain numbers: one function per chart, called by the PDF
reports and the tabs alike, so paper and screen draw the same data.

Participation across years: the report's fiscal year and up to four earlier ones that have data
(held meetings for the housing residents counted). Past years are counted with today's residents
and council assignments, as ``participation.person_history`` does: the store keeps no moving
dates. Coverage: walked / active staff per department.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from app.domain.enums import District
from app.services.coverage import Coverage
from app.services.participation import GroupParticipation, Participation, fiscal_years, participation
from app.storage.store import Store

YEARS = 5


@dataclass(frozen=True)
class RateRow:
    key: str  # district value or council code
    label: str
    rates: tuple[float | None, ...]  # one per year of the chart, oldest first; None: nobody expected
    below: int  # housing residents below the minimum in the chart's last year
    people: int  # housing residents in the chart's last year


@dataclass(frozen=True)
class RateChart:
    years: tuple[int, ...]  # oldest first; the last is the year the report is about
    rows: tuple[RateRow, ...]
    minimum: int

    @property
    def below(self) -> int:
        return sum(r.below for r in self.rows)


@dataclass(frozen=True)
class ShareBar:
    label: str
    part: int
    whole: int

    @property
    def rate(self) -> float | None:
        return self.part / self.whole if self.whole else None


def _has_data(report: Participation) -> bool:
    return any(p.housing and p.expected for p in report.people)


def year_reports(store: Store, fiscal_year: int, *, minimum: int = 3, excused_counts: bool = False,
                 today: date | None = None, council_code: str | None = None, years: int = YEARS) -> list[Participation]:
    """The year's participation and that of up to ``years - 1`` earlier years with data, oldest first."""
    def one(fy: int) -> Participation:
        return participation(store, fy, minimum=minimum, excused_counts=excused_counts, today=today,
                             council_code=council_code)

    earlier = []
    for fy in sorted((y for y in fiscal_years(store, today=today) if y < fiscal_year), reverse=True):
        if len(earlier) == years - 1:
            break
        report = one(fy)
        if _has_data(report):
            earlier.append(report)
    return [*reversed(earlier), one(fiscal_year)]


def for_department(reports: Sequence[Participation], department: str | None) -> list[Participation]:
    """The same years narrowed to one department (the tab's filter), in memory."""
    if not department:
        return list(reports)
    return [replace(r, people=tuple(p for p in r.people if p.department == department)) for r in reports]


def _chart(reports: Sequence[Participation], groups: Callable[[Participation], list[GroupParticipation]],
           label: Callable[[GroupParticipation], str]) -> RateChart:
    by_year = [{g.key: g for g in groups(r)} for r in reports]
    rows = tuple(RateRow(g.key, label(g), tuple(y[g.key].rate if g.key in y else None for y in by_year), g.below,
                         g.people) for g in groups(reports[-1]))
    return RateChart(tuple(r.fiscal_year for r in reports), rows, reports[-1].minimum)


def district_label(value: str) -> str:
    try:
        return District(value).label()
    except ValueError:
        return value or "—"


def district_chart(reports: Sequence[Participation]) -> RateChart:
    """Rate per district and year (the five districts in their order), below-minimum this year."""
    return _chart(reports, Participation.by_district, lambda g: district_label(g.key))


def council_chart(reports: Sequence[Participation]) -> RateChart:
    """Rate per council and year (by code), below-minimum this year."""
    return _chart(reports, Participation.by_council, lambda g: g.name or g.key)


def coverage_chart(report: Coverage, *, no_department: str = "") -> tuple[ShareBar, ...]:
    """Walked / active staff per department, as the coverage table lists them."""
    return tuple(ShareBar(d.department or no_department, d.walked, d.staff) for d in report.departments)
