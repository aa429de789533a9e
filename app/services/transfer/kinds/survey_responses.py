"""survey_responses — key ``receipt_code`` (docs/formats/survey.md).

Answers travel in one cell as JSON keyed by question number: ``{"1": "適切", "2": 4, "3": ["a", "b"]}``.
An anonymous row that carries a staff number is refused, never stored: anonymity holds on import too.
A response never changes between named and anonymous: the staff number of a named response stays in
its history (``sync_change``, the share, backups), so turning it anonymous would only pretend. The
row is refused and the user told to withdraw it (取下げ = 1) and send a new anonymous response,
which gets a new receipt code and a record of its own.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.parsing import parse_date, parse_flag
from app.domain.survey import QuestionKind, answer_key, normalise_receipt_code
from app.i18n import _
from app.services.survey.summary import answers_of
from app.services.transfer.kinds.surveys import survey_ids
from app.services.transfer.tables import Key, RowReader, TableKind
from app.storage.models import natural_id
from app.storage.models.survey import Survey, SurveyProposal, SurveyQuestion, SurveyResponse
from app.tabular.columns import Column

COLUMNS = (
    Column("receipt_code", "受付番号", required=True),
    Column("survey_code", "アンケートコード", required=True),
    Column("anonymous", "匿名"),
    Column("staff_no", "職員番号"),
    Column("department", "所属"),
    Column("received", "受付日", required=True),
    Column("channel", "入力方法"),
    Column("answers", "回答"),
    Column("withdrawn", "取下げ"),
)
ANONYMOUS = ("1", "true", "匿名")
NAMED = ("0", "false", "記名")
WITHDRAWN = ("1", "true", "取下げ")
KEPT = ("0", "false")
CHANNELS = {"paper": "paper", "紙": "paper", "kiosk": "kiosk", "端末": "kiosk"}


def _questions(session: Session) -> dict[str, dict[int, tuple[str, str, tuple[str, ...]]]]:
    """survey id -> position -> (question id, kind, choices)."""
    out: dict[str, dict[int, tuple[str, str, tuple[str, ...]]]] = {}
    rows = session.execute(select(SurveyQuestion.survey_id, SurveyQuestion.position, SurveyQuestion.id,
                                  SurveyQuestion.kind, SurveyQuestion.choices)
                           .where(SurveyQuestion.deleted.is_(False)))
    for sid, position, qid, kind, choices in rows:
        out.setdefault(sid, {})[position] = (qid, kind, tuple(c for c in choices.splitlines() if c))
    return out


def _context(session: Session) -> dict[str, Any]:
    # receipt code -> anonymous, of every response ever stored (a withdrawn one too: its history stays)
    given = dict(session.execute(select(SurveyResponse.receipt_code, SurveyResponse.anonymous)).all())
    return {"surveys": survey_ids(session), "questions": _questions(session), "given": given}


def _answer_ok(kind: str, choices: tuple[str, ...], value: Any) -> bool:
    if kind == QuestionKind.RATING:
        return value in (1, 2, 3, 4, 5) and not isinstance(value, bool)
    if kind == QuestionKind.SINGLE:
        return value in choices
    if kind == QuestionKind.MULTIPLE:
        return isinstance(value, list) and all(v in choices for v in value)
    return kind == QuestionKind.TEXT and isinstance(value, str)


def _answers(reader: RowReader, questions: dict[int, tuple[str, str, tuple[str, ...]]]) -> str:
    raw = reader.text("answers").strip()
    if not raw:
        return "{}"
    try:
        given = json.loads(raw)
        if not isinstance(given, dict):
            raise ValueError
    except ValueError:
        reader.problem("answers", _('write the answers as JSON keyed by question number, e.g. {"1": "はい", "2": 4}'))
        return "{}"
    out = {}
    for number, value in given.items():
        question = questions.get(int(number)) if str(number).isdigit() else None
        if question is None:
            reader.problem("answers", _("the survey has no question {n}").format(n=number))
            continue
        qid, kind, choices = question
        if not _answer_ok(kind, choices, value):
            reader.problem("answers", _("question {n}: the answer does not fit the question").format(n=number))
            continue
        out[answer_key(qid)] = value
    return json.dumps(out, ensure_ascii=False, separators=(",", ":"))


def _parse(reader: RowReader, ctx: dict[str, Any]) -> tuple[Key, dict[str, Any]]:
    code = normalise_receipt_code(reader.text("receipt_code"))
    if reader.parse("withdrawn", lambda t: parse_flag(t, true_words=WITHDRAWN, false_words=KEPT, empty=False), False):
        if code not in ctx["given"]:
            reader.problem("receipt_code", _("no response has this receipt code: there is nothing to withdraw"))
        return (code,), {"deleted": True}  # the other cells stay as they are
    survey = reader.text("survey_code")
    survey_id = ctx["surveys"].get(survey) if survey else None
    if survey and survey_id is None:
        reader.problem("survey_code", _("no survey has this code; import the surveys first"))
    anonymous = reader.parse("anonymous", lambda t: parse_flag(t, true_words=ANONYMOUS, false_words=NAMED,
                                                               empty=True), True)
    staff_no = reader.text("staff_no").strip()
    if anonymous and staff_no:
        # The value is not echoed back: a problem line must not carry the person either.
        reader.problems.append(_anonymous_problem(reader))
        staff_no = ""
    elif not anonymous and not staff_no:
        reader.problem("staff_no", _("required for a named response"))
    elif staff_no:
        staff_no = reader.staff_no("staff_no", ctx)  # the canonical number, as every path stores it
    given = ctx["given"].get(code)
    if given is not None and given != bool(anonymous):
        reader.problem("anonymous", turn_refused(bool(given)))
    channel = CHANNELS.get(reader.text("channel").strip().lower() or "paper")
    if channel is None:
        reader.problem("channel", _("write paper or kiosk (紙 or 端末)"))
    fields = {"survey_id": survey_id, "receipt_code": code, "anonymous": bool(anonymous), "staff_no": staff_no,
              "department": reader.text("department"), "received": reader.parse("received", parse_date),
              "channel": channel or "paper",
              "answers": _answers(reader, ctx["questions"].get(survey_id, {})) if survey_id else "{}"}
    return (code,), fields


def turn_refused(was_anonymous: bool) -> str:
    """Why a response cannot change between named and anonymous, and what to do instead."""
    if was_anonymous:
        return _("this response was given anonymously and cannot get a name; to send it named, withdraw it "
                 "(取下げ 1 on this row, or 取下げ in the survey tab's 回答照会) and enter a new named response")
    return _("this response was given with a staff number (記名), which stays in its history; it cannot become "
             "anonymous. Withdraw it (取下げ 1 on this row, or 取下げ in the survey tab's 回答照会) and send the "
             "answers again as a new anonymous response: it gets a new receipt code")


def _withdraw_proposals(session: Session, planned: list, _ctx: dict[str, Any]) -> None:
    """A withdrawn response takes its proposal with it, as in the tab."""
    codes = [p.key[0] for p in planned if p.fields.get("deleted") is True]
    for start in range(0, len(codes), 500):
        ids = select(SurveyResponse.id).where(SurveyResponse.receipt_code.in_(codes[start:start + 500]))
        for proposal in session.scalars(select(SurveyProposal).where(SurveyProposal.response_id.in_(ids),
                                                                     SurveyProposal.deleted.is_(False))):
            proposal.deleted = True


def _anonymous_problem(reader: RowReader):
    from app.errors import RowProblem

    col, header = reader.row.cols.get("staff_no", (0, "staff_no"))
    return RowProblem(reader.file, reader.row.line, col, header, "…",
                      _("an anonymous response keeps no staff number; empty the cell or mark the row named"))


def _existing(session: Session, ctx: dict[str, Any]) -> dict[Key, dict[str, Any]]:
    rows = session.execute(select(SurveyResponse.id, SurveyResponse.deleted, SurveyResponse.survey_id,
                                  SurveyResponse.receipt_code, SurveyResponse.anonymous, SurveyResponse.staff_no,
                                  SurveyResponse.department, SurveyResponse.received, SurveyResponse.channel,
                                  SurveyResponse.answers)).mappings()
    return {(r["receipt_code"],): dict(r) for r in rows}


def _export(session: Session, lang: str) -> list[list[str]]:
    positions = {answer_key(qid): pos for by_pos in _questions(session).values()
                 for pos, (qid, _k, _c) in by_pos.items()}
    rows = session.execute(select(SurveyResponse, Survey.code).join(Survey, SurveyResponse.survey_id == Survey.id)
                           .where(SurveyResponse.deleted.is_(False))
                           .order_by(Survey.code, SurveyResponse.received, SurveyResponse.receipt_code))
    out = []
    for r, code in rows:
        answers = {str(positions[q]): v for q, v in answers_of(r.answers).items() if q in positions}
        ja = lang == "ja"
        out.append([r.receipt_code, code, ("匿名" if r.anonymous else "記名") if ja else str(int(r.anonymous)),
                    r.staff_no, r.department, r.received.isoformat(),
                    {"paper": "紙", "kiosk": "端末"}.get(r.channel, r.channel) if ja else r.channel,
                    json.dumps(answers, ensure_ascii=False) if answers else "", ""])
    return out


KIND = TableKind(
    name="survey_responses", model=SurveyResponse, columns=COLUMNS, key_columns=("receipt_code",),
    context=_context, parse=_parse, existing=_existing,
    new_id=lambda key, fields: natural_id("survey_response", *key), export=_export,
    after_apply=_withdraw_proposals,
)
