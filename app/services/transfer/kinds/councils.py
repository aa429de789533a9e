"""councils — key ``code`` (docs/formats/tables.md)."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from app.domain.enums import parse_district
from app.services.transfer.tables import BulkKind, Key, Planned, RowReader
from app.storage.ids import natural_id
from app.tabular.columns import Column

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

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


def _existing(conn: sqlite3.Connection, ctx: dict[str, Any], planned: list[Planned]) -> dict[Key, dict[str, Any]]:
    if "existing" not in ctx:  # a few hundred councils: read once, not per batch
        cursor = conn.execute("SELECT id, deleted, code, name, district, school_district FROM council")
        names = [d[0] for d in cursor.description]
        ctx["existing"] = {(r[2],): dict(zip(names, r, strict=True)) for r in cursor}
    return ctx["existing"]


def _export(session: Session, lang: str) -> list[list[str]]:
    from sqlalchemy import select

    from app.storage.models import Council

    rows = session.execute(
        select(Council).where(Council.deleted.is_(False)).order_by(Council.code)
    ).scalars()
    return [[c.code, c.name, c.district, c.school_district] for c in rows]


KIND = BulkKind(
    name="councils",
    table="council",
    columns=COLUMNS,
    key_columns=("code",),
    context=lambda conn: {},
    parse=_parse,
    existing=_existing,
    new_id=lambda key, fields: natural_id("council", *key),
    export=_export,
)


def council_ids(conn: sqlite3.Connection) -> dict[str, str]:
    """Council code -> id of the councils that are not deleted (used by the other kinds)."""
    return dict(conn.execute("SELECT code, id FROM council WHERE deleted = 0"))
