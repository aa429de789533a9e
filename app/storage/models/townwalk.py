"""Town-walk tables (まちあるき研修): routes and their stops, checklist templates, walks with the
people on them, each walk's own copy of its stops and checklist, and photo attachments.

Why a walk copies its sheet: a walk is checked against the route and template *as they were* on
the day. ``walk_stop`` and ``walk_item`` are filled from the route and the template when the walk
is created, so editing a route or a template later never changes a past walk or its report.

Coordinates are text (``"35.6586"``): the change log carries plain JSON strings, ints and dates.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.models.base import SyncedBase


class Route(SyncedBase):
    """A walking route. ``retired`` hides it from new walks but keeps the walks that used it."""

    __tablename__ = "route"
    __natural_key__ = ("code",)

    code: Mapped[str] = mapped_column(String(32), index=True)
    name: Mapped[str] = mapped_column(String(200))
    district: Mapped[str] = mapped_column(String(16), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    minutes: Mapped[int] = mapped_column(Integer, default=0)  # estimated walking time
    distance_m: Mapped[int] = mapped_column(Integer, default=0)  # estimated distance in metres
    template_id: Mapped[str | None] = mapped_column(ForeignKey("checklist_template.id"), default=None)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)


class RouteStop(SyncedBase):
    """One stop of a route, in walking order (``position`` 1..n)."""

    __tablename__ = "route_stop"
    __natural_key__ = ("route_id", "position")
    __table_args__ = (Index("ix_route_stop_route", "route_id", "position"),)

    route_id: Mapped[str] = mapped_column(ForeignKey("route.id"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300), default="")  # address or landmark
    lat: Mapped[str] = mapped_column(String(32), default="")
    lon: Mapped[str] = mapped_column(String(32), default="")
    point_out: Mapped[str] = mapped_column(Text, default="")  # what to point out here
    notes: Mapped[str] = mapped_column(Text, default="")  # directions to the next stop, hazards, toilets


class ChecklistTemplate(SyncedBase):
    __tablename__ = "checklist_template"
    __natural_key__ = ("name",)

    name: Mapped[str] = mapped_column(String(200), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    retired: Mapped[bool] = mapped_column(Boolean, default=False)


class TemplateItem(SyncedBase):
    """One item of a template. ``phase``: 'start' (before the first stop), 'stop' (at every stop)
    or 'end' (after the last stop)."""

    __tablename__ = "template_item"
    __table_args__ = (Index("ix_template_item_template", "template_id", "position"),)

    template_id: Mapped[str] = mapped_column(ForeignKey("checklist_template.id"))
    phase: Mapped[str] = mapped_column(String(8), default="stop")
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(300))
    category: Mapped[str] = mapped_column(String(64), default="")
    required: Mapped[bool] = mapped_column(Boolean, default=False)


class Walk(SyncedBase):
    """One town walk on one day. ``label`` tells two walks of a route on the same day apart."""

    __tablename__ = "walk"
    __natural_key__ = ("route_id", "date", "label")
    __table_args__ = (Index("ix_walk_date", "date"),)

    route_id: Mapped[str] = mapped_column(ForeignKey("route.id"), index=True)
    date: Mapped[date] = mapped_column(Date)
    label: Mapped[str] = mapped_column(String(64), default="")
    template_id: Mapped[str | None] = mapped_column(ForeignKey("checklist_template.id"), default=None)
    weather: Mapped[str] = mapped_column(String(64), default="")
    start: Mapped[str] = mapped_column(String(5), default="")  # "HH:MM" or ""
    end: Mapped[str] = mapped_column(String(5), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class WalkPerson(SyncedBase):
    """Someone on a walk: a participant (staff) or a facilitator (staff, or an outside guide by name)."""

    __tablename__ = "walk_person"
    __natural_key__ = ("walk_id", "role", "staff_id", "guide_name")
    __table_args__ = (Index("ix_walk_person_walk", "walk_id"),)

    walk_id: Mapped[str] = mapped_column(ForeignKey("walk.id"))
    role: Mapped[str] = mapped_column(String(16), default="participant")  # participant | facilitator
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), index=True, default=None)
    guide_name: Mapped[str] = mapped_column(String(200), default="")  # outside guide (町会, 商店街 …)
    organisation: Mapped[str] = mapped_column(String(200), default="")


class WalkStop(SyncedBase):
    """A walk's copy of one route stop, plus what happened there (arrival, the facilitator's notes)."""

    __tablename__ = "walk_stop"
    __natural_key__ = ("walk_id", "position")
    __table_args__ = (Index("ix_walk_stop_walk", "walk_id", "position"),)

    walk_id: Mapped[str] = mapped_column(ForeignKey("walk.id"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300), default="")
    point_out: Mapped[str] = mapped_column(Text, default="")
    route_notes: Mapped[str] = mapped_column(Text, default="")  # copied from the route
    arrived_at: Mapped[str] = mapped_column(String(32), default="")  # local ISO time, '' until arrival
    field_notes: Mapped[str] = mapped_column(Text, default="")  # written on the day


class WalkItem(SyncedBase):
    """A walk's copy of one checklist item and its result: 'ok' ✓, 'ng' ✗, 'na' 該当なし, None open.
    ``stop_id`` is None for the walk's start and end items."""

    __tablename__ = "walk_item"
    __natural_key__ = ("walk_id", "phase", "stop_id", "position")
    __table_args__ = (Index("ix_walk_item_walk", "walk_id"),)

    walk_id: Mapped[str] = mapped_column(ForeignKey("walk.id"))
    stop_id: Mapped[str | None] = mapped_column(ForeignKey("walk_stop.id"), default=None)
    phase: Mapped[str] = mapped_column(String(8), default="stop")
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(300))
    category: Mapped[str] = mapped_column(String(64), default="")
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    result: Mapped[str | None] = mapped_column(String(8), default=None)
    note: Mapped[str] = mapped_column(Text, default="")
    checked_at: Mapped[str] = mapped_column(String(32), default="")


class Attachment(SyncedBase):
    """A photo (or other file) of a walk or one of its stops. The record syncs; the bytes live in
    ``<data dir>/blobs/<sha256>`` on this laptop (content-addressed, written once). Carrying the
    blob files between laptops is the sync issue's job (issue 4): it finds them by ``sha256``."""

    __tablename__ = "attachment"
    __blob_field__ = "sha256"  # sync carries the file named by this hash (app/sync/blobs.py)
    __table_args__ = (Index("ix_attachment_walk", "walk_id"),)

    walk_id: Mapped[str] = mapped_column(ForeignKey("walk.id"))
    stop_id: Mapped[str | None] = mapped_column(ForeignKey("walk_stop.id"), default=None)
    sha256: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(300))
    size: Mapped[int] = mapped_column(Integer, default=0)
    mime: Mapped[str] = mapped_column(String(100), default="")
    caption: Mapped[str] = mapped_column(Text, default="")
    added_at: Mapped[str] = mapped_column(String(32), default="")
