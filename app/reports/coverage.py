"""Town-walk coverage of a fiscal year (まちあるき研修 受講状況): by department, by district, and
the not-yet list that organisers chase. Duck-typed input (``app.services.townwalk.coverage.Coverage``)."""

from __future__ import annotations

from reportlab.lib.units import mm

from app.domain.enums import District
from app.i18n import _
from app.reports.rate_charts import share_bars
from app.reports.tables import Col, data_table, gap, heading, note, percent
from app.reports.template import ReportHeader, render

WIDTH = 180 * mm


def _district(value: str) -> str:
    try:
        return District(value).label()
    except ValueError:
        return value or "—"


def build_coverage(header: ReportHeader, report, bars=()) -> bytes:
    """``bars``: coverage per department as ``app.services.charts.ShareBar`` figures (drawn above the table)."""
    dept_cols = [Col(_("Department"), 80 * mm), Col(_("Staff"), 25 * mm, "RIGHT"), Col(_("Walked"), 25 * mm, "RIGHT"),
                 Col(_("Not yet"), 25 * mm, "RIGHT"), Col(_("Coverage rate"), 25 * mm, "RIGHT")]
    dept_rows = [[d.department or _("(no department)"), str(d.staff), str(d.walked), str(d.not_yet),
                  percent(d.walked, d.staff)] for d in report.departments]
    dept_rows.append([_("Total"), str(report.staff), str(report.walked), str(report.staff - report.walked),
                      percent(report.walked, report.staff)])
    district_cols = [Col(_("District"), 80 * mm), Col(_("Walks held"), 50 * mm, "RIGHT"),
                     Col(_("Staff who walked there"), 50 * mm, "RIGHT")]
    not_yet = report.not_yet()
    person_cols = [Col(_("No."), 10 * mm, "RIGHT"), Col(_("Staff no."), 22 * mm), Col(_("Name"), 45 * mm),
                   Col(_("Reading"), 45 * mm), Col(_("Department"), 58 * mm)]
    story = [
        note(_("Walked: a participant of a walk held in the fiscal year up to the day of the count. Active staff "
               "only; facilitators are not counted as having walked.")),
        *heading(_("By department")),
        *([share_bars(bars, WIDTH), gap(3 * mm)] if bars else []),
        data_table(dept_cols, dept_rows, total_row=True),
        *heading(_("By district (of the route)")),
        data_table(district_cols, [[_district(d.district), str(d.walks), str(d.walkers)] for d in report.districts]),
        *heading(_("Not yet walked ({n})").format(n=len(not_yet))),
        data_table(person_cols, [[str(n), p.staff_no, p.name, p.kana, p.department] for n, p in enumerate(not_yet, 1)],
                   size=8.5, empty=_("Everyone has walked.")),
    ]
    return render(header, story)
