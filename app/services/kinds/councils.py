"""councils — key ``code`` (FORMATS.md)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.enums import parse_district
from app.services.tables import Key, RowReader, TableKind
from app.storage.models import Council, natural_id
from app.tabular.columns import Column

COLUMNS = (
    Column("code", "協議会コード", required=True),
    Column("name", "協議会名", required=True),
    Column("district", "地区", required=True),
    Column("school_district", "小学校区"),
)


def _parse(reader: RowReader, ctx: dict[str, Any]) -> tuple[Key, dict[str, Any]]:
    code = reader.text("code")
    district = reader.parse("district", parse_district)
    fields = {
        "code": code,
        "name": reader.text("name"),
        "district": str(district) if district else "",
        "school_district": reader.text("school_district"),
    }
    return (code,), fields


def _existing(session: Session, ctx: dict[str, Any]) -> dict[Key, dict[str, Any]]:
    rows = session.execute(select(Council.id, Council.deleted, Council.code, Council.name,
                                  Council.district, Council.school_district)).mappings()
    return {(r["code"],): dict(r) for r in rows}


def _export(session: Session, lang: str) -> list[list[str]]:
    rows = session.execute(
        select(Council).where(Council.deleted.is_(False)).order_by(Council.code)
    ).scalars()
    return [[c.code, c.name, c.district, c.school_district] for c in rows]


KIND = TableKind(
    name="councils",
    model=Council,
    columns=COLUMNS,
    key_columns=("code",),
    context=lambda session: {},
    parse=_parse,
    existing=_existing,
    new_id=lambda key, fields: natural_id("council", *key),
    export=_export,
)


def council_ids(session: Session) -> dict[str, str]:
    """Council code -> id of the councils that are not deleted (used by the other kinds)."""
    rows = session.execute(select(Council.code, Council.id).where(Council.deleted.is_(False)))
    return {code: cid for code, cid in rows}
