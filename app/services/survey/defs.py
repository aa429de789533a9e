"""Survey definitions: the survey (code, title, fiscal year, period, target departments) and its
questions, the ready template 「業務改善アンケート」, and a copy of last year's survey.

Questions are saved in list order as positions 1, 2, … (the numbers on the paper form); a
question left out of a save is soft-deleted, so answers already given to it stay readable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import func, select

from app.domain.fiscal import MAX_FISCAL_YEAR, MIN_FISCAL_YEAR
from app.domain.survey import QuestionKind, answer_key
from app.errors import Invalid
from app.i18n import _
from app.storage.models import natural_id, new_id
from app.storage.models.survey import Survey, SurveyProposal, SurveyQuestion, SurveyResponse
from app.storage.queries import assign_changed, code_in_use
from app.storage.store import Store


@dataclass(frozen=True)
class QuestionInput:
    kind: str
    text: str
    choices: tuple[str, ...] = ()
    required: bool = False
    id: str | None = None
    position: int = 0  # filled when loaded; saves number questions by their order


@dataclass(frozen=True)
class SurveyInput:
    code: str
    title: str
    fiscal_year: int
    opens: date | None = None
    closes: date | None = None
    departments: tuple[str, ...] = ()
    description: str = ""
    questions: tuple[QuestionInput, ...] = ()
    id: str | None = None

    def question(self, question_id: str) -> QuestionInput | None:
        return next((q for q in self.questions if q.id == question_id), None)

    @property
    def proposal_question(self) -> QuestionInput | None:
        return next((q for q in self.questions if q.kind == QuestionKind.PROPOSAL), None)


@dataclass(frozen=True)
class SurveyRow:
    id: str
    code: str
    title: str
    fiscal_year: int
    opens: date | None
    closes: date | None
    questions: int
    responses: int
    proposals: int = field(default=0)


def split_lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def split_departments(text: str) -> tuple[str, ...]:
    """Departments as typed: one per line, or separated by 、 or ;."""
    for sep in ("、", ";", "；", ","):
        text = text.replace(sep, "\n")
    return split_lines(text)


def split_choices(text: str) -> tuple[str, ...]:
    """A question's choices as typed in the editor or an imported cell: separated by | or ｜ (or lines)."""
    return tuple(c.strip() for c in re.split(r"[|｜\n]", text) if c.strip())


def list_surveys(store: Store) -> list[SurveyRow]:
    with store.read() as session:
        def counts(model):
            return dict(session.execute(select(model.survey_id, func.count()).where(
                model.deleted.is_(False)).group_by(model.survey_id)).all())
        questions, responses, proposals = counts(SurveyQuestion), counts(SurveyResponse), counts(SurveyProposal)
        rows = session.scalars(select(Survey).where(Survey.deleted.is_(False))).all()
        out = [SurveyRow(s.id, s.code, s.title, s.fiscal_year, s.opens, s.closes, questions.get(s.id, 0),
                         responses.get(s.id, 0), proposals.get(s.id, 0)) for s in rows]
    out.sort(key=lambda r: (-r.fiscal_year, r.code))
    return out


def load_survey(store: Store, survey_id: str) -> SurveyInput:
    with store.read() as session:
        s = session.get(Survey, survey_id)
        if s is None:
            raise KeyError(survey_id)
        qs = session.scalars(select(SurveyQuestion).where(
            SurveyQuestion.survey_id == survey_id, SurveyQuestion.deleted.is_(False))
            .order_by(SurveyQuestion.position)).all()
        questions = tuple(QuestionInput(q.kind, q.text, split_lines(q.choices), q.required, q.id, q.position)
                          for q in qs)
        return SurveyInput(s.code, s.title, s.fiscal_year, s.opens, s.closes, split_lines(s.departments),
                           s.description, questions, s.id)


def find_survey(store: Store, code: str) -> SurveyInput:
    with store.read() as session:
        survey_id = session.scalar(select(Survey.id).where(Survey.code == code.strip(), Survey.deleted.is_(False)))
    if survey_id is None:
        raise KeyError(code)
    return load_survey(store, survey_id)


def validate_survey(store: Store, item: SurveyInput) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not item.code.strip():
        problems["code"] = _("required")
    if not item.title.strip():
        problems["title"] = _("required")
    if not MIN_FISCAL_YEAR <= item.fiscal_year <= MAX_FISCAL_YEAR:
        problems["fiscal_year"] = _("not a fiscal year")
    if item.opens and item.closes and item.closes < item.opens:
        problems["closes"] = _("the end is before the start")
    if not item.questions:
        problems["questions"] = _("a survey needs at least one question")
    if sum(1 for q in item.questions if q.kind == QuestionKind.PROPOSAL) > 1:
        problems["questions"] = _("a survey has at most one proposal block")
    for n, q in enumerate(item.questions, 1):
        if not q.text.strip():
            problems["questions"] = _("question {n}: the text is required").format(n=n)
        elif q.kind not in {k.value for k in QuestionKind}:
            problems["questions"] = _("question {n}: unknown kind").format(n=n)
        elif QuestionKind(q.kind).has_choices and len(q.choices) < 2:
            problems["questions"] = _("question {n}: give at least two choices").format(n=n)
    if item.code.strip() and code_in_use(store, Survey.code, item.code.strip(), exclude_id=item.id):
        problems["code"] = _("another survey already has this code")
    return problems


