"""staff — key ``staff_no`` (docs/formats/tables.md). Names and readings are stored exactly as typed.

Rows are matched by the number's identity key (``staff_no_key``), so ``10099`` from a spreadsheet
finds the person stored as ``010099``, and a record stored before numbers were normalised
(``０１００９９``) is found too and rewritten in the canonical form.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from app.domain.kana import is_reading
from app.domain.parsing import parse_active
from app.domain.staff_no import staff_no_key
from app.i18n import _
from app.services.transfer.kinds.councils import council_ids
from app.services.transfer.tables import BulkKind, Key, Planned, RowReader
from app.storage.ids import natural_id
from app.tabular.columns import Column

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

COLUMNS = (
    Column("staff_no", "職員番号", required=True),
    Column("name", "氏名", required=True),
    Column("kana", "ふりがな", aliases=("フリガナ",), required=True),
    Column("department", "所属"),
    Column("housing", "災害対策住宅"),
    Column("council_code", "協議会コード"),
    Column("active", "在籍"),
)


def _context(conn: sqlite3.Connection) -> dict[str, Any]:
    return {"councils": council_ids(conn)}


def _parse(reader: RowReader, ctx: dict[str, Any]) -> tuple[Key, dict[str, Any]]:
    staff_no = reader.staff_no("staff_no", ctx)
    kana = reader.text("kana")
    if kana and not is_reading(kana):
        reader.problem("kana", _("the reading must be written in hiragana or katakana"))
    code = reader.text("council_code")
    council_id = None
    if code:
        council_id = ctx["councils"].get(code)
        if council_id is None:
            reader.problem("council_code", _("no council has this code; import the councils first"))
    active = reader.parse("active", parse_active, True)
    fields = {
        "staff_no": staff_no,
        "name": reader.text("name"),
        "kana": kana,
        "department": reader.text("department"),
        "housing": reader.text("housing"),
        "council_id": council_id,
        "active": bool(active),
    }
    return (staff_no_key(staff_no),), fields


def _existing(conn: sqlite3.Connection, ctx: dict[str, Any], planned: list[Planned]) -> dict[Key, dict[str, Any]]:
    if "existing" not in ctx:  # the ward's staff (a few thousand): read once, not per batch
        cursor = conn.execute("SELECT id, deleted, staff_no, name, kana, department, housing, council_id, active "
                              "FROM staff ORDER BY deleted DESC, id")
        names = [d[0] for d in cursor.description]
        # A live record wins over a deleted one with the same number (later rows overwrite earlier).
        ctx["existing"] = {(staff_no_key(r[2]),): dict(zip(names, r, strict=True)) for r in cursor}
    return ctx["existing"]


def _export(session: Session, lang: str) -> list[list[str]]:
    from sqlalchemy import select

    from app.storage.models import Council, Staff

    rows = session.execute(
        select(Staff, Council.code).outerjoin(Council, Staff.council_id == Council.id)
        .where(Staff.deleted.is_(False)).order_by(Staff.staff_no)
    )
    return [[s.staff_no, s.name, s.kana, s.department, s.housing, code or "", "1" if s.active else "0"]
            for s, code in rows]


KIND = BulkKind(
    name="staff",
    table="staff",
    columns=COLUMNS,
    key_columns=("staff_no",),
    context=_context,
    parse=_parse,
    existing=_existing,
    new_id=lambda key, fields: natural_id("staff", fields["staff_no"]),
    export=_export,
)


def staff_ids(conn: sqlite3.Connection) -> dict[str, str]:
    """Identity key of the number (``staff_no_key``) -> id of the live staff member."""
    rows = conn.execute("SELECT staff_no, id FROM staff WHERE deleted = 0 ORDER BY id")
    return {staff_no_key(no): sid for no, sid in rows}
