"""Tables of the business-improvement survey (業務改善アンケート). They subclass ``SyncedBase``, so
change capture, sync and ``check`` handle them with no code of their own.

Anonymity: an anonymous ``survey_response`` has ``staff_no == ""`` and a random id (never derived
from anything about the person); its receipt code is the only handle. Answers live in one JSON
column of the response (question key → value), so a response is one row and a summary reads one
column (see ``app.services.survey.summary``).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.models.base import SyncedBase


class Survey(SyncedBase):
    __tablename__ = "survey"
    __natural_key__ = ("code",)

    code: Mapped[str] = mapped_column(String(32), index=True)
    title: Mapped[str] = mapped_column(String(200))
    fiscal_year: Mapped[int] = mapped_column(Integer)
    opens: Mapped[date | None] = mapped_column(Date, default=None)
    closes: Mapped[date | None] = mapped_column(Date, default=None)
    departments: Mapped[str] = mapped_column(Text, default="")  # target departments, one per line; "" = all
    description: Mapped[str] = mapped_column(Text, default="")


class SurveyQuestion(SyncedBase):
    __tablename__ = "survey_question"
    __natural_key__ = ("survey_id", "position")
    __table_args__ = (Index("ix_survey_question_survey_position", "survey_id", "position"),)

    survey_id: Mapped[str] = mapped_column(ForeignKey("survey.id"))
    position: Mapped[int] = mapped_column(Integer)  # 1, 2, … as printed on the paper form
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    choices: Mapped[str] = mapped_column(Text, default="")  # one per line (single/multiple choice)
    required: Mapped[bool] = mapped_column(Boolean, default=False)


class SurveyResponse(SyncedBase):
    __tablename__ = "survey_response"
    __natural_key__ = ("receipt_code",)
    __table_args__ = (Index("ix_survey_response_survey_staff", "survey_id", "staff_no"),)

    survey_id: Mapped[str] = mapped_column(ForeignKey("survey.id"))
    receipt_code: Mapped[str] = mapped_column(String(16), index=True)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=True)
    staff_no: Mapped[str] = mapped_column(String(32), default="")  # "" when anonymous, always
    department: Mapped[str] = mapped_column(String(200), default="")
    received: Mapped[date] = mapped_column(Date)  # a day, never a time of day
    channel: Mapped[str] = mapped_column(String(16), default="paper")  # paper | kiosk
    answers: Mapped[str] = mapped_column(Text, default="{}")  # JSON {question id: value}


class SurveyProposal(SyncedBase):
    """The proposal block of a response, tracked to a decision and feedback to its submitter."""

    __tablename__ = "survey_proposal"
    __natural_key__ = ("response_id",)

    survey_id: Mapped[str] = mapped_column(ForeignKey("survey.id"), index=True)
    response_id: Mapped[str] = mapped_column(ForeignKey("survey_response.id"), index=True)
    received: Mapped[date] = mapped_column(Date)
    current: Mapped[str] = mapped_column(Text, default="")  # 現状・課題
    idea: Mapped[str] = mapped_column(Text, default="")  # 改善案
    effect: Mapped[str] = mapped_column(Text, default="")  # 期待される効果
    target_work: Mapped[str] = mapped_column(String(200), default="")  # 対象業務
    status: Mapped[str] = mapped_column(String(16), default="received")
    department: Mapped[str] = mapped_column(String(200), default="")  # assigned department
    reviewer: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    feedback: Mapped[str] = mapped_column(Text, default="")
    feedback_date: Mapped[date | None] = mapped_column(Date, default=None)
    delivered: Mapped[bool] = mapped_column(Boolean, default=False)