def save_survey(store: Store, item: SurveyInput) -> str:
    problems = validate_survey(store, item)
    if problems:
        raise Invalid(problems)
    values = {"code": item.code.strip(), "title": item.title.strip(), "fiscal_year": item.fiscal_year,
              "opens": item.opens, "closes": item.closes, "departments": "\n".join(item.departments),
              "description": item.description}
    with store.session() as session:
        survey = session.get(Survey, item.id) if item.id else None
        if survey is None:
            wanted = natural_id("survey", values["code"])
            survey = Survey(id=new_id() if session.get(Survey, wanted) else wanted, **values)
            session.add(survey)
        else:
            assign_changed(survey, values)
        current = {q.id: q for q in session.scalars(select(SurveyQuestion).where(
            SurveyQuestion.survey_id == survey.id, SurveyQuestion.deleted.is_(False)))}
        kept = set()
        keys = {answer_key(qid) for qid in session.scalars(select(SurveyQuestion.id).where(
            SurveyQuestion.survey_id == survey.id))}
        for position, q in enumerate(item.questions, 1):
            qvalues = {"position": position, "kind": q.kind, "text": q.text.strip(),
                       "choices": "\n".join(q.choices), "required": q.required, "deleted": False}
            record = current.get(q.id) if q.id else None
            if record is None:
                qid = new_id()
                while answer_key(qid) in keys:  # answers are keyed by the id's first characters
                    qid = new_id()
                keys.add(answer_key(qid))
                session.add(SurveyQuestion(id=qid, survey_id=survey.id, **qvalues))
            else:
                kept.add(record.id)
                assign_changed(record, qvalues)
        for record in current.values():
            if record.id not in kept:
                record.deleted = True
        return survey.id


def delete_survey(store: Store, survey_id: str) -> None:
    """Hide the survey (soft delete); its responses and proposals stay in the store."""
    with store.session() as session:
        survey = session.get(Survey, survey_id)
        if survey is not None and not survey.deleted:
            survey.deleted = True


CHOICES_AMOUNT = ("多い", "やや多い", "適切", "やや少ない", "少ない")
CHOICES_WASTE = ("紙の書類・押印", "重複した入力作業", "会議・打合せ", "庁内の照会・回答", "システムの使いにくさ", "その他")
CHOICES_AGREE = ("賛成", "どちらかといえば賛成", "どちらともいえない", "どちらかといえば反対", "反対")


def template(fiscal_year: int) -> SurveyInput:
    """The ready 「業務改善アンケート」 of the ward's paper form, for ``fiscal_year``."""
    questions = (
        QuestionInput("single", "あなたの担当業務の量は適切だと思いますか", CHOICES_AMOUNT, True),
        QuestionInput("rating", "現在の業務の効率性を5段階で評価してください（5：とても効率的）", (), True),
        QuestionInput("multiple", "非効率だと感じる業務（複数回答可）", CHOICES_WASTE),
        QuestionInput("single", "共通業務の集約（一元化）に賛成ですか", CHOICES_AGREE),
        QuestionInput("rating", "これまでに出した意見へのフィードバックに満足していますか（5：満足）"),
        QuestionInput("proposal", "業務改善の提案"),
        QuestionInput("text", "その他、ご意見があればご記入ください"),
    )
    return SurveyInput(f"KAIZEN-{fiscal_year}", "業務改善アンケート", fiscal_year, date(fiscal_year, 6, 1),
                       date(fiscal_year, 6, 30), (),
                       "業務の集約による効率化のため、全職員に伺います。提案には必ず回答をお返しします。", questions)


def copy_of(source: SurveyInput, fiscal_year: int) -> SurveyInput:
    """``source`` for another fiscal year: new code, dates moved by whole years, fresh questions."""
    shift = fiscal_year - source.fiscal_year
    old = str(source.fiscal_year)
    code = source.code.replace(old, str(fiscal_year)) if old in source.code else f"{source.code}-{fiscal_year}"

    def moved(d: date | None) -> date | None:
        if d is None:
            return None
        try:
            return d.replace(year=d.year + shift)
        except ValueError:  # 29 February
            return d.replace(year=d.year + shift, day=28)
    questions = tuple(replace(q, id=None, position=0) for q in source.questions)
    return replace(source, code=code, fiscal_year=fiscal_year, opens=moved(source.opens),
                   closes=moved(source.closes), questions=questions, id=None)


def copy_last_year(store: Store, fiscal_year: int) -> SurveyInput | None:
    """An unsaved copy of last fiscal year's survey (the one with most responses), or None."""
    candidates = [r for r in list_surveys(store) if r.fiscal_year == fiscal_year - 1]
    if not candidates:
        return None
    best = max(candidates, key=lambda r: (r.responses, r.code))
    return copy_of(load_survey(store, best.id), fiscal_year)
