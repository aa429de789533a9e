"""The table kinds of the command line and the File menu, in the order they depend on each other."""

from app.services.kinds import (
                                                   attendance,
                                                   councils,
                                                   meetings,
                                                   proposals,
                                                   routes,
                                                   staff,
                                                   survey_responses,
                                                   surveys,
                                                   walk_results,
                                                   walks,
)
from app.services.tables import TableKind

KINDS: dict[str, TableKind] = {k.name: k for k in (staff.KIND, councils.KIND, meetings.KIND, attendance.KIND,
                                                   routes.KIND, walks.KIND, walk_results.KIND)}
# Councils before staff (staff name their council), meetings before attendance; routes before
# walks (with their people), walks before their check results.
IMPORT_ORDER = ("councils", "staff", "meetings", "attendance", "routes", "walks", "walk_results")
# Surveys before their questions, responses, then the proposals that came with them.
KINDS.update({k.name: k for k in (surveys.SURVEYS, surveys.QUESTIONS, survey_responses.KIND, proposals.KIND)})
IMPORT_ORDER += ("surveys", "survey_questions", "survey_responses", "proposals")
