"""meetings — key ``(council_code, date, title)`` (docs/formats/tables.md)."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from app.domain.enums import MeetingKind, parse_meeting_kind
from app.domain.parsing import format_time, parse_date, parse_int, parse_time
from app.i18n import _
from app.services.transfer.kinds.councils import council_ids
from app.services.transfer.tables import BulkKind, Key, Planned, RowReader
from app.storage.ids import natural_id
from app.tabular.columns import Column

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

COLUMNS = (
    Column("council_code", "協議会コード", required=True),
    Column("date", "開催日", required=True),
    Column("kind", "種別"),
    Column("title", "件名", required=True),
    Column("place", "場所"),
    Column("start", "開始"),
    Column("end", "終了"),
    Column("residents", "住民参加数"),
)


def _context(conn: sqlite3.Connection) -> dict[str, Any]:
    return {"councils": council_ids(conn)}


def _parse(reader: RowReader, ctx: dict[str, Any]) -> tuple[Key, dict[str, Any]]:
    code = reader.text("council_code")
    council_id = ctx["councils"].get(code) if code else None
    if code and council_id is None:
        reader.problem("council_code", _("no council has this code; import the councils first"))
    day = reader.parse("date", parse_date)
    kind = reader.parse("kind", parse_meeting_kind, MeetingKind.MEETING)
    start = reader.parse("start", parse_time)
    end = reader.parse("end", parse_time)
    if start and end and end < start:
        reader.problem("end", _("the end is before the start"))
    residents = reader.parse("residents", parse_int, 0)
    title = reader.text("title")
    fields = {
        "council_id": council_id,
        "date": day,
        "kind": str(kind),
        "title": title,
        "place": reader.text("place"),
        "start": format_time(start) if start else "",
        "end": format_time(end) if end else "",
        "residents": residents,
    }
    return (code, day.isoformat() if day else "", title), fields


def _existing(conn: sqlite3.Connection, ctx: dict[str, Any], planned: list[Planned]) -> dict[Key, dict[str, Any]]:
    if "existing" not in ctx:  # ten years of meetings are a few thousand: read once, not per batch
        cursor = conn.execute(
            'SELECT m.id, m.deleted, m.council_id, m.date, m.kind, m.title, m.place, m.start, m."end", m.residents, '
            "c.code FROM meeting m JOIN council c ON m.council_id = c.id")
        names = [d[0] for d in cursor.description][:-1]
        ctx["existing"] = {(r[-1], r[3], r[5]): dict(zip(names, r[:-1], strict=True)) for r in cursor}
    return ctx["existing"]


def _export(session: Session, lang: str) -> list[list[str]]:
    from sqlalchemy import select

    from app.storage.models import Council, Meeting

    rows = session.execute(
        select(Meeting, Council.code).join(Council, Meeting.council_id == Council.id)
        .where(Meeting.deleted.is_(False)).order_by(Council.code, Meeting.date, Meeting.title)
    )
    out = []
    for m, code in rows:
        kind = MeetingKind(m.kind)
        out.append([code, m.date.isoformat(), kind.ja if lang == "ja" else str(kind), m.title, m.place,
                    m.start, m.end, str(m.residents)])
    return out


KIND = BulkKind(
    name="meetings",
    table="meeting",
    columns=COLUMNS,
    key_columns=("council_code", "date", "title"),
    context=_context,
    parse=_parse,
    existing=_existing,
    new_id=lambda key, fields: natural_id("meeting", *key),
    export=_export,
)


def meeting_ids(conn: sqlite3.Connection) -> dict[Key, str]:
    """(council code, ISO date, title) -> id of the live meeting."""
    rows = conn.execute("SELECT c.code, m.date, m.title, m.id FROM meeting m JOIN council c ON m.council_id = c.id "
                        "WHERE m.deleted = 0")
    return {(code, day, title): mid for code, day, title, mid in rows}
