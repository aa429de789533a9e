"""The proposals of a fiscal year (提案一覧): each with its status, assigned department, decision
reason and feedback, overdue ones marked — what a manager takes to the review meeting.
Submitters are not printed (anonymous ones have only their receipt code anyway)."""

from __future__ import annotations

from reportlab.lib.units import mm

from app.i18n import _
from app.reports.tables import Col, data_table, gap, heading, note
from app.reports.template import ReportHeader, render

WIDTH = 267 * mm  # landscape A4


def build_proposals(header: ReportHeader, counts, rows) -> bytes:
    """``counts``: (label, value) pairs; ``rows``: one list of cell texts per proposal, in the
    column order below (already in the report's language)."""
    cols = [Col(_("Receipt no."), 24 * mm), Col(_("Received on"), 20 * mm), Col(_("Target work"), 26 * mm, wrap=True),
            Col(_("Improvement idea"), 60 * mm, wrap=True), Col(_("Progress"), 17 * mm, "CENTER"),
            Col(_("Assigned department"), 24 * mm, wrap=True), Col(_("Reason"), 30 * mm, wrap=True),
            Col(_("Feedback"), 38 * mm, wrap=True), Col(_("Feedback date"), 17 * mm),
            Col(_("Delivered"), 11 * mm, "CENTER")]
    count_cols = [Col(label, WIDTH / len(counts), "CENTER") for label, _value in counts]
    story = [data_table(count_cols, [[value for _label, value in counts]], size=9), *heading(_("Proposals")),
             note(_("★ feedback overdue: no feedback yet, later than the set number of days after receipt.")),
             data_table(cols, rows, size=8, empty=_("No proposals in this fiscal year.")), gap()]
    return render(header, story)
