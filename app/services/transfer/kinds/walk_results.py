"""walk_results — the check results of walks, one row per item, key
``(route_code, date, label, stop_order, item_order)``. Import updates results and notes of items
that exist (a walk's items come from its template when the walk is created); ``item`` is shown
for the reader of the file and not compared."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.parsing import parse_date, parse_int
from app.i18n import _
from app.services.transfer.tables import Key, RowReader, TableKind
from app.storage.models.townwalk import Route, Walk, WalkItem, WalkStop
from app.tabular.columns import Column

COLUMNS = (
    Column("route_code", "ルートコード", required=True),
    Column("date", "実施日", required=True),
    Column("label", "区分"),
    Column("stop_order", "順番", aliases=("地点番号",), required=True),
    Column("item_order", "項目番号", required=True),
    Column("item", "項目"),
    Column("result", "結果"),
    Column("note", "備考"),
)
RESULT_WORDS = {"ok": "ok", "✓": "ok", "○": "ok", "〇": "ok", "済": "ok", "良": "ok",
                "ng": "ng", "✗": "ng", "×": "ng", "否": "ng",
                "na": "na", "該当なし": "na", "-": "na", "―": "na", "対象外": "na"}
RESULT_JA = {"ok": "✓", "ng": "✗", "na": "該当なし"}
STOP_WORDS = {"start": "start", "出発前": "start", "end": "end", "終了時": "end"}
STOP_JA = {"start": "出発前", "end": "終了時"}


def parse_result(text: str) -> str:
    value = RESULT_WORDS.get(text.strip().casefold())
    if value is None:
        raise ValueError(_("write ✓, ✗ or 該当なし (ok, ng, na)"))
    return value


def parse_stop_order(text: str) -> str:
    word = STOP_WORDS.get(text.strip().casefold())
    return word if word else str(parse_int(text, minimum=1))


def _context(session: Session) -> dict[str, Any]:
    rows = session.execute(
        select(Route.code, Walk.date, Walk.label, WalkItem.phase, WalkStop.position, WalkItem.position,
               WalkItem.id, WalkItem.result, WalkItem.note)
        .join(Walk, WalkItem.walk_id == Walk.id).join(Route, Walk.route_id == Route.id)
        .outerjoin(WalkStop, WalkItem.stop_id == WalkStop.id)
        .where(Walk.deleted.is_(False), WalkItem.deleted.is_(False)))
    items = {}
    for code, day, label, phase, stop_pos, pos, iid, result, note in rows:
        stop = str(stop_pos) if phase == "stop" else phase
        items[(code, day.isoformat(), label, stop, str(pos))] = {"id": iid, "deleted": False, "result": result,
                                                                 "note": note}
    return {"items": items}


def _parse(reader: RowReader, ctx: dict[str, Any]) -> tuple[Key, dict[str, Any]]:
    day = reader.parse("date", parse_date)
    stop = reader.parse("stop_order", parse_stop_order)
    item = reader.parse("item_order", lambda t: parse_int(t, minimum=1))
    key = (reader.text("route_code"), day.isoformat() if day else "", reader.text("label"), stop or "", str(item or ""))
    if day and stop and item and key not in ctx["items"]:
        reader.problem("item_order", _("this walk has no such item; import the walks first"))
    return key, {"result": reader.parse("result", parse_result), "note": reader.text("note")}


def _export(session: Session, lang: str) -> list[list[str]]:
    rows = session.execute(
        select(Route.code, Walk.date, Walk.label, WalkItem.phase, WalkStop.position, WalkItem.position,
               WalkItem.text, WalkItem.result, WalkItem.note)
        .join(Walk, WalkItem.walk_id == Walk.id).join(Route, Walk.route_id == Route.id)
        .outerjoin(WalkStop, WalkItem.stop_id == WalkStop.id)
        .where(Walk.deleted.is_(False), WalkItem.deleted.is_(False)))
    order = {"start": 0, "stop": 1, "end": 2}
    out = sorted(rows, key=lambda r: (r[1], r[0], r[2], order.get(r[3], 1), r[4] or 0, r[5]))
    words = RESULT_JA if lang == "ja" else {k: k for k in RESULT_JA}
    return [[code, day.isoformat(), label,
             str(stop_pos) if phase == "stop" else (STOP_JA[phase] if lang == "ja" else phase),
             str(pos), text, words.get(result, "") if result else "", note]
            for code, day, label, phase, stop_pos, pos, text, result, note in out]


KIND = TableKind(
    name="walk_results",
    model=WalkItem,
    columns=COLUMNS,
    key_columns=("route_code", "date", "label", "stop_order", "item_order"),
    context=_context,
    parse=_parse,
    existing=lambda session, ctx: ctx["items"],
    new_id=lambda key, fields: "",  # never: every row names an existing item
    export=_export,
)
