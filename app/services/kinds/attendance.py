"""attendance — key ``(council_code, date, title, staff_no)`` (FORMATS.md).

An empty status means "on the roster, not marked yet" — how a person added to one meeting is
exported, so an export always imports back unchanged.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.enums import AttendanceStatus, parse_attendance_status
from app.domain.parsing import parse_date
from app.domain.staff_no import staff_no_key
from app.i18n import _
from app.services.kinds.meetings import meeting_ids
from app.services.kinds.staff import staff_ids
from app.services.tables import Key, RowReader, TableKind
from app.storage.models import Attendance, Council, Meeting, Staff, natural_id
from app.tabular.columns import Column

COLUMNS = (
    Column("council_code", "協議会コード", required=True),
    Column("date", "開催日", required=True),
    Column("title", "件名", required=True),
    Column("staff_no", "職員番号", required=True),
    Column("status", "出欠"),
    Column("note", "備考"),
)


def _context(session: Session) -> dict[str, Any]:
    return {"meetings": meeting_ids(session), "staff": staff_ids(session)}


def _parse(reader: RowReader, ctx: dict[str, Any]) -> tuple[Key, dict[str, Any]]:
    code = reader.text("council_code")
    day = reader.parse("date", parse_date)
    title = reader.text("title")
    meeting_id = None
    if code and day and title:
        meeting_id = ctx["meetings"].get((code, day.isoformat(), title))
        if meeting_id is None:
            reader.problem("title", _("no meeting of this council on this date has this title; import the meetings first"))
    number = reader.staff_no("staff_no", ctx)
    staff_no = staff_no_key(number) if number else ""  # matched by identity, as staff_ids keys them
    staff_id = ctx["staff"].get(staff_no) if staff_no else None
    if staff_no and staff_id is None:
        reader.problem("staff_no", _("no staff member has this number; import the staff first"))
    status = reader.parse("status", parse_attendance_status)
    fields = {
        "meeting_id": meeting_id,
        "staff_id": staff_id,
        "status": str(status) if status else None,
        "note": reader.text("note"),
    }
    return (code, day.isoformat() if day else "", title, staff_no), fields


def _existing(session: Session, ctx: dict[str, Any]) -> dict[Key, dict[str, Any]]:
    meeting_key = {mid: key for key, mid in ctx["meetings"].items()}
    staff_no = {sid: no for no, sid in ctx["staff"].items()}
    out: dict[Key, dict[str, Any]] = {}
    rows = session.execute(select(Attendance.id, Attendance.deleted, Attendance.meeting_id, Attendance.staff_id,
                                  Attendance.status, Attendance.note))
    for row in rows.mappings():
        mkey = meeting_key.get(row["meeting_id"])
        sno = staff_no.get(row["staff_id"])
        if mkey is not None and sno is not None:
            out[(*mkey, sno)] = dict(row)
    return out


def _export(session: Session, lang: str) -> list[list[str]]:
    rows = session.execute(
        select(Council.code, Meeting.date, Meeting.title, Staff.staff_no, Attendance.status, Attendance.note)
        .join(Meeting, Attendance.meeting_id == Meeting.id)
        .join(Council, Meeting.council_id == Council.id)
        .join(Staff, Attendance.staff_id == Staff.id)
        .where(Attendance.deleted.is_(False), Meeting.deleted.is_(False))
        .order_by(Council.code, Meeting.date, Meeting.title, Staff.staff_no)
    )
    out = []
    for code, day, title, no, status, note in rows:
        label = ""
        if status:
            label = AttendanceStatus(status).ja if lang == "ja" else status
        out.append([code, day.isoformat(), title, no, label, note])
    return out


KIND = TableKind(
    name="attendance",
    model=Attendance,
    columns=COLUMNS,
    key_columns=("council_code", "date", "title", "staff_no"),
    context=_context,
    parse=_parse,
    existing=_existing,
    new_id=lambda key, fields: natural_id("attendance", fields["meeting_id"], fields["staff_id"]),
    export=_export,
)
