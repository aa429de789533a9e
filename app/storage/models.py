"""ORM models. Synced tables share ``SyncedBase``: text UUID keys, a ``deleted`` tombstone.

Natural keys (staff number, council code, meeting key) are indexed but not UNIQUE in SQL: two
laptops may create the same key offline, and sync must be able to apply both; services keep keys
unique locally and ``check`` reports duplicates. Records that have a natural key get a UUID derived
from it (``natural_id``) so the same person imported on two laptops is one record, not two.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.storage.ids import ID_NAMESPACE, natural_id, new_id  # noqa: F401 - defined apart from the ORM


class Base(DeclarativeBase):
    pass


SYNCED_MODELS: dict[str, type[SyncedBase]] = {}  # table name -> model, filled as models are defined


class SyncedBase(Base):
    """Every table that travels between laptops. Change capture and sync handle exactly these,
    found by subclassing: a tab's models (in their own module, imported at the end of this one)
    need no sync code of their own. ``__natural_key__`` names the columns ``check`` keeps unique."""

    __abstract__ = True
    __natural_key__: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if not cls.__dict__.get("__abstract__", False):
            SYNCED_MODELS[cls.__tablename__] = cls

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)


class Council(SyncedBase):
    __tablename__ = "council"
    __natural_key__ = ("code",)

    code: Mapped[str] = mapped_column(String(32), index=True)
    name: Mapped[str] = mapped_column(String(200))
    district: Mapped[str] = mapped_column(String(16))
    school_district: Mapped[str] = mapped_column(String(200), default="")


class Staff(SyncedBase):
    __tablename__ = "staff"
    __natural_key__ = ("staff_no",)

    staff_no: Mapped[str] = mapped_column(String(32), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kana: Mapped[str] = mapped_column(String(200))
    department: Mapped[str] = mapped_column(String(200), default="")
    housing: Mapped[str] = mapped_column(String(200), default="")
    council_id: Mapped[str | None] = mapped_column(ForeignKey("council.id"), index=True, default=None)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Meeting(SyncedBase):
    __tablename__ = "meeting"
    __natural_key__ = ("council_id", "date", "title")
    __table_args__ = (Index("ix_meeting_council_date", "council_id", "date"),)

    council_id: Mapped[str] = mapped_column(ForeignKey("council.id"))
    date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16), default="meeting")
    title: Mapped[str] = mapped_column(String(200))
    place: Mapped[str] = mapped_column(String(200), default="")
    start: Mapped[str] = mapped_column(String(5), default="")  # "HH:MM" or ""
    end: Mapped[str] = mapped_column(String(5), default="")
    residents: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")


class Attendance(SyncedBase):
    """One person at one meeting. ``status`` None: on the roster but not marked yet."""

    __tablename__ = "attendance"
    __natural_key__ = ("meeting_id", "staff_id")
    __table_args__ = (Index("ix_attendance_meeting_staff", "meeting_id", "staff_id"),)

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"))
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"), index=True)
    status: Mapped[str | None] = mapped_column(String(16), default=None)
    note: Mapped[str] = mapped_column(Text, default="")
    marked_at: Mapped[str] = mapped_column(String(32), default="")  # local ISO time of the mark


class LocalMeta(Base):
    """This laptop's own facts (device id, clock): never synced."""

    __tablename__ = "local_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class SyncChange(Base):
    """The change log (transactional outbox): one row per changed field, local or received."""

    __tablename__ = "sync_change"
    __table_args__ = (
        Index("ix_sync_change_row", "row_id"),  # small entries: it also carries the primary key
        {"sqlite_with_rowid": False},  # clustered on (origin, seq, hash): appends stay cheap
    )

    origin: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    hash: Mapped[str] = mapped_column(String(32), primary_key=True)
    tbl: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[str] = mapped_column(String(36))
    field: Mapped[str] = mapped_column(String(64))
    value: Mapped[str] = mapped_column(Text)  # JSON
    ms: Mapped[int] = mapped_column(Integer)
    counter: Mapped[int] = mapped_column(Integer)
    base: Mapped[str | None] = mapped_column(String(120), default=None)  # "origin:seq:hash"
    user: Mapped[str] = mapped_column(String(200), default="")
    tx: Mapped[str] = mapped_column(String(36))


def synced_fields(model: type[SyncedBase]) -> tuple[str, ...]:
    """The fields that travel: every column but the primary key."""
    return tuple(c.key for c in model.__table__.columns if c.key != "id")


# Each tab's models live in their own module and register themselves (they subclass SyncedBase);
# they are imported here, last, so that importing ``app.storage.models`` knows every table.
from app.storage import models_survey, models_sync, models_townwalk  # noqa: E402,F401,I001
