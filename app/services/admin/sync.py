"""Use cases of sync: a round, the open conflicts, a user's answer to one of them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from app.domain.wareki import format_date
from app.errors import UnavailableError, UserError
from app.i18n import _
from app.settings import Settings
from app.storage import codec
from app.storage.models import SYNCED_MODELS, natural_id
from app.storage.models.sync import ConflictResolution
from app.storage.store import Store
from app.sync.conflicts import Conflict, find_conflicts
from app.sync.round import Progress, SyncSummary, run_sync


def share_of(settings: Settings, override: str | Path | None = None) -> Path:
    folder = str(override or settings.share_folder or "").strip()
    if not folder:
        raise UserError(_("No shared folder is set. Choose one in Settings, or give --share DIR."))
    return Path(folder)


def sync_now(store: Store, settings: Settings, share: str | Path | None = None, *,
             progress: Progress | None = None) -> SyncSummary:
    from app.sync import ward_key
    from app.sync.folder import ShareFolder
    from app.sync.restored import adopt_restored, pending_marks

    folder = share_of(settings, share)
    restored = bool(pending_marks(store))
    try:
        key = ward_key.load()
    except ward_key.KeyStoreError as exc:
        raise UnavailableError(str(exc)) from None
    try:
        if restored:  # a restored backup: its unshared changes go out under the new id (sync/restored.py)
            adopt_restored(store, ShareFolder(folder, key))
        summary = run_sync(store, folder, device_name=settings.device_name,
                           cap_ms=settings.clock_skew_cap_minutes * 60_000, progress=progress, key=key)
    except OSError as exc:  # a file changed under the round in a way no step foresaw: never a traceback
        raise UnavailableError(_(
            "Sync stopped: {file} could not be used ({reason}). Nothing was lost: your changes wait on this "
            "laptop and go out at the next sync."
        ).format(file=exc.filename or folder, reason=exc.strerror or exc)) from exc
    if restored and not pending_marks(store):
        summary.new_device_id = summary.new_device_id or store.device_id
    return summary


def open_conflicts(store: Store) -> list[Conflict]:
    with store.read() as session:
        return find_conflicts(session.connection())


@dataclass(frozen=True)
class Resolution:
    conflict: Conflict
    action: str


def resolve(store: Store, conflict: Conflict, action: str) -> None:
    """'keep' the current value, or 'restore' the overwritten one (an undelete for a record that was
    deleted under the edit). Both are new changes, so the conflict closes on every laptop."""
    if action not in ("keep", "restore"):
        raise UserError(_("choose keep or restore"))
    model = SYNCED_MODELS[conflict.tbl]
    with store.session() as session:
        if action == "restore":
            record = session.get(model, conflict.row_id)
            if record is None:
                raise UserError(_("The record is not on this laptop yet; sync again first."))
            if conflict.kind == "deleted":
                record.deleted = False  # the record comes back, with the edit below
            raw = codec.encode(model, conflict.field, conflict.lost_value)
            if codec.encode(model, conflict.field, getattr(record, conflict.field)) != raw:
                setattr(record, conflict.field, codec.decode(model, conflict.field, raw))
        rid = natural_id("conflict_resolution", conflict.cid)
        existing = session.get(ConflictResolution, rid)
        if existing is None:
            session.add(ConflictResolution(id=rid, cid=conflict.cid, action=action))
        else:
            existing.action, existing.deleted = action, False


def resolved(store: Store) -> set[str]:
    with store.read() as session:
        return set(session.scalars(select(ConflictResolution.cid).where(ConflictResolution.deleted.is_(False))))


@dataclass(frozen=True)
class SyncState:
    waiting: int  # this laptop's changes not yet on the share
    conflicts: int


def sync_state(store: Store) -> SyncState:
    from app.sync.identity import PUBLISHED, get_meta

    with store.read() as session:
        conn = session.connection()
        done = int(get_meta(conn, PUBLISHED, "0"))
        waiting = conn.exec_driver_sql("SELECT COUNT(*) FROM sync_change WHERE origin = ? AND seq > ?",
                                       (store.device_id, done)).scalar()
        conflicts = len(find_conflicts(conn))
    return SyncState(int(waiting or 0), conflicts)


def describe(store: Store, tbl: str, row_id: str) -> str:
    """A record as a person knows it: a staff member's name, a council's, a meeting's title."""
    from app.storage.models import Attendance, Council, Meeting, Staff

    model = SYNCED_MODELS.get(tbl)
    with store.read() as session:
        record = session.get(model, row_id) if model is not None else None
        if record is None:
            return f"{tbl} {row_id[:8]}"
        if isinstance(record, Staff):
            return f"{record.staff_no} {record.name}"
        if isinstance(record, Council):
            return f"{record.code} {record.name}"
        if isinstance(record, Meeting):
            return f"{format_date(record.date)} {record.title}"
        if isinstance(record, Attendance):
            staff = session.get(Staff, record.staff_id)
            meeting = session.get(Meeting, record.meeting_id)
            return f"{format_date(meeting.date) if meeting else ''} {meeting.title if meeting else ''} / {staff.name if staff else ''}"
        for name in ("name", "title", "code"):
            if hasattr(record, name):
                return str(getattr(record, name))
    return f"{tbl} {row_id[:8]}"


def conflict_rows(store: Store) -> list[tuple[Conflict, str]]:
    return [(c, describe(store, c.tbl, c.row_id)) for c in open_conflicts(store)]
