"""Saving one response — keyed from a paper form by a clerk, or typed by staff at the kiosk.

Anonymity holds by construction: for an anonymous response the staff number is dropped before
anything else happens (it is never validated, compared, logged, stored or put in a message), the
record gets a random id and a receipt code from ``secrets``, and it is written in its own
transaction whose change rows carry only the laptop's settings user — never the respondent.
The duplicate warning ("this person already answered") concerns named responses only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import select

from app.domain.staff_no import DEFAULT_WIDTH, parse_staff_no
from app.domain.survey import QuestionKind, answer_key, new_receipt_code
from app.errors import Invalid, UserError
from app.i18n import _
from app.services.staff.numbers import same_staff_no
from app.services.survey.defs import SurveyInput
from app.storage.models import new_id
from app.storage.models.survey import SurveyProposal, SurveyResponse
from app.storage.store import Store

PROPOSAL_PARTS = ("current", "idea", "effect", "target_work")


@dataclass(frozen=True)
class ProposalText:
    current: str = ""  # 現状・課題
    idea: str = ""  # 改善案
    effect: str = ""  # 期待される効果
    target_work: str = ""  # 対象業務

    @property
    def empty(self) -> bool:
        return not any(getattr(self, p).strip() for p in PROPOSAL_PARTS)


@dataclass(frozen=True)
class ResponseInput:
    survey_id: str
    anonymous: bool
    received: date
    staff_no: str = ""
    department: str = ""
    answers: dict[str, Any] = field(default_factory=dict)  # question id -> str | list[str] | int | None
    proposal: ProposalText = ProposalText()
    channel: str = "paper"  # paper | kiosk


@dataclass(frozen=True)
class Saved:
    response_id: str
    receipt_code: str
    proposal_id: str | None
    anonymous: bool


class DuplicateRespondent(UserError):
    """A named respondent has answered this survey before: the clerk decides (save anyway or not)."""

    def __init__(self, earlier: list[tuple[str, date]]):
        self.earlier = earlier
        super().__init__(_("This staff member has already answered this survey ({n} times).").format(n=len(earlier)))


def normalise_staff_no(text: str, width: int = DEFAULT_WIDTH) -> str:
    """The canonical number (as every path stores it); a bad one as typed, for validation to refuse."""
    try:
        return parse_staff_no(text, width)
    except ValueError:
        return text.strip()


def scrubbed(item: ResponseInput, width: int = DEFAULT_WIDTH) -> ResponseInput:
    """The response as it may be kept: an anonymous one loses its staff number here, first."""
    if item.anonymous:
        return replace(item, staff_no="")
    return replace(item, staff_no=normalise_staff_no(item.staff_no, width))


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == ()


def validate_response(form: SurveyInput, item: ResponseInput, *, width: int = DEFAULT_WIDTH) -> dict[str, str]:
    """{field: reason}; fields are ``staff_no``, ``received``, ``q:<id>`` and ``proposal``.
    Needs no store, so the form checks each field as the clerk leaves it (``width``: the ward's
    staff-number width, from the store)."""
    item = scrubbed(item, width)
    problems: dict[str, str] = {}
    if not item.anonymous and not item.staff_no:
        problems["staff_no"] = _("required for a named response (or choose anonymous)")
    elif not item.anonymous:
        try:
            parse_staff_no(item.staff_no, width)
        except ValueError as exc:
            problems["staff_no"] = str(exc)
    if item.received is None:
        problems["received"] = _("required")
    for q in form.questions:
        kind = QuestionKind(q.kind)
        if kind is QuestionKind.PROPOSAL:
            if q.required and item.proposal.empty:
                problems["proposal"] = _("required")
            elif not item.proposal.empty and not item.proposal.idea.strip():
                problems["proposal"] = _("the improvement idea (改善案) is required")
            continue
        value = item.answers.get(q.id)
        if _empty(value):
            if q.required:
                problems[f"q:{q.id}"] = _("required")
            continue
        if kind is QuestionKind.RATING and (isinstance(value, bool) or value not in (1, 2, 3, 4, 5)):
            problems[f"q:{q.id}"] = _("a rating from 1 to 5")
        elif kind is QuestionKind.SINGLE and value not in q.choices:
            problems[f"q:{q.id}"] = _("choose one of the choices")
        elif kind is QuestionKind.MULTIPLE and (not isinstance(value, list | tuple)
                                                 or any(v not in q.choices for v in value)):
            problems[f"q:{q.id}"] = _("choose among the choices")
        elif kind is QuestionKind.TEXT and not isinstance(value, str):
            problems[f"q:{q.id}"] = _("text expected")
    return problems


def encode_answers(form: SurveyInput, answers: dict[str, Any]) -> str:
    """Question key -> value, in question order, empty answers left out."""
    out = {}
    for q in form.questions:
        value = answers.get(q.id)
        if q.kind == QuestionKind.PROPOSAL or _empty(value):
            continue
        if q.kind == QuestionKind.MULTIPLE:
            value = [c for c in q.choices if c in value]  # the form's order, no repeats
        elif q.kind == QuestionKind.TEXT:
            value = value.strip()
        out[answer_key(q.id)] = value
    return json.dumps(out, ensure_ascii=False, separators=(",", ":"))


def staff_department(store: Store, staff_no: str) -> str:
    """The 所属 of a live staff member, for a named response's department; "" when unknown."""
    from app.storage.models import Staff

    staff_no = normalise_staff_no(staff_no)
    if not staff_no:
        return ""
    with store.read() as session:
        found = session.scalar(select(Staff.department).where(Staff.staff_no == staff_no, Staff.deleted.is_(False)))
    return found or ""


