"""The survey's PDFs as user intentions, for the command line and the tab alike: the summary of
a survey, the proposals of a fiscal year, the answer to one proposal (回答書), the receipt slip.
Same rules as ``app.services.attendance.reports``: unknown input is a ``UserError``, files are written atomically."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from app.domain.fiscal import fiscal_year_range
from app.domain.survey import ProposalStatus, QuestionKind, format_receipt_code
from app.domain.wareki import fiscal_year_label, format_date
from app.errors import UserError
from app.i18n import _
from app.reports.feedback_letter import build_feedback_letter, build_receipt_slip
from app.reports.proposals import build_proposals
from app.reports.survey_summary import build_survey_summary
from app.reports.template import date_text
from app.services.report_files import check_out, report_header, write_pdf
from app.services.survey.defs import find_survey
from app.services.survey.kiosk import overdue_days
from app.services.survey.proposals import ProposalRow, find_proposal, list_proposals
from app.services.survey.summary import summarise
from app.settings import Settings
from app.storage.store import Store


def _date(d: date | None) -> str:
    return date_text(d) if d else "—"


def period_text(opens: date | None, closes: date | None) -> str:
    if not opens and not closes:
        return "—"
    return f"{_date(opens)} – {_date(closes)}"


def survey_summary_report(store: Store, settings: Settings, code: str, out: Path, *,
                          now: datetime | None = None) -> Path:
    out = check_out(out)
    try:
        form = find_survey(store, code)
    except KeyError:
        raise UserError(_("No survey has the code {code}.").format(code=code)) from None
    summary = summarise(store, form.id)
    facts = [(_("Responses"), _("{n} ({anonymous} anonymous)").format(n=summary.responses,
                                                                    anonymous=summary.anonymous)),
             (_("Proposals"), str(sum(n for _s, n in summary.funnel))),
             (_("Period"), period_text(form.opens, form.closes)),
             (_("Target departments"), "、".join(form.departments) or _("All departments"))]
    scope = [(_("Fiscal year"), fiscal_year_label(form.fiscal_year)), (_("Survey"), f"{form.title}（{form.code}）")]
    header = report_header(store, settings, _("Survey summary"), scope, now)
    return write_pdf(out, build_survey_summary(
        header, summary, facts, kind_label=lambda k: QuestionKind(k).label(),
        status_label=lambda s: ProposalStatus(s).label(), year_label=fiscal_year_label))


def proposal_cells(p: ProposalRow) -> list[str]:
    mark = "★ " if p.overdue else ""
    return [format_receipt_code(p.receipt_code), format_date(p.received), p.target_work or "—", p.idea,
            mark + p.status_label, p.department or "—", p.reason, p.feedback,
            format_date(p.feedback_date) if p.feedback_date else "", "✓" if p.delivered else ""]


def proposals_report(store: Store, settings: Settings, fiscal_year: int, out: Path, *, today: date | None = None,
                     now: datetime | None = None) -> Path:
    out = check_out(out)
    today = today or date.today()
    days = overdue_days(settings)
    rows = list_proposals(store, today=today, overdue_days=days, fiscal_year=fiscal_year)
    counts = [(_("Proposals"), str(len(rows)))]
    counts += [(ProposalStatus(s).label(), str(sum(1 for r in rows if r.status == s))) for s in ProposalStatus]
    counts += [(_("Overdue (>{days} days)").format(days=days), str(sum(1 for r in rows if r.overdue))),
               (_("Feedback delivered"), str(sum(1 for r in rows if r.delivered)))]
    _first, last = fiscal_year_range(fiscal_year)
    scope = [(_("Fiscal year"), fiscal_year_label(fiscal_year)), (_("As of"), date_text(min(today, last)))]
    header = report_header(store, settings, _("Improvement proposals"), scope, now)
    header = replace(header, landscape=True)
    return write_pdf(out, build_proposals(header, counts, [proposal_cells(r) for r in rows]))


def addressee(p: ProposalRow) -> str:
    if p.anonymous:
        return _("To the submitter of receipt no. {code}").format(code=format_receipt_code(p.receipt_code))
    name = p.submitter or p.staff_no
    if not p.submitter_department:  # never 「渡邊 葵 様（−）」
        return _("To {name}").format(name=name)
    return _("To {name} ({department})").format(name=name, department=p.submitter_department)


def feedback_letter(store: Store, settings: Settings, ref: str, out: Path, *, today: date | None = None,
                    now: datetime | None = None) -> Path:
    """The 回答書 of one proposal, found by its id or its receipt code."""
    out = check_out(out)
    try:
        p = find_proposal(store, ref, today=today or date.today(), overdue_days=overdue_days(settings))
    except KeyError:
        raise UserError(_("No proposal has the id or receipt code {ref}.").format(ref=ref)) from None
    proposal = [(_("Current situation"), p.current), (_("Improvement idea"), p.idea),
                (_("Expected effect"), p.effect), (_("Target work"), p.target_work)]
    decision = [(_("Progress"), p.status_label), (_("Assigned department"), p.department),
                (_("Reviewer"), p.reviewer), (_("Reason"), p.reason)]
    feedback = [(_("Feedback"), p.feedback or _("(not written yet)")), (_("Feedback date"), _date(p.feedback_date))]
    scope = [(_("Receipt no."), format_receipt_code(p.receipt_code)), (_("Survey"), f"{p.survey_title}（{p.survey_code}）"),
             (_("Received on"), date_text(p.received))]
    header = report_header(store, settings, _("Answer to your improvement proposal"), scope, now)
    return write_pdf(out, build_feedback_letter(header, addressee(p), proposal, decision, feedback))


def receipt_slip(store: Store, settings: Settings, code: str, survey_title: str, received: date, out: Path, *,
                 now: datetime | None = None) -> Path:
    """The slip a submitter keeps: the receipt code and how to look up the answer. No name on it."""
    out = check_out(out)
    header = report_header(store, settings, _("Receipt slip"), [(_("Survey"), survey_title), (_("Received on"), date_text(received))],
                     now)
    header = replace(header, approval=())
    lines = [_("Keep this slip. With the receipt code you can look up the status of your proposal and the "
               "feedback at any FieldDesk laptop (フィードバック照会), also when you answered anonymously."),
             _("The code is the only link to your response: nobody else can find it without the slip.")]
    return write_pdf(out, build_receipt_slip(header, format_receipt_code(code), lines))
