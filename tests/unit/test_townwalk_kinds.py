"""The town-walk table kinds in-process: walks with people create the walk and its sheet; check
results update the items; a bad row names its line and column and nothing is written."""

from __future__ import annotations

import pytest

from app.errors import ImportRejected
from app.services.admin.check import run_check
from app.services.demo.load import load_data
from app.services.townwalk import field
from app.services.townwalk.walks import list_walks, walk_people
from app.services.transfer.files import import_rows
from app.services.transfer.kinds import KINDS
from app.tabular.reader import SourceRow
from tests.helpers.townwalk import make_route, make_template, people


def rows(kind: str, records: list[dict[str, str]]) -> list[SourceRow]:
    cols = {c.name: (i + 1, c.name) for i, c in enumerate(KINDS[kind].columns)}
    return [SourceRow(i + 2, {c.name: r.get(c.name, "") for c in KINDS[kind].columns}, cols)
            for i, r in enumerate(records)]


@pytest.fixture
def routed(store):
    from app.services.townwalk import routes as tw

    load_data(store, people())
    tid = make_template(store)
    route_id = make_route(store)
    tw.save_route(store, tw.RouteInput("SHIBA01", "芝", "芝", template_id=tid, id=route_id))
    return store


WALK = {"route_code": "SHIBA01", "date": "令和8年6月12日", "label": "", "weather": "晴れ", "start": "13時", "end": ""}


def test_walks_with_people_create_the_walk_and_its_sheet(routed):
    result = import_rows(routed, KINDS["walks"], "w.csv", rows("walks", [
        {**WALK, "role": "参加者", "staff_no": "000101"},
        {**WALK, "role": "参加者", "staff_no": "000201"},
        {**WALK, "role": "進行役", "guide_name": "青木　正", "organisation": "芝地区町会連合会"}]))
    assert result.created == 3
    walk = list_walks(routed, 2026)[0]
    assert (walk.start, walk.weather, walk.participants, walk.items) == ("13:00", "晴れ", 2, 8)
    assert [p.name for p in walk_people(routed, walk.id)][0] == "青木　正"
    again = import_rows(routed, KINDS["walks"], "w.csv", rows("walks", [{**WALK, "role": "参加者", "staff_no": "000101"}]))
    assert (again.created, again.unchanged) == (0, 1)

    sheet = field.open_sheet(routed, walk.id)
    results = [{"route_code": "SHIBA01", "date": "2026-06-12", "stop_order": "2", "item_order": "1", "result": "✓"},
               {"route_code": "SHIBA01", "date": "2026-06-12", "stop_order": "出発前", "item_order": "1",
                "result": "該当なし", "note": "雨天のため屋内で説明"}]
    assert import_rows(routed, KINDS["walk_results"], "r.csv", rows("walk_results", results)).updated == 2
    sheet = field.open_sheet(routed, walk.id)
    assert sheet.pages[2].items[0].result == "ok" and sheet.pages[0].items[0].note == "雨天のため屋内で説明"
    assert run_check(routed).ok


def test_bad_walk_rows_write_nothing(routed):
    bad = [{**WALK, "role": "参加者", "staff_no": "999999"},
           {**WALK, "role": "参加者", "guide_name": "青木　正"},
           {**WALK, "route_code": "NOPE", "staff_no": "000101"},
           {**WALK, "role": "見学", "staff_no": "000102"}]
    with pytest.raises(ImportRejected) as err:
        import_rows(routed, KINDS["walks"], "w.csv", rows("walks", bad))
    assert sorted((p.line, p.column) for p in err.value.problems) == [(2, "staff_no"), (3, "role"), (4, "route_code"),
                                                                     (5, "role")]
    assert list_walks(routed, 2026) == []
    with pytest.raises(ImportRejected):
        import_rows(routed, KINDS["walk_results"], "r.csv", rows("walk_results", [
            {"route_code": "SHIBA01", "date": "2026-06-12", "stop_order": "1", "item_order": "1", "result": "○"}]))
