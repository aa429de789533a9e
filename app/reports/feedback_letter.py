"""The answer to one proposal (回答書), to hand back to its submitter: the proposal as received,
the decision and its reason, the feedback, and the approval box of the office that answers.
An anonymous submitter is addressed by receipt code only. Also the receipt slip (受付票) a
submitter keeps to look the answer up later."""

from __future__ import annotations

from reportlab.lib.units import mm

from app.i18n import _
from app.reports.tables import facts_table, gap, heading, note
from app.reports.template import ReportHeader, render
from app.reports.text import TextCell

WIDTH = 180 * mm


def build_feedback_letter(header: ReportHeader, addressee: str, proposal, decision, feedback) -> bytes:
    """Each of ``proposal``, ``decision``, ``feedback``: (label, value) pairs."""
    story = [TextCell.of(addressee, 13), gap(3 * mm),
             note(_("Thank you for your proposal. We have reviewed it and answer as follows.")),
             *heading(_("Your proposal")), facts_table(proposal, WIDTH, label_width=34 * mm),
             *heading(_("Decision")), facts_table(decision, WIDTH, label_width=34 * mm),
             *heading(_("Feedback")), facts_table(feedback, WIDTH, label_width=34 * mm), gap()]
    return render(header, story)


def build_receipt_slip(header: ReportHeader, code: str, lines) -> bytes:
    """The receipt code in large type, and how to look the answer up with it."""
    story = [gap(6 * mm), TextCell.of(_("Receipt code"), 12), gap(2 * mm), TextCell.of(code, 30), gap(6 * mm)]
    story += [note(line, 10) for line in lines]
    return render(header, story)
