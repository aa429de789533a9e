"""The table kinds of the command line and the File menu, in the order they depend on each other.

``KINDS`` loads a kind's module when it is first asked for: ``fielddesk import attendance`` then
imports the four plain-SQL kinds it needs, not the town-walk and survey kinds (and SQLAlchemy).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping

from app.services.transfer.tables import BulkKind, TableKind

# kind -> (module of app.services.transfer.kinds, attribute)
_WHERE = {
    "staff": ("staff", "KIND"), "councils": ("councils", "KIND"), "meetings": ("meetings", "KIND"),
    "attendance": ("attendance", "KIND"), "routes": ("routes", "KIND"), "walks": ("walks", "KIND"),
    "walk_results": ("walk_results", "KIND"), "surveys": ("surveys", "SURVEYS"),
    "survey_questions": ("surveys", "QUESTIONS"), "survey_responses": ("survey_responses", "KIND"),
    "proposals": ("proposals", "KIND"),
}
# Councils before staff (staff name their council), meetings before attendance; routes before
# walks (with their people), walks before their check results; surveys before their questions,
# responses, then the proposals that came with them.
IMPORT_ORDER = ("councils", "staff", "meetings", "attendance", "routes", "walks", "walk_results",
                "surveys", "survey_questions", "survey_responses", "proposals")


class _Kinds(Mapping[str, TableKind | BulkKind]):
    def __getitem__(self, name: str) -> TableKind | BulkKind:
        module, attribute = _WHERE[name]
        kind = getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
        assert kind.name == name, (kind.name, name)
        return kind

    def __iter__(self) -> Iterator[str]:
        return iter(_WHERE)

    def __len__(self) -> int:
        return len(_WHERE)


KINDS: Mapping[str, TableKind | BulkKind] = _Kinds()
