"""staff — key ``staff_no`` (FORMATS.md). Names and readings are stored exactly as typed.

Rows are matched by the number's identity key (``staff_no_key``), so ``10099`` from a spreadsheet
finds the person stored as ``010099``, and a record stored before numbers were normalised
(``０１００９９``) is found too and rewritten in the canonical form.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.kana import is_reading
from app.domain.parsing import parse_active
from app.domain.staff_no import staff_no_key
from app.i18n import _
from app.services.kinds.councils import council_ids
from app.services.tables import Key, RowReader, TableKind
from app.storage.models import Council, Staff, natural_id
from app.tabular.columns import Column

COLUMNS = (
    Column("staff_no", "職員番号", required=True),
    Column("name", "氏名", required=True),
    Column("kana", "ふりがな", aliases=("フリガナ",), required=True),
    Column("department", "所属"),
    Column("housing", "災害対策住宅"),
    Column("council_code", "協議会コード"),
    Column("active", "在籍"),
)


def _context(session: Session) -> dict[str, Any]:
    return {"councils": council_ids(session)}


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


def _existing(session: Session, ctx: dict[str, Any]) -> dict[Key, dict[str, Any]]:
    rows = session.execute(select(Staff.id, Staff.deleted, Staff.staff_no, Staff.name, Staff.kana,
                                  Staff.department, Staff.housing, Staff.council_id, Staff.active)
                           .order_by(Staff.deleted.desc(), Staff.id)).mappings()
    # A live record wins over a deleted one with the same number (later rows overwrite earlier).
    return {(staff_no_key(r["staff_no"]),): dict(r) for r in rows}


def _export(session: Session, lang: str) -> list[list[str]]:
    rows = session.execute(
        select(Staff, Council.code).outerjoin(Council, Staff.council_id == Council.id)
        .where(Staff.deleted.is_(False)).order_by(Staff.staff_no)
    )
    return [[s.staff_no, s.name, s.kana, s.department, s.housing, code or "", "1" if s.active else "0"]
            for s, code in rows]


KIND = TableKind(
    name="staff",
    model=Staff,
    columns=COLUMNS,
    key_columns=("staff_no",),
    context=_context,
    parse=_parse,
    existing=_existing,
    new_id=lambda key, fields: natural_id("staff", fields["staff_no"]),
    export=_export,
)


def staff_ids(session: Session) -> dict[str, str]:
    """Identity key of the number (``staff_no_key``) -> id of the live staff member."""
    rows = session.execute(select(Staff.staff_no, Staff.id).where(Staff.deleted.is_(False)).order_by(Staff.id))
    return {staff_no_key(no): sid for no, sid in rows}
