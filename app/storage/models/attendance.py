"""Tables of the council-attendance tab and the staff list: councils, staff, meetings, marks."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.models.base import SyncedBase


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
