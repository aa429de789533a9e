"""surveys — key ``code``; survey_questions — key ``(survey_code, position)`` (docs/formats/survey.md).

A survey definition travels as two tables, like councils and meetings: the survey, then its
questions numbered as on the paper form. Choices are separated by ``|`` (or line breaks).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.parsing import parse_date, parse_flag, parse_int
from app.domain.survey import QuestionKind, parse_question_kind
from app.domain.wareki import parse_fiscal_year
from app.i18n import _
from app.services.survey.defs import split_choices, split_departments, split_lines
from app.services.transfer.tables import Key, RowReader, TableKind
from app.storage.models import natural_id
from app.storage.models.survey import Survey, SurveyQuestion
from app.tabular.columns import Column

SURVEY_COLUMNS = (
    Column("code", "アンケートコード", required=True),
    Column("title", "名称", required=True),
    Column("fiscal_year", "年度", required=True),
    Column("opens", "開始日"),
    Column("closes", "終了日"),
    Column("departments", "対象所属"),
    Column("description", "説明"),
)
QUESTION_COLUMNS = (
    Column("survey_code", "アンケートコード", required=True),
    Column("position", "設問番号", required=True),
    Column("kind", "種類", required=True),
    Column("text", "設問", required=True),
    Column("choices", "選択肢"),
    Column("required", "必須"),
)
YES = ("1", "true", "必須", "はい")
NO = ("0", "false", "任意", "いいえ")


def survey_ids(session: Session) -> dict[str, str]:
    return dict(session.execute(select(Survey.code, Survey.id).where(Survey.deleted.is_(False))).all())


def _parse_survey(reader: RowReader, ctx: dict[str, Any]) -> tuple[Key, dict[str, Any]]:
    code = reader.text("code")
    opens = reader.parse("opens", parse_date)
    closes = reader.parse("closes", parse_date)
    if opens and closes and closes < opens:
        reader.problem("closes", _("the end is before the start"))
    fields = {"code": code, "title": reader.text("title"), "fiscal_year": reader.parse("fiscal_year", parse_fiscal_year),
              "opens": opens, "closes": closes, "departments": "\n".join(split_departments(reader.text("departments"))),
              "description": reader.text("description")}
    return (code,), fields


def _existing_surveys(session: Session, ctx: dict[str, Any]) -> dict[Key, dict[str, Any]]:
    rows = session.execute(select(Survey.id, Survey.deleted, Survey.code, Survey.title, Survey.fiscal_year,
                                  Survey.opens, Survey.closes, Survey.departments, Survey.description)).mappings()
    return {(r["code"],): dict(r) for r in rows}


def _export_surveys(session: Session, lang: str) -> list[list[str]]:
    rows = session.scalars(select(Survey).where(Survey.deleted.is_(False)).order_by(Survey.fiscal_year, Survey.code))
    return [[s.code, s.title, str(s.fiscal_year), s.opens.isoformat() if s.opens else "",
             s.closes.isoformat() if s.closes else "", "、".join(split_lines(s.departments)), s.description]
            for s in rows]


SURVEYS = TableKind(
    name="surveys", model=Survey, columns=SURVEY_COLUMNS, key_columns=("code",),
    context=lambda session: {}, parse=_parse_survey, existing=_existing_surveys,
    new_id=lambda key, fields: natural_id("survey", *key), export=_export_surveys,
)


def _parse_question(reader: RowReader, ctx: dict[str, Any]) -> tuple[Key, dict[str, Any]]:
    code = reader.text("survey_code")
    survey_id = ctx["surveys"].get(code) if code else None
    if code and survey_id is None:
        reader.problem("survey_code", _("no survey has this code; import the surveys first"))
    position = reader.parse("position", lambda t: parse_int(t, minimum=1, maximum=999))
    kind = reader.parse("kind", parse_question_kind)
    choices = split_choices(reader.text("choices"))
    if kind is not None and kind.has_choices and len(choices) < 2:
        reader.problem("choices", _("give at least two choices, separated by |"))
    required = reader.parse("required", lambda t: parse_flag(t, true_words=YES, false_words=NO, empty=False), False)
    fields = {"survey_id": survey_id, "position": position, "kind": str(kind) if kind else None,
              "text": reader.text("text"), "choices": "\n".join(choices) if kind and kind.has_choices else "",
              "required": bool(required)}
    return (code, str(position or "")), fields


def _existing_questions(session: Session, ctx: dict[str, Any]) -> dict[Key, dict[str, Any]]:
    codes = {sid: code for code, sid in ctx["surveys"].items()}
    rows = session.execute(select(SurveyQuestion.id, SurveyQuestion.deleted, SurveyQuestion.survey_id,
                                  SurveyQuestion.position, SurveyQuestion.kind, SurveyQuestion.text,
                                  SurveyQuestion.choices, SurveyQuestion.required)).mappings()
    out: dict[Key, dict[str, Any]] = {}
    for r in rows:
        code = codes.get(r["survey_id"])
        key = (code, str(r["position"]))
        if code is not None and (key not in out or out[key]["deleted"]):  # a live question wins
            out[key] = dict(r)
    return out


def _export_questions(session: Session, lang: str) -> list[list[str]]:
    rows = session.execute(
        select(SurveyQuestion, Survey.code).join(Survey, SurveyQuestion.survey_id == Survey.id)
        .where(SurveyQuestion.deleted.is_(False), Survey.deleted.is_(False))
        .order_by(Survey.fiscal_year, Survey.code, SurveyQuestion.position))
    out = []
    for q, code in rows:
        kind = QuestionKind(q.kind)
        out.append([code, str(q.position), kind.ja if lang == "ja" else str(kind), q.text,
                    "|".join(split_lines(q.choices)) if kind.has_choices else "",
                    ("必須" if q.required else "任意") if lang == "ja" else ("1" if q.required else "0")])
    return out


QUESTIONS = TableKind(
    name="survey_questions", model=SurveyQuestion, columns=QUESTION_COLUMNS, key_columns=("survey_code", "position"),
    context=lambda session: {"surveys": survey_ids(session)}, parse=_parse_question, existing=_existing_questions,
    new_id=lambda key, fields: natural_id("survey_question", fields["survey_id"], key[1]), export=_export_questions,
)
