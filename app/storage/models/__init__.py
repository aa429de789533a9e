"""The ORM models, one module per tab (``attendance``, ``townwalk``, ``survey``) plus ``sync``
(the change log and sync bookkeeping) on the bases of ``base``, which imports none of them.

Importing this package registers every table (``SYNCED_MODELS``, ``Base.metadata``); the names are
re-exported so callers write ``from app.storage.models import Staff`` whatever the tab.
"""

from app.storage.ids import ID_NAMESPACE, natural_id, new_id
from app.storage.models.attendance import Attendance, Council, Meeting, Staff
from app.storage.models.base import SYNCED_MODELS, Base, SyncedBase, synced_fields
from app.storage.models.survey import Survey, SurveyProposal, SurveyQuestion, SurveyResponse
from app.storage.models.sync import (
    ConflictResolution,
    DeleteView,
    LocalMeta,
    SyncChange,
    SyncFile,
    SyncHeld,
    SyncHeldTx,
    SyncPending,
    SyncWaitingRow,
)
from app.storage.models.townwalk import (
    Attachment,
    ChecklistTemplate,
    Route,
    RouteStop,
    TemplateItem,
    Walk,
    WalkItem,
    WalkPerson,
    WalkStop,
)

__all__ = [
    "ID_NAMESPACE", "natural_id", "new_id", "SYNCED_MODELS", "Base", "SyncedBase", "synced_fields",
    "Attendance", "Council", "Meeting", "Staff", "Survey", "SurveyProposal", "SurveyQuestion",
    "SurveyResponse", "ConflictResolution", "DeleteView", "LocalMeta", "SyncChange", "SyncFile",
    "SyncHeld", "SyncHeldTx", "SyncPending", "SyncWaitingRow", "Attachment", "ChecklistTemplate", "Route",
    "RouteStop", "TemplateItem", "Walk", "WalkItem", "WalkPerson", "WalkStop",
]
