"""Hand-made town-walk data (no Qt): seven people with known departments, a three-stop route, the
standard checklist, and one walk on it; every coverage figure is known by hand."""

from __future__ import annotations

from datetime import date

from app.services.demo.attendance import DemoData
from app.services.demo.load import load_data
from app.services.townwalk import routes as tw
from app.services.townwalk import templates, walks


def people() -> DemoData:
    """Six active staff in two departments and one retired: known figures for coverage."""
    rows = [("000101", "髙橋　一郎", "たかはし　いちろう", "人事課", "1"),
            ("000102", "山﨑　花子", "やまざき　はなこ", "人事課", "1"),
            ("000103", "佐藤　次郎", "さとう　じろう", "人事課", "1"),
            ("000201", "鈴木　三郎", "すずき　さぶろう", "防災課", "1"),
            ("000202", "田中　四郎", "たなか　しろう", "防災課", "1"),
            ("000203", "伊藤　五郎", "いとう　ごろう", "防災課", "1"),
            ("000301", "渡邊　退蔵", "わたなべ　たいぞう", "企画課", "0")]
    staff = [{"staff_no": n, "name": m, "kana": k, "department": d, "housing": "", "council_code": "", "active": a}
             for n, m, k, d, a in rows]
    return DemoData(staff=staff, councils=[], meetings=[], attendance=[])


def make_route(store, code="SHIBA01", district="芝", stops=("芝公園", "増上寺", "東京タワー")) -> str:
    route_id = tw.save_route(store, tw.RouteInput(code, f"{code} ルート", district, minutes=90, distance_m=2400))
    for name in stops:
        tw.save_stop(store, tw.StopInput(route_id, name, address=f"港区 {name}", notes=f"{name}から次へ"))
    return route_id


def make_template(store) -> str:
    tid = templates.save_template(store, "標準チェックリスト")
    templates.save_item(store, templates.ItemInput(tid, "start", "安全説明", "安全", True))
    templates.save_item(store, templates.ItemInput(tid, "stop", "避難場所の表示", "防災", True))
    templates.save_item(store, templates.ItemInput(tid, "stop", "段差・危険箇所", "安全"))
    templates.save_item(store, templates.ItemInput(tid, "end", "人数確認", "安全", True))
    return tid


def seed(ctx) -> str:
    """One walk on SHIBA01 (the standard checklist, three stops) on 2026-06-12; its id."""
    load_data(ctx.store, people())
    tid = make_template(ctx.store)
    route_id = make_route(ctx.store)
    tw.save_route(ctx.store, tw.RouteInput("SHIBA01", "芝公園・増上寺コース", "芝", template_id=tid, id=route_id))
    return walks.save_walk(ctx.store, walks.WalkInput(route_id, date(2026, 6, 12), template_id=tid))


def seed_walk(store) -> str:
    """The same route and checklist, a walk with its weather: the unit tests' ``walk`` fixture."""
    load_data(store, people())
    tid = make_template(store)
    route_id = make_route(store)
    tw.save_route(store, tw.RouteInput("SHIBA01", "SHIBA01 ルート", "芝", template_id=tid, id=route_id))
    walk_id = walks.save_walk(store, walks.WalkInput(route_id, date(2026, 6, 12), template_id=tid, weather="晴れ"))
    return walk_id
