"""The proposal workflow: 受付 → 検討中 → 採用 / 一部採用 / 不採用 / 保留 → 実施済, the assigned
department and reviewer, the decision's reason (required for 不採用 and 保留), and the feedback
that goes back to the submitter — overdue when none is given within the set number of days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.domain.survey import ProposalStatus, status_problems
from app.errors import Invalid
from app.i18n import _
from app.storage.models import Staff
from app.storage.models.survey import Survey, SurveyProposal, SurveyResponse
from app.storage.store import Store


@dataclass(frozen=True)
class ProposalRow:
    id: str
    survey_id: str
    survey_code: str
    survey_title: str
    fiscal_year: int
    receipt_code: str
    anonymous: bool
    staff_no: str  # "" when anonymous
    submitter: str  # the named submitter's name, "" when anonymous or unknown
    submitter_department: str  # as given with the response, else the named submitter's 所属 in the staff table
    received: date
    current: str
    idea: str
    effect: str
    target_work: str
    status: str
    department: str
    reviewer: str
    reason: str
    feedback: str
    feedback_date: date | None
    delivered: bool
    overdue: bool
    days_open: int  # days from receipt to feedback (or to today when none yet)

    @property
    def status_label(self) -> str:
        return ProposalStatus(self.status).label()


@dataclass(frozen=True)
class ProposalUpdate:
    id: str
    status: str
    department: str = ""
    reviewer: str = ""
    reason: str = ""
    feedback: str = ""
    feedback_date: date | None = None
    delivered: bool = False


def is_overdue(received: date, feedback_date: date | None, today: date, days: int) -> bool:
    """No feedback yet and more than ``days`` days since the proposal was received."""
    return feedback_date is None and (today - received).days > days


def _select():
    return (select(SurveyProposal, SurveyResponse.receipt_code, SurveyResponse.anonymous, SurveyResponse.staff_no,
                   SurveyResponse.department, Survey.code, Survey.title, Survey.fiscal_year)
            .join(SurveyResponse, SurveyProposal.response_id == SurveyResponse.id)
            .join(Survey, SurveyProposal.survey_id == Survey.id)
            .where(SurveyProposal.deleted.is_(False), SurveyResponse.deleted.is_(False)))


def _rows(store: Store, stmt, today: date, days: int) -> list[ProposalRow]:
    with store.read() as session:
        found = session.execute(stmt).all()
        numbers = {r[3] for r in found if r[3]}
        staff = {no: (name, dept) for no, name, dept in session.execute(
            select(Staff.staff_no, Staff.name, Staff.department).where(
                Staff.staff_no.in_(numbers), Staff.deleted.is_(False)))} if numbers else {}
    out = []
    for p, code, anonymous, staff_no, sdept, scode, stitle, fy in found:
        end = p.feedback_date or today
        name, dept = staff.get(staff_no, ("", "")) if not anonymous else ("", "")
        out.append(ProposalRow(
            p.id, p.survey_id, scode, stitle, fy, code, anonymous, staff_no, name, sdept or dept,
            p.received, p.current, p.idea, p.effect, p.target_work, p.status, p.department, p.reviewer, p.reason,
            p.feedback, p.feedback_date, p.delivered, is_overdue(p.received, p.feedback_date, today, days),
            (end - p.received).days))
    out.sort(key=lambda r: (r.received, r.receipt_code))
    return out


def list_proposals(store: Store, *, today: date, overdue_days: int, fiscal_year: int | None = None,
                   survey_id: str | None = None, status: str | None = None, department: str | None = None,
                   overdue_only: bool = False) -> list[ProposalRow]:
    """Proposals filtered by fiscal year, survey, status, assigned department and overdue."""
    stmt = _select()
    if fiscal_year is not None:
        stmt = stmt.where(Survey.fiscal_year == fiscal_year)
    if survey_id:
        stmt = stmt.where(SurveyProposal.survey_id == survey_id)
    if status:
        stmt = stmt.where(SurveyProposal.status == status)
    if department is not None:
        stmt = stmt.where(SurveyProposal.department == department)
    rows = _rows(store, stmt, today, overdue_days)
    return [r for r in rows if r.overdue] if overdue_only else rows


def get_proposal(store: Store, proposal_id: str, *, today: date, overdue_days: int) -> ProposalRow:
    rows = _rows(store, _select().where(SurveyProposal.id == proposal_id), today, overdue_days)
    if not rows:
        raise KeyError(proposal_id)
    return rows[0]


def find_proposal(store: Store, ref: str, *, today: date, overdue_days: int) -> ProposalRow:
    """A proposal by its id or its receipt code (as printed on the slip, any width or hyphens)."""
    from app.domain.survey import normalise_receipt_code

    rows = _rows(store, _select().where(SurveyProposal.id == ref.strip()), today, overdue_days)
    if not rows:
        rows = _rows(store, _select().where(SurveyResponse.receipt_code == normalise_receipt_code(ref)),
                     today, overdue_days)
    if not rows:
        raise KeyError(ref)
    return rows[0]


def assigned_departments(store: Store) -> list[str]:
    with store.read() as session:
        found = session.scalars(select(SurveyProposal.department).where(
            SurveyProposal.deleted.is_(False)).distinct()).all()
    return sorted(d for d in found if d)


def validate_update(before: ProposalStatus | None, item: ProposalUpdate, received: date) -> dict[str, str]:
    try:
        after = ProposalStatus(item.status)
    except ValueError:
        return {"status": _("unknown status")}
    problems = status_problems(before, after, item.reason)
    if item.feedback_date is not None and not item.feedback.strip():
        problems["feedback"] = _("write the feedback before giving its date")
    if item.feedback_date is not None and item.feedback_date < received:
        problems["feedback_date"] = _("the feedback date is before the proposal was received")
    if item.delivered and (item.feedback_date is None or not item.feedback.strip()):
        problems["delivered"] = _("feedback can be delivered once it is written and dated")
    return problems


def save_update(store: Store, item: ProposalUpdate) -> None:
    """Apply a reviewer's edit after checking the status rules; only changed fields are logged."""
    with store.session() as session:
        proposal = session.get(SurveyProposal, item.id)
        if proposal is None or proposal.deleted:
            raise KeyError(item.id)
        problems = validate_update(ProposalStatus(proposal.status), item, proposal.received)
        if problems:
            raise Invalid(problems)
        values = {"status": item.status, "department": item.department.strip(), "reviewer": item.reviewer.strip(),
                  "reason": item.reason.strip(), "feedback": item.feedback.strip(),
                  "feedback_date": item.feedback_date, "delivered": item.delivered}
        for name, value in values.items():
            if getattr(proposal, name) != value:
                setattr(proposal, name, value)
