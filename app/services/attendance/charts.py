"""The figures behind the attendance charts: one function per chart, called by the PDF reports
and the tab alike, so paper and screen draw the same data.

Participation across years: the report's fiscal year and up to four earlier ones that have data
(held meetings for the housing residents counted). Past years are counted with today's residents
and council assignments, as ``participation.person_history`` does: the store keeps no moving
dates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date

from app.domain.enums import District
from app.services.attendance.participation import (
    GroupParticipation,
    Participation,
    fiscal_years,
    participation,
)
from app.services.charts import RateChart, RateRow
from app.storage.store import Store

YEARS = 5


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