def outside_period(form: SurveyInput, day: date | None) -> bool:
    """A response dated before the survey opens or after it closes (asked about, never refused:
    a paper form can arrive late)."""
    return day is not None and ((form.opens is not None and day < form.opens)
                                or (form.closes is not None and day > form.closes))


def earlier_responses(store: Store, survey_id: str, staff_no: str) -> list[tuple[str, date]]:
    """(receipt code, received) of this named person's live responses to the survey."""
    staff_no = normalise_staff_no(staff_no, store.staff_no_width)
    if not staff_no:
        return []
    with store.read() as session:
        rows = session.execute(select(SurveyResponse.receipt_code, SurveyResponse.received).where(
            SurveyResponse.survey_id == survey_id, same_staff_no(SurveyResponse.staff_no, staff_no),
            SurveyResponse.anonymous.is_(False), SurveyResponse.deleted.is_(False))).all()
    return [(code, day) for code, day in rows]


def save_response(store: Store, form: SurveyInput, item: ResponseInput, *, allow_duplicate: bool = False) -> Saved:
    """Validate and write one response (and its proposal) in one transaction of its own."""
    item = scrubbed(item, store.staff_no_width)
    problems = validate_response(form, item, width=store.staff_no_width)
    if problems:
        raise Invalid(problems)
    if not item.anonymous and not allow_duplicate:
        earlier = earlier_responses(store, item.survey_id, item.staff_no)
        if earlier:
            raise DuplicateRespondent(earlier)
    answers = encode_answers(form, item.answers)
    with store.session() as session:
        code = new_receipt_code()
        while session.scalar(select(SurveyResponse.id).where(SurveyResponse.receipt_code == code)):
            code = new_receipt_code()  # 24^10 codes: practically never, but never twice
        response = SurveyResponse(id=new_id(), survey_id=item.survey_id, receipt_code=code,
                                  anonymous=item.anonymous, staff_no=item.staff_no,
                                  department=item.department.strip(), received=item.received,
                                  channel=item.channel, answers=answers)
        session.add(response)
        proposal_id = None
        session.flush()  # no ORM relationship orders the inserts: the response goes first
        if form.proposal_question is not None and not item.proposal.empty:
            p = item.proposal
            proposal_id = new_id()
            session.add(SurveyProposal(id=proposal_id, survey_id=item.survey_id, response_id=response.id,
                                       received=item.received, current=p.current.strip(), idea=p.idea.strip(),
                                       effect=p.effect.strip(), target_work=p.target_work.strip()))
    return Saved(response.id, code, proposal_id, item.anonymous)


def withdraw_response(store: Store, receipt_code: str) -> str:
    """Withdraw (取下げ) the live response with this receipt code, and its proposal; returns its id.

    The way to "make a named response anonymous": a response never changes between named and
    anonymous (its staff number stays in its history), so it is withdrawn and its answers are sent
    again as a new anonymous response, with a new receipt code and a record of its own."""
    from app.domain.survey import normalise_receipt_code

    code = normalise_receipt_code(receipt_code)
    with store.read() as session:
        response_id = session.scalar(select(SurveyResponse.id).where(
            SurveyResponse.receipt_code == code, SurveyResponse.deleted.is_(False)))
    if response_id is None:
        raise UserError(_("No response has the receipt code {code}.").format(code=receipt_code))
    delete_response(store, response_id)
    return response_id


def delete_response(store: Store, response_id: str) -> None:
    """Hide a response keyed by mistake (and its proposal); soft, like every delete."""
    with store.session() as session:
        response = session.get(SurveyResponse, response_id)
        if response is not None:
            response.deleted = True
        for p in session.scalars(select(SurveyProposal).where(SurveyProposal.response_id == response_id)):
            p.deleted = True
