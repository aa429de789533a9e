"""proposals — key ``receipt_code`` of the response the proposal came with (docs/formats/survey.md).

The status rules hold on import too: 不採用 and 保留 need a reason, a feedback date needs the
feedback, and "delivered" needs both.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.parsing import parse_date, parse_flag
from app.domain.survey import ProposalStatus, normalise_receipt_code, parse_proposal_status, status_problems
from app.i18n import _
from app.services.transfer.tables import Key, RowReader, TableKind
from app.storage.models import natural_id
from app.storage.models.survey import SurveyProposal, SurveyResponse
from app.tabular.columns import Column

COLUMNS = (
    Column("receipt_code", "受付番号", required=True),
    Column("received", "受付日"),
    Column("current", "現状・課題"),
    Column("idea", "改善案", required=True),
    Column("effect", "期待される効果"),
    Column("target_work", "対象業務"),
    Column("status", "状況"),
    Column("department", "担当部署"),
    Column("reviewer", "検討者"),
    Column("reason", "理由"),
    Column("feedback", "回答"),
    Column("feedback_date", "回答日"),
    Column("delivered", "回答伝達"),
)
YES = ("1", "true", "済")
NO = ("0", "false", "未")


def _context(session: Session) -> dict[str, Any]:
    rows = session.execute(select(SurveyResponse.receipt_code, SurveyResponse.id, SurveyResponse.survey_id,
                                  SurveyResponse.received).where(SurveyResponse.deleted.is_(False)))
    return {"responses": {code: (rid, sid, day) for code, rid, sid, day in rows}}


def _parse(reader: RowReader, ctx: dict[str, Any]) -> tuple[Key, dict[str, Any]]:
    code = normalise_receipt_code(reader.text("receipt_code"))
    response = ctx["responses"].get(code) if code else None
    if code and response is None:
        reader.problem("receipt_code", _("no response has this receipt code; import the responses first"))
    status = reader.parse("status", parse_proposal_status, ProposalStatus.RECEIVED)
    reason = reader.text("reason")
    for field, problem in status_problems(None, status, reason).items():
        reader.problem(field, problem)
    feedback = reader.text("feedback")
    feedback_date = reader.parse("feedback_date", parse_date)
    if feedback_date and not feedback.strip():
        reader.problem("feedback_date", _("write the feedback before giving its date"))
    delivered = reader.parse("delivered", lambda t: parse_flag(t, true_words=YES, false_words=NO, empty=False), False)
    if delivered and not feedback_date:
        reader.problem("delivered", _("feedback can be delivered once it is written and dated"))
    received = reader.parse("received", parse_date) or (response[2] if response else None)
    fields = {"survey_id": response[1] if response else None, "response_id": response[0] if response else None,
              "received": received, "current": reader.text("current"), "idea": reader.text("idea"),
              "effect": reader.text("effect"), "target_work": reader.text("target_work"), "status": str(status),
              "department": reader.text("department"), "reviewer": reader.text("reviewer"), "reason": reason,
              "feedback": feedback, "feedback_date": feedback_date, "delivered": bool(delivered)}
    return (code,), fields


def _existing(session: Session, ctx: dict[str, Any]) -> dict[Key, dict[str, Any]]:
    codes = {rid: code for code, (rid, _sid, _day) in ctx["responses"].items()}
    cols = [SurveyProposal.id, SurveyProposal.deleted, *(getattr(SurveyProposal, c) for c in (
        "survey_id", "response_id", "received", "current", "idea", "effect", "target_work", "status", "department",
        "reviewer", "reason", "feedback", "feedback_date", "delivered"))]
    out = {}
    for r in session.execute(select(*cols)).mappings():
        if r["response_id"] in codes:
            out[(codes[r["response_id"]],)] = dict(r)
    return out


def _export(session: Session, lang: str) -> list[list[str]]:
    rows = session.execute(select(SurveyProposal, SurveyResponse.receipt_code)
                           .join(SurveyResponse, SurveyProposal.response_id == SurveyResponse.id)
                           .where(SurveyProposal.deleted.is_(False), SurveyResponse.deleted.is_(False))
                           .order_by(SurveyProposal.received, SurveyResponse.receipt_code))
    out = []
    for p, code in rows:
        status = ProposalStatus(p.status)
        out.append([code, p.received.isoformat(), p.current, p.idea, p.effect, p.target_work,
                    status.ja if lang == "ja" else str(status), p.department, p.reviewer, p.reason, p.feedback,
                    p.feedback_date.isoformat() if p.feedback_date else "",
                    ("済" if p.delivered else "未") if lang == "ja" else str(int(p.delivered))])
    return out


KIND = TableKind(
    name="proposals", model=SurveyProposal, columns=COLUMNS, key_columns=("receipt_code",),
    context=_context, parse=_parse, existing=_existing,
    new_id=lambda key, fields: natural_id("survey_proposal", fields["response_id"]), export=_export,
)
