"""Feedback lookup: the submitter types a receipt code (anonymous or not) or a staff number (named
responses only) and sees what became of each response — status, decision reason and feedback.
At the kiosk, by receipt code only: anyone can stand there, and a staff number is no secret.

Nothing is written and nothing is logged: a lookup leaves no trace of who asked about what.
An anonymous response is reachable by its receipt code only (its staff number was never kept).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.domain.survey import ProposalStatus, looks_like_receipt_code, normalise_receipt_code
from app.services.staff.numbers import same_staff_no
from app.services.survey.entry import normalise_staff_no
from app.storage.models.survey import Survey, SurveyProposal, SurveyResponse
from app.storage.store import Store


@dataclass(frozen=True)
class FeedbackView:
    receipt_code: str
    survey_title: str
    fiscal_year: int
    received: date
    anonymous: bool
    has_proposal: bool
    idea: str
    status: str  # "" without a proposal
    reason: str
    feedback: str
    feedback_date: date | None

    @property
    def status_label(self) -> str:
        return ProposalStatus(self.status).label() if self.status else ""


def _view(r: SurveyResponse, title: str, fy: int, p: SurveyProposal | None) -> FeedbackView:
    """A draft is not shown: the feedback once it is dated, the reason once it is decided."""
    if p is None:
        return FeedbackView(r.receipt_code, title, fy, r.received, r.anonymous, False, "", "", "", "", None)
    decided = ProposalStatus(p.status).decided
    return FeedbackView(r.receipt_code, title, fy, r.received, r.anonymous, True, p.idea, p.status,
                        p.reason if decided else "", p.feedback if p.feedback_date else "", p.feedback_date)


def _select():
    return (select(SurveyResponse, Survey.title, Survey.fiscal_year, SurveyProposal)
            .join(Survey, SurveyResponse.survey_id == Survey.id)
            .outerjoin(SurveyProposal, (SurveyProposal.response_id == SurveyResponse.id)
                       & SurveyProposal.deleted.is_(False))
            .where(SurveyResponse.deleted.is_(False)))


def lookup_receipt(store: Store, text: str) -> list[FeedbackView]:
    """The response with this receipt code, and nothing else: what the kiosk may show to whoever
    stands at it (a staff number typed there would show another person's proposals)."""
    if not looks_like_receipt_code(text):
        return []
    return _found(store, _select().where(SurveyResponse.receipt_code == normalise_receipt_code(text)))


def lookup(store: Store, text: str) -> list[FeedbackView]:
    """Responses matching a receipt code, else a staff number; newest first. For the signed-in
    clerk's 回答照会 page only; the kiosk uses ``lookup_receipt``."""
    stmt = _select()
    if looks_like_receipt_code(text):
        stmt = stmt.where(SurveyResponse.receipt_code == normalise_receipt_code(text))
    else:
        staff_no = normalise_staff_no(text, store.staff_no_width)
        if not staff_no:
            return []
        stmt = stmt.where(same_staff_no(SurveyResponse.staff_no, staff_no), SurveyResponse.anonymous.is_(False))
    return _found(store, stmt)


def _found(store: Store, stmt) -> list[FeedbackView]:
    with store.read() as session:
        found = session.execute(stmt).all()
        out = [_view(r, title, fy, p) for r, title, fy, p in found]
    out.sort(key=lambda v: (v.received, v.receipt_code), reverse=True)
    return out
