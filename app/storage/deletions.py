"""What a delete had seen (docs/dev/sync.md fault 9, "delete vs concurrent edit").

A delete is one change of the field ``deleted``; its stamp says nothing about which edits of the
record its author knew. So the deleting transaction also writes a synced ``DeleteView`` listing,
per field, the heads of the field's history on this laptop (changes no other held change names as
its base: the winner, and any concurrent loser not yet superseded). An edit is "seen" by the delete
iff it is a head or an ancestor of one along the ``base`` chain; every laptop decides that from the
log alone (``app.sync.conflicts``).

Changes are named by ``ms.counter.tx``, not by their id: a store that takes a new device id renumbers
its unpublished changes (new origin, seq and hash) but keeps their stamps and transactions, so a view
written before the renumbering still names the same changes after it.
"""

from __future__ import annotations

import json
import uuid

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from app.storage.models import SyncedBase, natural_id

VIEW_TABLE = "delete_view"


def change_ref(ms: int, counter: int, tx: str) -> str:
    """A change's name that survives renumbering under a new device id."""
    return f"{ms}.{counter}.{tx}"


def view_id(tbl: str, row_id: str, tx: str) -> str:
    return natural_id(VIEW_TABLE, tbl, row_id, tx)


def seen_heads(rows: list) -> dict[str, list[str]]:
    """field -> sorted refs of the heads of its history among ``rows`` (``deleted`` left out)."""
    named: dict[str, set[str]] = {}
    for field, _origin, _seq, _hash, _ms, _counter, _tx, base, _value in rows:
        if base:
            named.setdefault(field, set()).add(base)
    heads: dict[str, list[str]] = {}
    for field, origin, seq, digest, ms, counter, tx, _base, _value in rows:
        if field != "deleted" and f"{origin}:{seq}:{digest}" not in named.get(field, ()):
            heads.setdefault(field, []).append(change_ref(ms, counter, tx))
    return {field: sorted(refs) for field, refs in sorted(heads.items())}


def _already_deleted(rows: list) -> bool:
    deletes = [(ms, counter, origin, seq, digest, value)
               for field, origin, seq, digest, ms, counter, _tx, _base, value in rows if field == "deleted"]
    return bool(deletes) and max(deletes)[-1] == "true"


def record_views(session: Session) -> None:
    """Before a flush: add a DeleteView for each record this flush deletes (deleted False -> True)."""
    from app.storage.models.sync import DeleteView

    if "device_id" not in session.info:
        return
    for obj in list(session.dirty):
        if not isinstance(obj, SyncedBase) or isinstance(obj, DeleteView):
            continue
        history = inspect(obj).attrs["deleted"].history
        if list(history.added) != [True] or True in history.deleted:
            continue
        tbl = obj.__tablename__
        rows = session.connection().exec_driver_sql(
            "SELECT field, origin, seq, hash, ms, counter, tx, base, value FROM sync_change "
            "WHERE tbl = ? AND row_id = ?", (tbl, obj.id)).all()
        if _already_deleted(rows):
            continue  # no delete change will be written, so no view either
        tx = session.info.setdefault("tx_id", str(uuid.uuid4()))  # the delete's own transaction id
        vid = view_id(tbl, obj.id, tx)
        if session.get(DeleteView, vid) is not None:
            continue  # deleted, restored and deleted again in one transaction: the first view stands
        seen = json.dumps(seen_heads(rows), sort_keys=True, separators=(",", ":"))
        session.add(DeleteView(id=vid, tbl=tbl, row_id=obj.id, tx=tx, seen=seen))
