"""Summaries of a survey: per-question counts and distributions, per department, the proposal
status funnel, and the median days to feedback per fiscal year.

One query fetches the answers columns; counting is ``json.loads`` + ``Counter`` (see
``count_answers``), so 10,000 responses × 20 questions stay under the 300 ms goal. Departments,
the funnel and feedback days are GROUP BYs in SQLite over far fewer rows.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter
from dataclasses import dataclass
from itertools import chain, repeat

from sqlalchemy import func, select, text

from app.domain.survey import FUNNEL, ProposalStatus, QuestionKind, answer_key
from app.services.survey.defs import SurveyInput, load_survey
from app.storage.models.survey import Survey, SurveyProposal, SurveyResponse
from app.storage.store import Store

_DEPARTMENTS = text("""
SELECT r.department, COUNT(*), COUNT(p.id), SUM(p.status IN ('adopted', 'partly', 'done'))
FROM survey_response AS r
LEFT JOIN survey_proposal AS p ON p.response_id = r.id AND p.deleted = 0
WHERE r.survey_id = :survey AND r.deleted = 0
GROUP BY r.department
""")


@dataclass(frozen=True)
class QuestionSummary:
    id: str
    position: int
    text: str
    kind: str
    answered: int
    counts: tuple[tuple[str, int], ...]  # (choice or rating, responses), in the form's order
    mean: float | None = None  # ratings only

    @property
    def counted(self) -> bool:
        return QuestionKind(self.kind).counted


@dataclass(frozen=True)
class DepartmentSummary:
    department: str  # "" = not given
    responses: int
    proposals: int
    adopted: int  # adopted, partly adopted or implemented


@dataclass(frozen=True)
class FeedbackDays:
    fiscal_year: int
    proposals: int
    with_feedback: int
    median_days: float | None


@dataclass(frozen=True)
class SurveySummary:
    survey: SurveyInput
    responses: int
    anonymous: int
    questions: tuple[QuestionSummary, ...]
    departments: tuple[DepartmentSummary, ...]
    funnel: tuple[tuple[str, int], ...]  # (status, proposals) in workflow order
    feedback_days: tuple[FeedbackDays, ...]


def count_answers(form: SurveyInput, raws: list[str]) -> dict[str, tuple[int, Counter]]:
    """Question id -> (responses that answered it, Counter of values) over the answers columns.

    All answers are parsed with one ``json.loads`` of a joined array and counted by ``Counter``
    (C loops): measured 2× faster than GROUP BY over ``json_each`` in SQLite, whose temporary
    B-tree costs more than the parsing."""
    docs = json.loads("[" + ",".join(raws) + "]") if raws else []
    out: dict[str, tuple[int, Counter]] = {}
    for q in form.questions:
        values = map(dict.get, docs, repeat(answer_key(q.id)))  # C loops end to end: no Python per answer
        kind = QuestionKind(q.kind)
        if kind is QuestionKind.MULTIPLE:
            lists = list(filter(None, values))
            out[q.id] = (len(lists), Counter(chain.from_iterable(lists)))
        elif kind.counted:
            counts = Counter(values)
            missing = counts.pop(None, 0)
            out[q.id] = (len(docs) - missing, counts)
        else:
            out[q.id] = (len(docs) - Counter(values)[None], Counter())
    return out


def _question(q, answered: int, found: Counter) -> QuestionSummary:
    kind = QuestionKind(q.kind)
    if not kind.counted:
        return QuestionSummary(q.id, q.position, q.text, q.kind, answered, ())
    by_value = {str(v): n for v, n in found.items()}
    labels = [str(r) for r in range(1, 6)] if kind is QuestionKind.RATING else list(q.choices)
    counts = [(label, by_value.pop(label, 0)) for label in labels]
    counts += sorted(by_value.items())  # answers no longer among the choices (imported, edited form)
    mean = None
    if kind is QuestionKind.RATING and answered:
        mean = sum(int(label) * n for label, n in counts[:5]) / max(1, sum(n for _l, n in counts[:5]))
    return QuestionSummary(q.id, q.position, q.text, q.kind, answered, tuple(counts), mean)


def summarise(store: Store, survey_id: str) -> SurveySummary:
    form = load_survey(store, survey_id)
    with store.read() as session:
        conn = session.connection()
        raws = [raw for (raw,) in conn.exec_driver_sql(
            "SELECT answers FROM survey_response WHERE survey_id = ? AND deleted = 0", (survey_id,))]
        anonymous = conn.exec_driver_sql("SELECT COUNT(*) FROM survey_response WHERE survey_id = ? AND deleted = 0 "
                                         "AND anonymous = 1", (survey_id,)).scalar_one()
        departments = tuple(DepartmentSummary(d or "", n, p, a or 0)
                            for d, n, p, a in conn.execute(_DEPARTMENTS, {"survey": survey_id}))
        statuses = dict(session.execute(
            select(SurveyProposal.status, func.count()).join(
                SurveyResponse, SurveyProposal.response_id == SurveyResponse.id)
            .where(SurveyProposal.survey_id == survey_id, SurveyProposal.deleted.is_(False),
                   SurveyResponse.deleted.is_(False)).group_by(SurveyProposal.status)).all())
    counted = count_answers(form, raws)
    funnel = tuple((s.value, statuses.get(s.value, 0)) for s in FUNNEL)
    proposals = sum(statuses.values())  # the proposal block's answers are the proposals themselves
    questions = tuple(_question(q, *counted[q.id]) if q.kind != QuestionKind.PROPOSAL
                      else _question(q, proposals, Counter()) for q in form.questions)
    departments = tuple(sorted(departments, key=lambda d: (d.department == "", -d.responses, d.department)))
    return SurveySummary(form, len(raws), anonymous, questions, departments, funnel, feedback_days(store))


def feedback_days(store: Store) -> tuple[FeedbackDays, ...]:
    """Per fiscal year of the survey: proposals, how many got feedback, median days to it."""
    with store.read() as session:
        rows = session.execute(
            select(Survey.fiscal_year, SurveyProposal.received, SurveyProposal.feedback_date)
            .join(Survey, SurveyProposal.survey_id == Survey.id)
            .join(SurveyResponse, SurveyProposal.response_id == SurveyResponse.id)
            .where(SurveyProposal.deleted.is_(False), SurveyResponse.deleted.is_(False), Survey.deleted.is_(False))
        ).all()
    years: dict[int, list] = {}
    for fy, received, given in rows:
        years.setdefault(fy, []).append((given - received).days if given else None)
    out = []
    for fy in sorted(years):
        days = [d for d in years[fy] if d is not None]
        out.append(FeedbackDays(fy, len(years[fy]), len(days), statistics.median(days) if days else None))
    return tuple(out)


def status_label(status: str) -> str:
    return ProposalStatus(status).label()


def answers_of(raw: str) -> dict:
    """A response's answers column as a dict (exports and the entry list read it)."""
    try:
        value = json.loads(raw or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
