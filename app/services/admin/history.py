"""The history of one record: who changed which field, when, on which laptop, from what to what."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.i18n import _
from app.storage import codec
from app.storage.capture import cid_of
from app.storage.models import SYNCED_MODELS, SyncChange
from app.storage.store import Store


@dataclass(frozen=True)
class HistoryEntry:
    field: str
    old: object
    new: object
    user: str
    device: str
    at: datetime  # from the change's clock stamp, in local time
    cid: str


def record_history(store: Store, tbl: str, row_id: str) -> list[HistoryEntry]:
    """Every change of the record in clock order; ``old`` is the value the editor saw (its base)."""
    model = SYNCED_MODELS[tbl]
    defaults = codec.defaults(model)
    with store.read() as session:
        changes = session.scalars(
            select(SyncChange).where(SyncChange.tbl == tbl, SyncChange.row_id == row_id)
            .order_by(SyncChange.ms, SyncChange.counter, SyncChange.origin, SyncChange.seq)
        ).all()
    by_cid = {cid_of(c.origin, c.seq, c.hash): c for c in changes}
    entries = []
    for c in changes:
        base = by_cid.get(c.base) if c.base else None
        old_raw = base.value if base is not None else defaults.get(c.field, "null")
        entries.append(HistoryEntry(
            field=c.field, old=json.loads(old_raw), new=json.loads(c.value), user=c.user, device=c.origin,
            at=datetime.fromtimestamp(c.ms / 1000), cid=cid_of(c.origin, c.seq, c.hash),
        ))
    return entries


def field_label(field: str, tbl: str = "") -> str:
    """The field's name as a user knows it, in the current language."""
    if tbl == "council" and field == "name":
        return _("Council name")
    labels = {
        "staff_no": _("Staff no."), "name": _("Name"), "kana": _("Reading"), "department": _("Department"),
        "housing": _("Disaster housing"), "council_id": _("Council"), "active": _("Active"),
        "code": _("Council code"), "district": _("District"), "school_district": _("School district"),
        "meeting_id": _("Meeting"), "staff_id": _("Staff"), "status": _("Attendance"), "note": _("Note"),
        "marked_at": _("Marked at"), "date": _("Date"), "kind": _("Kind"), "title": _("Title"),
        "place": _("Place"), "start": _("Start"), "end": _("End"), "residents": _("Residents attending"),
        "notes": _("Notes"), "deleted": _("Deleted"),
    }
    return labels.get(field, field)
