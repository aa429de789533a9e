"""Benchmarks of the town-walk tab, each against a bare sqlite3 query of the same rows:

(h) opening field mode on a 30-stop × 15-item walk: the sheet loaded and the first stop drawn
    (offscreen Qt, synchronous runner) — goal ≤ 100 ms;
(i) coverage of a fiscal year for 2,000 staff over 10 years of walks (150 a year, 15 people
    each: 22,500 participations) — goal ≤ 200 ms.
"""

from __future__ import annotations

import sqlite3
import time
from datetime import date, timedelta
from pathlib import Path

from tests.bench.attendance import _app
from tests.bench.common import Goal, median, spread


def _sheet_store(folder: Path, stops: int, items: int):
    from app.services.townwalk import routes as tw
    from app.services.townwalk import templates, walks
    from app.storage.store import open_store

    store = open_store(folder)
    tid = templates.save_template(store, "大きなチェックリスト")
    for n in range(items):
        templates.save_item(store, templates.ItemInput(tid, "stop", f"確認項目 {n + 1}：避難経路と危険箇所の説明", "防災", n % 3 == 0))
    route = tw.save_route(store, tw.RouteInput("BIG01", "長いルート", "芝", template_id=tid))
    for n in range(stops):
        tw.save_stop(store, tw.StopInput(route, f"地点 {n + 1}", f"港区芝公園{n + 1}丁目", point_out="案内板",
                                         notes="次の地点へは信号を渡って北へ"))
    walk = walks.save_walk(store, walks.WalkInput(route, date(2026, 6, 12), template_id=tid))
    return store, walk


def bench_field(tmp: Path, repeat: int, stops: int = 30, items: int = 15) -> Goal:
    from app.context import AppContext
    from app.ui.tasks import SyncRunner
    from app.ui.townwalk.field_controller import FieldController
    from app.ui.townwalk.field_page import FieldView

    app = _app()
    store, walk_id = _sheet_store(tmp / "field", stops, items)
    ctx = AppContext(store.paths, None, store, None)  # the controller needs .store only
    view = FieldView()
    view.resize(1280, 800)
    view.show()
    controller = FieldController(view, ctx, SyncRunner())
    ours, base = [], []
    db = sqlite3.connect(store.paths.db)
    try:
        for _ in range(repeat + 1):  # the first run warms fonts and caches, then counted runs
            start = time.perf_counter()
            controller.open(walk_id, 1)
            app.processEvents()
            ours.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            db.execute("SELECT * FROM walk_stop WHERE walk_id = ? AND deleted = 0 ORDER BY position", (walk_id,)).fetchall()
            db.execute("SELECT * FROM walk_item WHERE walk_id = ? AND deleted = 0", (walk_id,)).fetchall()
            base.append((time.perf_counter() - start) * 1000)
        ours, base = ours[1:], base[1:]
    finally:
        db.close()
        view.close()
        store.close()
    print(f"(h) Open field mode on a {stops}-stop × {items}-item walk ({stops * items} items): sheet loaded and the "
          "first stop drawn, offscreen, vs a bare sqlite3 query of its stops and items")
    print(f"    FieldDesk {spread(ours, 'ms')}   bare query {spread(base, 'ms')}")
    print()
    return Goal("h", f"Open field mode, {stops} stops × {items} items", median(ours), median(base), "ms",
                "bare sqlite3 query", 100, False)


def _coverage_store(folder: Path, staff: int, years: int, per_year: int, people: int):
    import random

    from app.storage.capture import insert_records
    from app.storage.models import Staff, new_id
    from app.storage.models.townwalk import Route, Walk, WalkPerson
    from app.storage.store import open_store

    rng = random.Random(131032)
    store = open_store(folder)
    departments = [f"{d}課" for d in ("人事", "防災", "企画", "区民", "環境", "保健", "財政", "土木", "福祉", "教育")]
    staff_ids = [new_id() for _ in range(staff)]
    districts = ("芝", "麻布", "赤坂", "高輪", "芝浦港南")
    with store.session() as session:
        insert_records(session, Staff, [{"id": sid, "staff_no": f"{n:06d}", "name": f"職員　{n}", "kana": "しょくいん",
                                         "department": departments[n % 10], "active": n % 50 != 0}
                                        for n, sid in enumerate(staff_ids)])
        routes = [new_id() for _ in range(10)]
        insert_records(session, Route, [{"id": rid, "code": f"R{n:02d}", "name": f"ルート{n}", "district": districts[n % 5]}
                                        for n, rid in enumerate(routes)])
        walks, persons = [], []
        for fy in range(2017, 2017 + years):
            for n in range(per_year):
                wid = new_id()
                walks.append({"id": wid, "route_id": routes[n % 10], "label": str(n),
                              "date": date(fy, 5, 1) + timedelta(days=n * 300 // per_year)})
                persons += [{"id": new_id(), "walk_id": wid, "staff_id": sid}
                            for sid in rng.sample(staff_ids, people)]
        insert_records(session, Walk, walks)
        insert_records(session, WalkPerson, persons)
    return store, len(persons)


def bench_coverage(tmp: Path, repeat: int, staff: int = 2000, years: int = 10) -> Goal:
    from app.services.townwalk.coverage import coverage

    store, rows = _coverage_store(tmp / "coverage", staff, years, 150, 15)
    fy = 2017 + years - 1
    ours, base = [], []
    db = sqlite3.connect(store.paths.db)
    try:
        for _ in range(repeat):
            start = time.perf_counter()
            coverage(store, fy, today=date(fy + 1, 3, 31))
            ours.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            db.execute("SELECT id, staff_no, name, kana, department FROM staff WHERE deleted = 0 AND active = 1").fetchall()
            db.execute("SELECT p.staff_id, MAX(w.date) FROM walk_person p JOIN walk w ON w.id = p.walk_id WHERE w.deleted = 0 "
                       "AND p.deleted = 0 AND p.role = 'participant' AND w.date BETWEEN ? AND ? GROUP BY p.staff_id",
                       (f"{fy}-04-01", f"{fy + 1}-03-31")).fetchall()
            base.append((time.perf_counter() - start) * 1000)
    finally:
        db.close()
        store.close()
    print(f"(i) Coverage of fiscal {fy}: {staff:,} staff, {years} years of walks ({rows:,} participations) vs bare "
          "sqlite3 queries of the staff and their walks")
    print(f"    FieldDesk {spread(ours, 'ms')}   bare queries {spread(base, 'ms')}")
    print()
    return Goal("i", f"Coverage, {staff:,} staff over {years} years of walks", median(ours), median(base), "ms",
                "bare sqlite3 queries", 200, False)
