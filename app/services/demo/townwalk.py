"""Town-walk sample data: routes across the five districts (real places of Minato City, fictional
notes), two checklist templates, and walks with participants and results for two fiscal years.

Routes go through the ``routes`` import kind (the same validation and capture as a real file);
templates and walks through the tab's own services. Running it again changes nothing: routes are
matched by code, templates by name, walks by (route, date, label). Needs staff in the store.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from app.domain.fiscal import fiscal_year_of
from app.errors import Invalid
from app.services.townwalk import routes as tw
from app.services.townwalk import templates, walks
from app.services.transfer.files import import_rows
from app.services.transfer.kinds import KINDS
from app.storage.models import Staff
from app.storage.models.townwalk import WalkItem, WalkStop
from app.storage.store import Store
from app.tabular.reader import SourceRow

# (code, name, district, minutes, metres, [(stop, address, lat, lon, point out, route notes)])
ROUTES = (
    ("SHIBA01", "芝公園・増上寺コース", "芝", 90, 2600, [
        ("芝公園駅 A4出口", "港区芝公園4丁目", "35.6547", "139.7489", "集合場所。人数確認と安全説明",
         "日比谷通りを北へ。横断は信号のある交差点で"),
        ("増上寺 三解脱門", "港区芝公園4-7-35", "35.6573", "139.7483", "広域避難場所（芝公園一帯）の案内板",
         "境内は参拝者が多い。列を二つに分けて進む"),
        ("東京タワー", "港区芝公園4-2-8", "35.6586", "139.7454", "観光客の帰宅困難者対策・一時滞在施設",
         "トイレはフットタウン1階。もみじ谷を通って愛宕方面へ"),
        ("愛宕神社", "港区愛宕1-5-3", "35.6649", "139.7487", "出世の石段。高台からの眺めと崖の危険箇所",
         "石段は急。男坂は使わず女坂を下りる"),
        ("芝地区総合支所", "港区芝公園1-5-25", "35.6581", "139.7516", "支所の防災備蓄倉庫", "解散場所"),
    ]),
    ("AZABU01", "麻布十番商店街コース", "麻布", 75, 2100, [
        ("麻布十番駅 7番出口", "港区麻布十番1丁目", "35.6548", "139.7370", "集合場所", "商店街へ南西に進む"),
        ("麻布十番商店街", "港区麻布十番2丁目", "35.6560", "139.7355", "商店会の防災の取り組み（AED の設置店）",
         "道幅が狭い。自転車に注意"),
        ("網代公園", "港区麻布十番2-7", "35.6555", "139.7345", "防災井戸と防災倉庫", "トイレあり"),
        ("善福寺", "港区元麻布1-6-21", "35.6539", "139.7325", "区内最古の寺院。坂と崖の地形",
         "坂がきつい。休憩を入れる"),
        ("麻布地区総合支所", "港区六本木5-16-45", "35.6575", "139.7330", "帰宅困難者の一時滞在施設", "解散"),
    ]),
    ("AKASAKA01", "赤坂・氷川神社コース", "赤坂", 80, 2300, [
        ("赤坂駅 6番出口", "港区赤坂5丁目", "35.6721", "139.7363", "集合場所", "一ツ木通りを南へ"),
        ("赤坂氷川神社", "港区赤坂6-10-12", "35.6694", "139.7358", "地域の祭礼と町会の関わり", "石段あり"),
        ("高橋是清翁記念公園", "港区赤坂7-3-39", "35.6726", "139.7287", "一時集合場所", "青山通りの横断に注意"),
        ("豊川稲荷東京別院", "港区元赤坂1-4-7", "35.6776", "139.7302", "境内の防災設備", "トイレあり"),
        ("赤坂地区総合支所", "港区赤坂4-18-13", "35.6729", "139.7355", "地区の防災マップ", "解散"),
    ]),
    ("TAKANAWA01", "高輪ゲートウェイ・泉岳寺コース", "高輪", 85, 2500, [
        ("高輪ゲートウェイ駅 改札前", "港区港南2丁目", "35.6355", "139.7407", "集合場所。新しいまちの防災拠点",
         "第一京浜の横断歩道を渡る"),
        ("泉岳寺", "港区高輪2-11-1", "35.6380", "139.7386", "赤穂義士の墓所。観光客への対応",
         "境内は静かに。トイレは山門横"),
        ("高輪消防署", "港区高輪2-6-12", "35.6398", "139.7353", "消防署との連携と消火栓の位置",
         "二本榎通りの坂を上る"),
        ("高輪地区総合支所", "港区高輪1-4-1", "35.6423", "139.7365", "支所の災害対策", "解散"),
    ]),
    ("SHIBAURA01", "芝浦運河コース", "芝浦港南", 70, 2000, [
        ("田町駅 芝浦口", "港区芝浦3丁目", "35.6456", "139.7480", "集合場所", "運河に沿って南東へ"),
        ("新芝運河沿緑地", "港区芝浦2丁目", "35.6440", "139.7520", "運河と水害のリスク", "柵のない護岸に注意"),
        ("芝浦公園", "港区芝浦1-16", "35.6452", "139.7541", "一時集合場所", "トイレあり"),
        ("芝浦港南地区総合支所", "港区芝浦1-16-1", "35.6449", "139.7535", "高層住宅の防災（在宅避難）", "解散"),
    ]),
)
TEMPLATES = {
    "標準チェックリスト（令和7年版）": [
        ("start", "安全説明（交通・熱中症・集合場所）", "安全", True), ("start", "参加者の人数確認", "安全", True),
        ("stop", "避難場所・避難経路の表示を確認", "防災", True), ("stop", "危険箇所（段差・崖・交通）を説明", "安全", True),
        ("stop", "地域の方の説明を聞いた", "地域", False), ("stop", "トイレ・休憩場所の確認", "運営", False),
        ("end", "人数確認", "安全", True), ("end", "アンケートの配布", "運営", False)],
    "短縮版チェックリスト": [
        ("start", "安全説明", "安全", True), ("stop", "避難場所の表示を確認", "防災", True),
        ("stop", "危険箇所を説明", "安全", False), ("end", "人数確認", "安全", True)],
}
GUIDES = (("青木　正", "芝地区町会連合会"), ("川口　和子", "麻布十番商店街振興組合"), ("森本　誠", "赤坂観光ボランティアガイド"),
          ("大島　由紀", "高輪地区町会連合会"), ("石橋　進", "芝浦港南地区防災ボランティア"))
WEATHER = ("晴れ", "晴れ", "曇り", "晴れ時々曇り", "小雨")
NOTES = ("工事中のため迂回した", "商店会長から帰宅困難者対策の説明あり", "段差で一名つまずく（けがなし）",
         "防災倉庫の中を見学できた", "")


def _route_rows() -> list[SourceRow]:
    cols = {c.name: (i + 1, c.name) for i, c in enumerate(KINDS["routes"].columns)}
    rows = []
    for code, name, district, _m, _d, stops in ROUTES:
        for n, (stop, address, lat, lon, _point, note) in enumerate(stops, 1):
            rows.append({"route_code": code, "route_name": name, "district": district, "stop_order": str(n),
                         "stop_name": stop, "address": address, "lat": lat, "lon": lon, "note": note})
    return [SourceRow(line=i + 2, values=r, cols=cols) for i, r in enumerate(rows)]


def _templates(store: Store) -> dict[str, str]:
    have = {t.name: t.id for t in templates.list_templates(store)}
    for name, items in TEMPLATES.items():
        if name not in have:
            have[name] = templates.save_template(store, name, "まちあるき研修の確認項目")
            for phase, text, category, required in items:
                templates.save_item(store, templates.ItemInput(have[name], phase, text, category, required))
    return have


def _routes(store: Store, template_ids: dict[str, str]) -> dict[str, str]:
    import_rows(store, KINDS["routes"], "<demo routes>", _route_rows())
    standard = next(iter(template_ids.values()))
    ids = {}
    by_code = {r.code: r for r in tw.list_routes(store)}
    for code, name, district, minutes, metres, stops in ROUTES:
        route = by_code[code]
        ids[code] = route.id
        if route.template_id is None:
            tw.save_route(store, tw.RouteInput(code, name, district, f"{district}地区をめぐる研修コース", minutes,
                                               metres, standard, id=route.id))
            for stop, (*_rest, point, _note) in zip(tw.route_stops(store, route.id), stops, strict=True):
                tw.save_stop(store, tw.StopInput(route.id, stop.name, stop.address, stop.lat, stop.lon, point,
                                                 stop.notes, id=stop.id))
    return ids


def _walk_days(rng: random.Random, fy: int, count: int, today: date) -> list[date]:
    """Weekdays from May to February (not in the rainy-season gap), none later than a month ahead."""
    days: set[date] = set()
    while len(days) < count:
        day = date(fy, 5, 10) + timedelta(days=rng.randrange(0, 280))
        if day.weekday() < 5:
            days.add(day)
    return sorted(d for d in days if d <= today + timedelta(days=30))


def _record(store: Store, rng: random.Random, walk_id: str, day: date, full: bool) -> None:
    """Results as a facilitator would have left them: all ticked for a past walk, half for today's."""
    with store.session() as session:
        stops = session.scalars(select(WalkStop).where(WalkStop.walk_id == walk_id).order_by(WalkStop.position)).all()
        reached = stops if full else stops[: max(1, len(stops) // 2)]
        for n, stop in enumerate(reached):
            stop.arrived_at = f"{day.isoformat()}T{13 + n // 3:02d}:{(n % 3) * 20 + 5:02d}:00"
        ids = {s.id for s in reached}
        for item in session.scalars(select(WalkItem).where(WalkItem.walk_id == walk_id)):
            if item.stop_id in ids or (item.phase == "start") or (full and item.phase == "end"):
                item.result = rng.choices(("ok", "na", "ng"), (85, 10, 5))[0]
                item.checked_at = f"{day.isoformat()}T13:00:00"
                if item.result != "ok":
                    item.note = rng.choice(NOTES[:4])


def load_townwalk_demo(store: Store, today: date | None = None, *, seed: int = 131032) -> dict[str, int]:
    today = today or date.today()
    rng = random.Random(f"{seed}:townwalk")
    template_ids = _templates(store)
    routes = _routes(store, template_ids)
    with store.read() as session:
        staff = session.execute(select(Staff.id, Staff.department).where(Staff.active.is_(True),
                                                                         Staff.deleted.is_(False))).all()
    made = 0
    fy = fiscal_year_of(today)
    for year, count in ((fy - 1, 12), (fy, 10)):
        for n, day in enumerate(_walk_days(rng, year, count, today)):
            rng_walk = random.Random(f"{seed}:townwalk:{day.isoformat()}")
            code = ROUTES[n % len(ROUTES)][0]
            try:
                walk_id = walks.save_walk(store, walks.WalkInput(
                    routes[code], day, "", template_ids[next(iter(template_ids))], rng_walk.choice(WEATHER), "13:00",
                    "15:00" if day < today else "", rng_walk.choice(NOTES)))
            except Invalid:
                continue  # already there (a second run)
            made += 1
            guide = GUIDES[n % len(GUIDES)]
            walks.add_guide(store, walk_id, *guide)
            if staff:
                walks.add_person(store, walk_id, rng_walk.choice(staff)[0], walks.FACILITATOR)
                for staff_id, _dept in rng_walk.sample(staff, min(len(staff), rng_walk.randint(12, 15))):
                    walks.add_person(store, walk_id, staff_id)
            if day <= today:
                _record(store, rng_walk, walk_id, day, full=day < today)
    return {"routes": len(routes), "templates": len(template_ids), "walks": made}
