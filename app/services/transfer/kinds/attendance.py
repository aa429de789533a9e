"""attendance — key ``(council_code, date, title, staff_no)`` (docs/formats/tables.md).

An empty status means "on the roster, not marked yet" — how a person added to one meeting is
exported, so an export always imports back unchanged.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from app.domain.enums import AttendanceStatus, parse_attendance_status
from app.domain.parsing import parse_date
from app.domain.staff_no import staff_no_key
from app.i18n import _
from app.services.transfer.kinds.meetings import meeting_ids
from app.services.transfer.kinds.staff import staff_ids
from app.services.transfer.tables import PADDED, BulkKind, Key, Planned, RowReader
from app.storage.ids import natural_id
from app.tabular.columns import Column

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

COLUMNS = (
    Column("council_code", "協議会コード", required=True),
    Column("date", "開催日", required=True),
    Column("title", "件名", required=True),
    Column("staff_no", "職員番号", required=True),
    Column("status", "出欠"),
    Column("note", "備考"),
)


def _context(conn: sqlite3.Connection) -> dict[str, Any]:
    meetings, staff = meeting_ids(conn), staff_ids(conn)
    return {"meetings": meetings, "staff": staff,
            # small ints for the (meeting, person) pairs: a repeated pair is found with one bit each
            "meeting_no": {mid: n for n, mid in enumerate(meetings.values())},
            "staff_index": {sid: n for n, sid in enumerate(dict.fromkeys(staff.values()))},
            # cell texts already read and found good -> what they mean: a file of marks repeats each
            # meeting a thousand times and each person at every meeting (see _parse)
            "read_meetings": {}, "read_staff": {}, "read_status": {}}


def _key_code(ctx: dict[str, Any], fields: dict[str, Any]) -> int:
    return ctx["meeting_no"][fields["meeting_id"]] * len(ctx["staff_index"]) + ctx["staff_index"][fields["staff_id"]]


def _parse(reader: RowReader, ctx: dict[str, Any]) -> tuple[Key, dict[str, Any]]:
    """Every cell is checked, but a text met before and found good is looked up, not parsed again;
    the notes and padded numbers it carries are still counted per cell."""
    values = reader.row.values
    code, raw_day, title, raw_no, raw_status = (values["council_code"], values["date"], values["title"],
                                                values["staff_no"], values["status"])
    meeting = ctx["read_meetings"].get((code, raw_day, title))
    if meeting is None:
        meeting_id, day = _meeting(reader, ctx, code, raw_day, title)
    else:
        meeting_id, day, note = meeting
        if note:
            reader.notes[note] += 1
    person = ctx["read_staff"].get(raw_no)
    if person is None:
        staff_id, staff_no = _person(reader, ctx, raw_no)
    else:
        staff_id, staff_no, padded = person
        if padded:
            ctx[PADDED] = ctx.get(PADDED, 0) + 1
    status = ctx["read_status"].get(raw_status, _UNREAD)
    if status is _UNREAD:
        problems = len(reader.problems)
        status = reader.parse("status", parse_attendance_status)
        status = str(status) if status else None
        if len(reader.problems) == problems:
            ctx["read_status"][raw_status] = status
    fields = {"meeting_id": meeting_id, "staff_id": staff_id, "status": status, "note": values["note"]}
    return (code, day, title, staff_no), fields


_UNREAD = object()


def _meeting(reader: RowReader, ctx: dict[str, Any], code: str, raw_day: str, title: str) -> tuple[str | None, str]:
    """(meeting id, ISO date) of the row's meeting, the problems recorded on the reader."""
    day = reader.parse("date", parse_date)
    iso = day.isoformat() if day else ""
    meeting_id = None
    if code and day and title:
        meeting_id = ctx["meetings"].get((code, iso, title))
        if meeting_id is None:
            reader.problem("title", _("no meeting of this council on this date has this title; import the meetings first"))
        else:
            ctx["read_meetings"][code, raw_day, title] = (meeting_id, iso, reader.memo[parse_date, raw_day][2])
    return meeting_id, iso


def _person(reader: RowReader, ctx: dict[str, Any], raw_no: str) -> tuple[str | None, str]:
    """(staff id, identity key of the number) of the row's person, the problems recorded on the reader."""
    before = ctx.get(PADDED, 0)
    number = reader.staff_no("staff_no", ctx)
    staff_no = staff_no_key(number) if number else ""  # matched by identity, as staff_ids keys them
    staff_id = ctx["staff"].get(staff_no) if staff_no else None
    if staff_no and staff_id is None:
        reader.problem("staff_no", _("no staff member has this number; import the staff first"))
    elif staff_id is not None:
        ctx["read_staff"][raw_no] = (staff_id, staff_no, ctx.get(PADDED, 0) > before)
    return staff_id, staff_no


_EXISTING = ("SELECT a.id, a.deleted, a.meeting_id, a.staff_id, a.status, a.note FROM (VALUES {pairs}) AS k "
             "JOIN attendance a ON a.meeting_id = k.column1 AND a.staff_id = k.column2 "
             "ORDER BY a.deleted DESC, a.id DESC")


def _existing(conn: sqlite3.Connection, ctx: dict[str, Any], planned: list[Planned]) -> dict[Key, dict[str, Any]]:
    """The stored marks of this batch's (meeting, person) pairs only: one index probe per pair,
    however many marks the store holds (a live mark wins over a deleted one of the same pair)."""
    by_pair = {(p.fields["meeting_id"], p.fields["staff_id"]): p.key for p in planned}
    out: dict[Key, dict[str, Any]] = {}
    pairs = list(by_pair)
    for start in range(0, len(pairs), 500):
        chunk = pairs[start:start + 500]
        values = ", ".join(["(?, ?)"] * len(chunk))
        cursor = conn.execute(_EXISTING.format(pairs=values), [x for pair in chunk for x in pair])
        for row in cursor:
            out[by_pair[(row[2], row[3])]] = {"id": row[0], "deleted": row[1], "meeting_id": row[2],
                                              "staff_id": row[3], "status": row[4], "note": row[5]}
    return out


def _export(session: Session, lang: str) -> list[list[str]]:
    from sqlalchemy import select

    from app.storage.models import Attendance, Council, Meeting, Staff

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


KIND = BulkKind(
    name="attendance",
    table="attendance",
    columns=COLUMNS,
    key_columns=("council_code", "date", "title", "staff_no"),
    context=_context,
    parse=_parse,
    existing=_existing,
    new_id=lambda key, fields: natural_id("attendance", fields["meeting_id"], fields["staff_id"]),
    export=_export,
    key_code=_key_code,
    key_space=lambda ctx: max(1, len(ctx["meeting_no"]) * len(ctx["staff_index"])),
)
