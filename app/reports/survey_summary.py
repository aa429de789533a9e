"""The summary of one survey (アンケート集計): each counted question as a bar chart, free-text
questions by their number of answers, responses per department, the proposal status funnel and
the median days to feedback per fiscal year.

Takes the summary duck-typed (``app.services.survey.summary.SurveySummary``): this layer stays
below the services. Labels arrive already translated.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether

from app.i18n import _
from app.reports.charts import bar_chart
from app.reports.tables import Col, data_table, facts_table, heading, note, percent
from app.reports.template import ReportHeader, render

WIDTH = 180 * mm
FUNNEL = colors.Color(0.33, 0.55, 0.33)


def _question_block(q, kind_label: str) -> list:
    title = f"Q{q.position}. {q.text}"
    if q.kind == "proposal":
        return [*heading(title, 10.5), note(_("{kind}: {n} proposals (their status is below).").format(
            kind=kind_label, n=q.answered))]
    if not q.counted:
        return [*heading(title, 10.5), note(_("{kind}: {n} answers (read them in the export).").format(
            kind=kind_label, n=q.answered))]
    facts = _("{n} answered").format(n=q.answered)
    if q.mean is not None:
        facts += "　" + _("mean {mean:.2f} of 5").format(mean=q.mean)
    # Shares are of the people who answered (multiple choice: they add up to more than 100%).
    return [KeepTogether([*heading(title, 10.5)[1:], note(f"{kind_label}　{facts}"),
                          bar_chart(list(q.counts), WIDTH, total=q.answered)])]


def build_survey_summary(header: ReportHeader, summary, facts, *, kind_label, status_label, year_label) -> bytes:
    """``kind_label(kind)``, ``status_label(status)`` and ``year_label(fy)`` give the words in the
    report's language; ``facts`` are the (label, value) pairs printed first."""
    story = [facts_table(facts, WIDTH), *heading(_("Answers by question"))]
    if not summary.survey.questions:
        story.append(note(_("No data.")))
    for q in summary.questions:
        story += _question_block(q, kind_label(q.kind))
    dept_cols = [Col(_("Department"), WIDTH - 3 * 26 * mm), Col(_("Responses"), 26 * mm, "RIGHT"),
                 Col(_("Proposals"), 26 * mm, "RIGHT"), Col(_("Adopted"), 26 * mm, "RIGHT")]
    dept_rows = [[d.department or _("(not given)"), str(d.responses), str(d.proposals), str(d.adopted)]
                 for d in summary.departments]
    dept_rows.append([_("Total"), str(sum(d.responses for d in summary.departments)),
                      str(sum(d.proposals for d in summary.departments)),
                      str(sum(d.adopted for d in summary.departments))])
    story += [*heading(_("By department")), data_table(dept_cols, dept_rows, total_row=True)]
    story += [*heading(_("Proposal status")),
              bar_chart([(status_label(s), n) for s, n in summary.funnel], WIDTH, colour=FUNNEL)]
    fb_cols = [Col(_("Fiscal year"), WIDTH - 3 * 34 * mm), Col(_("Proposals"), 34 * mm, "RIGHT"),
               Col(_("With feedback"), 34 * mm, "RIGHT"), Col(_("Median days to feedback"), 34 * mm, "RIGHT")]
    fb_rows = [[year_label(f.fiscal_year), str(f.proposals),
                f"{f.with_feedback}（{percent(f.with_feedback, f.proposals)}）",
                "—" if f.median_days is None else f"{f.median_days:g}"] for f in summary.feedback_days]
    story += [*heading(_("Days to feedback by fiscal year")), data_table(fb_cols, fb_rows, empty=_("No data.")),
              note(_("Days from the receipt of a proposal to the date of its feedback; proposals without "
                     "feedback are not in the median."))]
    return render(header, story)
