"""The business-improvement survey's closed vocabularies and rules, free of storage and Qt.

Question kinds and proposal statuses are stored as English words (they never change with the
UI language); ``ja`` is the word exports with Japanese headers write, ``label()`` is for display.
The receipt code is the only handle of an anonymous response, so its alphabet leaves out every
character a person could misread when copying it from a slip (0/O/D, 1/I/L, 2/Z, 5/S, 8/B).
"""

from __future__ import annotations

import secrets
import unicodedata
from enum import StrEnum

from app.domain.enums import _parse_choice
from app.i18n import _

RECEIPT_ALPHABET = "34679ACEFGHJKMNPQRTUVWXY"
RECEIPT_LENGTH = 10


class QuestionKind(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    RATING = "rating"
    TEXT = "text"
    PROPOSAL = "proposal"

    @property
    def ja(self) -> str:
        return {"single": "単一選択", "multiple": "複数選択", "rating": "評価", "text": "自由記述",
                "proposal": "提案"}[self.value]

    @property
    def english(self) -> str:
        return self.value

    def label(self) -> str:
        return {
            QuestionKind.SINGLE: _("Single choice"),
            QuestionKind.MULTIPLE: _("Multiple choice"),
            QuestionKind.RATING: _("Rating 1–5"),
            QuestionKind.TEXT: _("Free text"),
            QuestionKind.PROPOSAL: _("Proposal"),
        }[self]

    @property
    def has_choices(self) -> bool:
        return self in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)

    @property
    def counted(self) -> bool:
        """Answers that summaries count (free text and proposals are read, not counted)."""
        return self in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RATING)


def parse_question_kind(text: str) -> QuestionKind:
    return _parse_choice(QuestionKind, text, _("unknown question kind; write one of: {choices}").format(
        choices="single, multiple, rating, text, proposal, 単一選択, 複数選択, 評価, 自由記述, 提案"))


class ProposalStatus(StrEnum):
    RECEIVED = "received"
    REVIEWING = "reviewing"
    ADOPTED = "adopted"
    PARTLY = "partly"
    REJECTED = "rejected"
    ON_HOLD = "on_hold"
    DONE = "done"

    @property
    def ja(self) -> str:
        return {"received": "受付", "reviewing": "検討中", "adopted": "採用", "partly": "一部採用",
                "rejected": "不採用", "on_hold": "保留", "done": "実施済"}[self.value]

    @property
    def english(self) -> str:
        return self.value

    def label(self) -> str:
        return {
            ProposalStatus.RECEIVED: _("Received"),
            ProposalStatus.REVIEWING: _("Under review"),
            ProposalStatus.ADOPTED: _("Adopted"),
            ProposalStatus.PARTLY: _("Partly adopted"),
            ProposalStatus.REJECTED: _("Rejected"),
            ProposalStatus.ON_HOLD: _("On hold"),
            ProposalStatus.DONE: _("Implemented"),
        }[self]

    @property
    def needs_reason(self) -> bool:
        return self in (ProposalStatus.REJECTED, ProposalStatus.ON_HOLD)

    @property
    def decided(self) -> bool:
        return self in DECISIONS or self is ProposalStatus.DONE


def parse_proposal_status(text: str) -> ProposalStatus:
    return _parse_choice(ProposalStatus, text, _("unknown status; write one of: {choices}").format(
        choices="received, reviewing, adopted, partly, rejected, on_hold, done, 受付, 検討中, 採用, 一部採用, "
                "不採用, 保留, 実施済"))


S = ProposalStatus
DECISIONS = (S.ADOPTED, S.PARTLY, S.REJECTED, S.ON_HOLD)
# 受付 → 検討中 → 採用 / 一部採用 / 不採用 / 保留 → 実施済 (only what was adopted is implemented);
# a decision can be reopened (back to 検討中), 保留 can be decided later.
TRANSITIONS: dict[ProposalStatus, tuple[ProposalStatus, ...]] = {
    S.RECEIVED: (S.REVIEWING,),
    S.REVIEWING: (S.RECEIVED, *DECISIONS),
    S.ADOPTED: (S.REVIEWING, S.DONE),
    S.PARTLY: (S.REVIEWING, S.DONE),
    S.REJECTED: (S.REVIEWING,),
    S.ON_HOLD: (S.REVIEWING, S.ADOPTED, S.PARTLY, S.REJECTED),
    S.DONE: (S.ADOPTED, S.PARTLY),
}
FUNNEL = (S.RECEIVED, S.REVIEWING, S.ADOPTED, S.PARTLY, S.REJECTED, S.ON_HOLD, S.DONE)


def status_problems(before: ProposalStatus | None, after: ProposalStatus, reason: str) -> dict[str, str]:
    """Why a status change is refused, as {field: reason}; empty when it is allowed.
    ``before`` None: a new or imported proposal (any status, the reason rule still holds)."""
    problems: dict[str, str] = {}
    if before is not None and after != before and after not in TRANSITIONS[before]:
        allowed = "、".join(s.label() for s in TRANSITIONS[before])
        problems["status"] = _("from {before} the status can go to: {allowed}").format(
            before=before.label(), allowed=allowed)
    if after.needs_reason and not reason.strip():
        problems["reason"] = _("a reason is required for {status}").format(status=after.label())
    return problems


def answer_key(question_id: str) -> str:
    """The key of a question in a response's answers: the first 8 characters of its id. Unique
    within a survey (new questions are drawn so), and short: 10,000 responses × 20 questions of
    full 36-character ids would make the summary parse three times the text."""
    return question_id[:8]


def new_receipt_code() -> str:
    """A fresh receipt code from ``secrets`` (24^10 ≈ 6·10^13: not guessable, never derived)."""
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _i in range(RECEIPT_LENGTH))


def normalise_receipt_code(text: str) -> str:
    """What a person copies from a slip: full width, lower case, spaces or hyphens."""
    s = unicodedata.normalize("NFKC", text).upper()
    return "".join(ch for ch in s if ch.isalnum())


def format_receipt_code(code: str) -> str:
    """``ACE34-FGH67``: two groups of five, easier to read out and copy."""
    return f"{code[:5]}-{code[5:]}" if len(code) == RECEIPT_LENGTH else code


def looks_like_receipt_code(text: str) -> bool:
    code = normalise_receipt_code(text)
    return len(code) == RECEIPT_LENGTH and all(ch in RECEIPT_ALPHABET for ch in code)
