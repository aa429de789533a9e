"""meetings — key ``(council_code, date, title)`` (FORMATS.md)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.enums import MeetingKind, parse_meeting_kind
from app.domain.parsing import format_time, parse_date, parse_int, parse_time
from app.i18n import _
from app.services.kinds.councils import council_ids
from app.services.tables import Key, RowReader, TableKind
from app.storage.models import Council, Meeting, natural_id
from app.tabular.columns import Column

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


def _context(session: Session) -> dict[str, Any]:
    return {"councils": council_ids(session)}


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


def _existing(session: Session, ctx: dict[str, Any]) -> dict[Key, dict[str, Any]]:
    rows = session.execute(
        select(Meeting.id, Meeting.deleted, Meeting.council_id, Meeting.date, Meeting.kind, Meeting.title,
               Meeting.place, Meeting.start, Meeting.end, Meeting.residents, Council.code)
        .join(Council, Meeting.council_id == Council.id)
    ).mappings()
    return {(r["code"], r["date"].isoformat(), r["title"]): {k: v for k, v in r.items() if k != "code"} for r in rows}


def _export(session: Session, lang: str) -> list[list[str]]:
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


KIND = TableKind(
    name="meetings",
    model=Meeting,
    columns=COLUMNS,
    key_columns=("council_code", "date", "title"),
    context=_context,
    parse=_parse,
    existing=_existing,
    new_id=lambda key, fields: natural_id("meeting", *key),
    export=_export,
)


def meeting_ids(session: Session) -> dict[Key, str]:
    rows = session.execute(
        select(Council.code, Meeting.date, Meeting.title, Meeting.id)
        .join(Council, Meeting.council_id == Council.id).where(Meeting.deleted.is_(False))
    )
    return {(code, day.isoformat(), title): mid for code, day, title, mid in rows}
