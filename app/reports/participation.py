"""The fiscal-year participation summary: per district, per council, who is below the minimum,
and per person. Built for 2,000 people: one LongTable per section, plain-string cells.

Takes the participation figures duck-typed (``people``, ``by_district()``, ``by_council()``,
``below_minimum()``, ``minimum``, ``excused_counts``) so this layer stays below the services;
the charts take ``app.services.charts.RateChart`` figures, duck-typed too.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether

from app.domain.enums import District
from app.i18n import _
from app.reports.rate_charts import council_rows, district_years
from app.reports.tables import Col, data_table, heading, note, percent
from app.reports.template import ReportHeader, render

WIDTH = 180 * mm


def _district_label(value: str) -> str:
    try:
        return District(value).label()
    except ValueError:
        return value or "—"


def _group_rows(groups, first_cells) -> list[list[str]]:
    rows = []
    for g in groups:
        rows.append([*first_cells(g), str(g.people), str(g.expected), str(g.attended),
                     percent(g.attended, g.expected), str(g.below)])
    return rows


def _total(groups) -> list[str]:
    people = sum(g.people for g in groups)
    expected = sum(g.expected for g in groups)
    attended = sum(g.attended for g in groups)
    return [str(people), str(expected), str(attended), percent(attended, expected), str(sum(g.below for g in groups))]


def _figure_cols() -> list[Col]:
    return [Col(_("Housing staff"), 18 * mm, "RIGHT"), Col(_("Expected"), 18 * mm, "RIGHT"),
            Col(_("Attended"), 18 * mm, "RIGHT"), Col(_("Rate"), 18 * mm, "RIGHT"),
            Col(_("Below minimum"), 22 * mm, "RIGHT")]


def chart_section(districts, councils) -> list:
    """The rate of the report's year against the earlier years with data, per district and council."""
    if not districts.rows:
        return []
    if len(districts.years) > 1:
        title = _("Attendance rate across fiscal years")
        text = _("Bars: the rate of each fiscal year with data (up to five). Past years are counted with today's "
                 "residents. Under each district: housing residents below the minimum this year.")
    else:
        title = _("Attendance rate")
        text = _("No earlier fiscal year has data to compare with. Under each district: housing residents below "
                 "the minimum this year.")
    story = [KeepTogether([*heading(title), note(text), district_years(districts, WIDTH)])]
    if councils.rows:
        first, *rest = council_rows(councils, WIDTH)
        story += [KeepTogether([*heading(_("Attendance rate by council")),
                                note(_("Bar: this year. Marks: earlier years (lighter the older). Year before: the "
                                       "previous fiscal year with data. Below minimum: housing residents this "
                                       "year.")), first]), *rest]
    return story


def build_participation(header: ReportHeader, report, charts: tuple | None = None) -> bytes:
    """``charts``: the (district, council) rate charts across years; None leaves them out."""
    districts = report.by_district()
    councils = report.by_council()
    council_district = {p.council_code: p.district for p in report.people if p.council_code}
    figure_cols = _figure_cols()
    district_cols = [Col(_("District"), WIDTH - sum(c.width for c in figure_cols)), *figure_cols]
    council_cols = [Col(_("Code"), 16 * mm), Col(_("Council"), WIDTH - 16 * mm - 20 * mm - sum(c.width for c in figure_cols)),
                    Col(_("District"), 20 * mm), *figure_cols]
    person_cols = [Col(_("Staff no."), 15 * mm), Col(_("Name"), 25 * mm), Col(_("Department"), 37 * mm),
                   Col(_("Council"), 49 * mm), Col(_("Expected"), 14 * mm, "RIGHT"),
                   Col(_("Attended"), 14 * mm, "RIGHT"), Col(_("Excused"), 11 * mm, "RIGHT"),
                   Col(_("Rate"), 15 * mm, "RIGHT")]
    below = report.below_minimum()
    below_cols = person_cols[:4] + [Col(_("Expected"), 18 * mm, "RIGHT"), Col(_("Attended"), 18 * mm, "RIGHT"),
                                    Col(_("Short by"), 18 * mm, "RIGHT")]
    rule = _("Housing residents who attended fewer than {n} meetings in the fiscal year.").format(n=report.minimum)
    rule += " " + (_("Excused absences (公欠) count as attended.") if report.excused_counts
                   else _("Excused absences (公欠) do not count as attended."))
    story = [
        note(_("Expected: the held meetings of one's own council up to the day of the count, plus any meeting "
               "one was added to. Attended: present or late. Figures per district and council count housing "
               "residents only.")),
        *(chart_section(*charts) if charts else []),
        *heading(_("By district")),
        data_table(district_cols, [*_group_rows(districts, lambda g: [_district_label(g.key)]),
                                   [_("Total"), *_total(districts)]],
                   total_row=True, empty=_("No data.")),
        *heading(_("By council")),
        data_table(council_cols, [*_group_rows(councils, lambda g: [g.key, g.name,
                                                                   _district_label(council_district.get(g.key, ""))]),
                                  ["", _("Total"), "", *_total(councils)]], total_row=True),
        *heading(_("Below the minimum ({n})").format(n=len(below))),
        note(rule),
        data_table(below_cols, [[p.staff_no, p.name, p.department, p.council_name, str(p.expected), str(p.attended),
                                 str(report.minimum - p.attended)] for p in below],
                   size=8.5, empty=_("Nobody is below the minimum.")),
        *heading(_("By person")),
        data_table(person_cols, [[p.staff_no, p.name, p.department, p.council_name or "—", str(p.expected),
                                  str(p.attended), str(p.excused), percent(p.attended, p.expected)]
                                 for p in report.people], size=8.5, empty=_("No data.")),
    ]
    return render(header, story)
