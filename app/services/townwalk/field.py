"""Field mode: a walk's sheet one stop at a time, every tick, note and arrival saved as it is made
(each its own transaction), photos stored by content, and where the facilitator was remembered.

Pages of a sheet: 0 = before the start (the start items), 1..n = the stops, n+1 = the end items.
The current walk and the last page of each recent walk are kept in ``local_meta`` (this laptop's
own, never synced), written on every page change, so the app reopens where the facilitator was
after a close or a crash, and a walk reopens on its last page after leaving field mode.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import shutil
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from app.domain.wareki import format_date
from app.errors import UserError
from app.i18n import _
from app.storage.models import LocalMeta, new_id
from app.storage.models.townwalk import Attachment, Walk, WalkItem, WalkStop
from app.storage.store import Store

RESULTS = ("ok", "ng", "na")
POSITION_KEY = "townwalk.field"
MAX_PHOTO = 50 * 1024 * 1024


@dataclass(frozen=True)
class FieldItem:
    id: str
    text: str
    category: str
    required: bool
    result: str | None
    note: str


@dataclass(frozen=True)
class Photo:
    id: str
    stop_id: str | None
    sha256: str
    file_name: str
    size: int
    mime: str


@dataclass(frozen=True)
class FieldPage:
    """One page of the sheet: the start, a stop, or the end (``stop_id`` None for start/end)."""

    kind: str  # start | stop | end
    stop_id: str | None
    position: int  # 1..n for stops, 0 otherwise
    name: str
    address: str
    point_out: str
    route_notes: str
    arrived_at: str
    field_notes: str
    items: tuple[FieldItem, ...]
    photos: tuple[Photo, ...]

    @property
    def open_items(self) -> int:
        return sum(1 for i in self.items if i.result is None)


@dataclass(frozen=True)
class FieldSheet:
    walk_id: str
    title: str
    pages: tuple[FieldPage, ...]

    @property
    def stops(self) -> int:
        return len(self.pages) - 2

    @property
    def open_items(self) -> int:
        return sum(p.open_items for p in self.pages)


def _now(now: datetime | None) -> str:
    return (now or datetime.now()).replace(microsecond=0).isoformat(timespec="seconds")


def open_sheet(store: Store, walk_id: str) -> FieldSheet:
    """The whole sheet in three queries (a 30-stop × 15-item walk opens in milliseconds)."""
    from app.storage.models.townwalk import Route

    with store.read() as session:
        walk = session.get(Walk, walk_id)
        if walk is None or walk.deleted:
            raise KeyError(walk_id)
        route = session.get(Route, walk.route_id)
        title = f"{route.name}　{format_date(walk.date)}{'　' + walk.label if walk.label else ''}"
        stops = session.execute(select(WalkStop.id, WalkStop.position, WalkStop.name, WalkStop.address,
                                       WalkStop.point_out, WalkStop.route_notes, WalkStop.arrived_at,
                                       WalkStop.field_notes)
                                .where(WalkStop.walk_id == walk_id, WalkStop.deleted.is_(False))
                                .order_by(WalkStop.position)).all()
        items = session.execute(select(WalkItem.id, WalkItem.stop_id, WalkItem.phase, WalkItem.position,
                                       WalkItem.text, WalkItem.category, WalkItem.required, WalkItem.result,
                                       WalkItem.note)
                                .where(WalkItem.walk_id == walk_id, WalkItem.deleted.is_(False))
                                .order_by(WalkItem.position)).all()
        photos = session.execute(select(Attachment.id, Attachment.stop_id, Attachment.sha256, Attachment.file_name,
                                        Attachment.size, Attachment.mime)
                                 .where(Attachment.walk_id == walk_id, Attachment.deleted.is_(False))
                                 .order_by(Attachment.added_at)).all()
    by_stop: dict[str | None, list[FieldItem]] = {}
    by_phase: dict[str, list[FieldItem]] = {"start": [], "end": []}
    for i in items:
        item = FieldItem(i.id, i.text, i.category, i.required, i.result, i.note)
        if i.stop_id is None:
            by_phase.setdefault(i.phase, []).append(item)
        else:
            by_stop.setdefault(i.stop_id, []).append(item)
    pics: dict[str | None, list[Photo]] = {}
    for p in photos:
        pics.setdefault(p.stop_id, []).append(Photo(*p))
    pages = [FieldPage("start", None, 0, _("Before the start"), "", "", "", "", walk.notes,
                       tuple(by_phase["start"]), tuple(pics.get(None, ())))]
    pages += [FieldPage("stop", s.id, s.position, s.name, s.address, s.point_out, s.route_notes, s.arrived_at,
                        s.field_notes, tuple(by_stop.get(s.id, ())), tuple(pics.get(s.id, ()))) for s in stops]
    pages.append(FieldPage("end", None, 0, _("At the end"), "", "", "", "", "", tuple(by_phase["end"]), ()))
    return FieldSheet(walk_id, title, tuple(pages))


def set_result(store: Store, item_id: str, result: str | None, *, now: datetime | None = None) -> str | None:
    """✓ 'ok', ✗ 'ng', 該当なし 'na', or None to clear; returns the previous result (for undo)."""
    if result is not None and result not in RESULTS:
        raise ValueError(result)
    with store.session() as session:
        item = session.get(WalkItem, item_id)
        before = item.result
        if before != result:
            item.result = result
            item.checked_at = _now(now) if result else ""
        return before


def set_item_note(store: Store, item_id: str, note: str) -> None:
    with store.session() as session:
        item = session.get(WalkItem, item_id)
        if item.note != note:
            item.note = note


def set_field_notes(store: Store, walk_id: str, stop_id: str | None, text: str) -> None:
    """A stop's notes from the day; on the start page, the walk's overall notes."""
    with store.session() as session:
        record = session.get(WalkStop, stop_id) if stop_id else session.get(Walk, walk_id)
        name = "field_notes" if stop_id else "notes"
        if getattr(record, name) != text:
            setattr(record, name, text)


def stamp_arrival(store: Store, stop_id: str, *, now: datetime | None = None, again: bool = False) -> str:
    """Stamp the arrival time once (``again`` restamps); returns the stamp kept."""
    with store.session() as session:
        stop = session.get(WalkStop, stop_id)
        if not stop.arrived_at or again:
            stop.arrived_at = _now(now)
        return stop.arrived_at


def stamp_walk_time(store: Store, walk_id: str, which: str, *, now: datetime | None = None) -> str:
    """The walk's start or end time (HH:MM), set from the clock when the facilitator taps it."""
    with store.session() as session:
        walk = session.get(Walk, walk_id)
        text = (now or datetime.now()).strftime("%H:%M")
        setattr(walk, which, text)
        return text


