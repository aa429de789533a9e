"""Reading answers as they are typed from a paper form: the numbers of the choices ("3"; several:
"1 3", "1、3" or "13"), a rating 1–5, or free text. Kept out of the form (and Qt) so that keyed
entry, the kiosk and the tests read an answer by one rule, and ``validate_response`` then checks
what was read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from app.domain.staff_no import DEFAULT_WIDTH
from app.domain.survey import QuestionKind
from app.i18n import _
from app.services.survey.defs import QuestionInput, SurveyInput
from app.services.survey.entry import ResponseInput, validate_response


def parse_answer(question: QuestionInput, text: str) -> tuple[Any, str | None]:
    """(value, problem) of a typed answer; value None when empty."""
    text = text.strip()
    if not text:
        return None, None
    kind = QuestionKind(question.kind)
    numbers = [int(n) for n in re.findall(r"\d+", text)] if re.fullmatch(r"[\d\s,、・]+", text) else None
    if kind is QuestionKind.RATING:
        if numbers is None or len(numbers) != 1 or not 1 <= numbers[0] <= 5:
            return None, _("type 1 to 5")
        return numbers[0], None
    if kind is QuestionKind.TEXT:
        return text, None
    if numbers is None:
        return None, _("type the number of the choice")
    if kind is QuestionKind.MULTIPLE and len(numbers) == 1 and len(question.choices) < 10 and len(text.strip()) > 1:
        numbers = [int(c) for c in text if c.isdigit()]  # "13" typed without a space
    if any(not 1 <= n <= len(question.choices) for n in numbers):
        return None, _("choose 1 to {n}").format(n=len(question.choices))
    if kind is QuestionKind.SINGLE:
        if len(numbers) != 1:
            return None, _("one choice only")
        return question.choices[numbers[0] - 1], None
    return [question.choices[n - 1] for n in sorted(set(numbers))], None


def read_answers(form: SurveyInput, typed: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """(answers by question id, reasons by ``q:<id>``) of the texts typed per question id; a
    question with no text in ``typed`` (a proposal) is left out of both."""
    answers: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for q in form.questions:
        if q.id in typed:
            answers[q.id], problem = parse_answer(q, typed[q.id])
            if problem:
                problems[f"q:{q.id}"] = problem
    return answers, problems


def typed_problems(form: SurveyInput, item: ResponseInput, typed: Mapping[str, str], *,
                   width: int = DEFAULT_WIDTH) -> dict[str, str]:
    """Every reason of a typed form: an answer that cannot be read keeps its own reason; then the
    rules of ``validate_response``. Without a received date only that and the unreadable answers
    are reported, as the entry form always did."""
    problems = read_answers(form, typed)[1]
    if item.received is None:
        problems.setdefault("received", _("required"))
        return problems
    for key, reason in validate_response(form, item, width=width).items():
        problems.setdefault(key, reason)
    return problems
