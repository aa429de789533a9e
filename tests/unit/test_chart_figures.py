"""The chart figures (``app.services.attendance.charts``): which fiscal years a participation chart compares
(the year and up to four earlier ones that have data, a year without meetings skipped), and that
a chart's rates are those of each year's own participation figures."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.services.attendance.charts import council_chart, district_chart, for_department, year_reports
from app.services.attendance.participation import participation
from app.services.demo.attendance import generate
from app.services.demo.load import load_data
from app.storage.models import Meeting

TODAY = date(2026, 11, 23)


def test_years_with_data_oldest_first_a_year_without_meetings_skipped(store):
    load_data(store, generate(TODAY, staff_count=60, years=4))  # FY2023 … FY2026
    assert [r.fiscal_year for r in year_reports(store, 2026, today=TODAY)] == [2023, 2024, 2025, 2026]
    assert [r.fiscal_year for r in year_reports(store, 2026, today=TODAY, years=2)] == [2025, 2026]
    with store.session() as session:  # FY2024's meetings deleted, as a user deletes them
        for meeting in session.scalars(select(Meeting).where(Meeting.date >= date(2024, 4, 1),
                                                             Meeting.date <= date(2025, 3, 31))):
            meeting.deleted = True
    assert [r.fiscal_year for r in year_reports(store, 2026, today=TODAY)] == [2023, 2025, 2026]
    assert [r.fiscal_year for r in year_reports(store, 2024, today=TODAY)] == [2023, 2024]  # its own year stays


def test_chart_rates_are_each_years_own_figures(store):
    load_data(store, generate(TODAY, staff_count=80, years=3))
    reports = year_reports(store, 2026, today=TODAY)
    chart = district_chart(reports)
    assert chart.years == (2024, 2025, 2026)
    for fy, column in zip(chart.years, zip(*(r.rates for r in chart.rows), strict=True), strict=True):
        own = {g.key: g.rate for g in participation(store, fy, today=TODAY).by_district()}
        assert column == tuple(own.get(r.key) for r in chart.rows)
    this_year = participation(store, 2026, today=TODAY)
    assert [r.below for r in chart.rows] == [g.below for g in this_year.by_district()]
    councils = council_chart(reports)
    assert [r.key for r in councils.rows] == [g.key for g in this_year.by_council()]
    department = this_year.people[0].department
    narrowed = district_chart(for_department(reports, department))
    assert sum(r.people for r in narrowed.rows) == sum(1 for p in this_year.people
                                                        if p.housing and p.department == department)