# -- where the facilitator was -------------------------------------------------------------------

KEPT_WALKS = 100  # the page of this many recent walks is remembered (a few bytes each)


def _positions(store: Store) -> tuple[str | None, dict[str, int]]:
    """The walk field mode is open on (None when left) and the last page of each recent walk.
    Also reads the older value ``{"walk_id", "page"}`` written before pages were kept per walk."""
    raw = store.meta(POSITION_KEY)
    if not raw:
        return None, {}
    try:
        data = json.loads(raw)
        pages = {str(k): int(v) for k, v in (data.get("pages") or {}).items()}
        walk_id = data.get("walk_id")
        if walk_id:
            walk_id = str(walk_id)
            pages.setdefault(walk_id, int(data.get("page", 0)))
        return walk_id, pages
    except (ValueError, TypeError, AttributeError):
        return None, {}


def save_position(store: Store, walk_id: str | None, page: int = 0) -> None:
    """Field mode is on ``walk_id`` at ``page``; None: the facilitator left it (the page of every
    walk stays remembered, so coming back to a walk reopens where they were)."""
    _open, pages = _positions(store)
    if walk_id:
        pages.pop(walk_id, None)
        pages[walk_id] = page  # newest last
    pages = dict(list(pages.items())[-KEPT_WALKS:])
    value = json.dumps({"walk_id": walk_id, "page": pages.get(walk_id, 0) if walk_id else 0, "pages": pages})
    with store.uncaptured() as session:
        record = session.get(LocalMeta, POSITION_KEY)
        if record is None:
            session.add(LocalMeta(key=POSITION_KEY, value=value))
        elif record.value != value:
            record.value = value


def last_page(store: Store, walk_id: str) -> int:
    """The page field mode last showed for this walk on this laptop (0, the start, if never)."""
    return _positions(store)[1].get(walk_id, 0)


def saved_position(store: Store) -> tuple[str, int] | None:
    """The walk and page field mode was on when the app closed or crashed (None when it was left)."""
    walk_id, pages = _positions(store)
    if walk_id is None:
        return None
    with store.read() as session:
        walk = session.get(Walk, walk_id)
        if walk is None or walk.deleted:
            return None
    return walk_id, pages.get(walk_id, 0)


# -- photos --------------------------------------------------------------------------------------


def blob_path(store: Store, sha256: str) -> Path:
    return store.paths.blobs / sha256


def add_photo(store: Store, walk_id: str, stop_id: str | None, source: Path, *,
              now: datetime | None = None) -> Photo:
    """Copy the file into the blob store (by its sha256, once) and record it on the walk/stop."""
    source = Path(source)
    try:
        size = source.stat().st_size
        if size > MAX_PHOTO:
            raise UserError(_("{file}: the file is larger than 50 MB").format(file=source))
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
        target = blob_path(store, digest)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_suffix(".part")
            shutil.copyfile(source, tmp)
            tmp.replace(target)
    except OSError as exc:
        raise UserError(_("{file}: the photo cannot be read ({error})").format(
            file=source, error=exc.strerror or exc)) from exc
    mime = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
    photo = Photo(new_id(), stop_id, digest, source.name, size, mime)
    with store.session() as session:
        session.add(Attachment(id=photo.id, walk_id=walk_id, stop_id=stop_id, sha256=digest, file_name=source.name,
                               size=size, mime=mime, caption="", added_at=_now(now)))
    return photo


def remove_photo(store: Store, photo_id: str, removed: bool = True) -> None:
    """Hide the attachment (the blob stays: another record or laptop may share it)."""
    with store.session() as session:
        session.get(Attachment, photo_id).deleted = removed


def with_result(page: FieldPage, item_id: str, result: str | None) -> FieldPage:
    """The page with one item's result changed (the view updates without reloading)."""
    return replace(page, items=tuple(replace(i, result=result) if i.id == item_id else i for i in page.items))
