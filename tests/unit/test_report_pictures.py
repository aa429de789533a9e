"""The pictures in the PDFs, read back as text (pypdf): the route map on the route sheet's first
page, the participation rates across fiscal years per district and council, coverage by
department as bars. Every expected figure is counted here from the raw rows (ORM queries over
staff, meetings, marks, walks), not taken from the services the reports use."""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.services.attendance import reports
from app.services.demo.attendance import generate
from app.services.demo.load import load_data
from app.services.demo.townwalk import ROUTES, load_townwalk_demo
from app.services.townwalk import reports as tw_reports
from app.services.townwalk import routes as tw
from app.settings import Settings
from app.storage.models import Council, Staff
from app.storage.models.townwalk import Walk, WalkPerson
from app.storage.store import open_store
from tests.helpers.report_figures import pct, residents_figures

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 9, 30)
FY = 2026
DISTRICTS = ("芝", "麻布", "赤坂", "高輪", "芝浦港南")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = open_store(tmp_path_factory.mktemp("pictures") / "data", user="テスト担当")
    load_data(s, generate(TODAY, staff_count=120, years=3))
    load_townwalk_demo(s, TODAY)
    yield s
    s.close()


@pytest.fixture
def settings() -> Settings:
    return Settings(device_name="MINATO-PC-017")


def lines(path: Path, page: int | None = None) -> list[str]:
    pages = PdfReader(path).pages
    chosen = pages if page is None else [pages[page]]
    return [line.strip() for p in chosen for line in p.extract_text().splitlines() if line.strip()]


# -- the route map -----------------------------------------------------------------------------------

def haversine(a, b) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(math.sqrt(h))


def test_the_route_sheet_draws_the_route_on_its_first_page(store, settings, tmp_path):
    out = tw_reports.route_sheet(store, settings, "SHIBA01", tmp_path / "route.pdf", now=NOW)
    first = lines(out, 0)
    assert "ルート図" in first
    stops = next(r[5] for r in ROUTES if r[0] == "SHIBA01")
    legend = [f"{n}." for n in range(1, len(stops) + 1)]
    at = first.index(legend[0])
    # the numbered stops in walking order, each number followed by its name
    assert first[at:at + 2 * len(stops)] == [x for n, s in enumerate(stops, 1) for x in (f"{n}.", s[0])]
    # the markers' numbers, the scale bar (a round length) and north
    assert re.search(r"^[125]0* m$|^[125] km$", "\n".join(first), re.M)
    assert "N" in first
    metres = sum(haversine((float(a[2]), float(a[3])), (float(b[2]), float(b[3]))) for a, b in zip(stops, stops[1:],
                                                                                                   strict=False))
    text = "".join(first)
    total = round(metres, -1)
    shown = f"{round(total / 1000, 1):g} km" if total >= 1000 else f"{total:.0f} m"
    assert f"直線の合計{shown}".replace(" ", "") in text.replace(" ", ""), text  # a line may break at the space
    resources = PdfReader(out).pages[0]["/Resources"]
    xobjects = resources.get("/XObject")
    assert not xobjects or not any(x.get_object().get("/Subtype") == "/Image" for x in xobjects.get_object().values())


def test_a_route_sheet_lists_stops_without_coordinates_and_says_when_it_cannot_draw(store, settings, tmp_path):
    partly = tw.save_route(store, tw.RouteInput("TEST02", "座標の欠けたコース", "芝"))
    for name, lat, lon in (("芝公園駅", "35.6547", "139.7489"), ("増上寺", "", ""), ("東京タワー", "35.6586", "139.7454")):
        tw.save_stop(store, tw.StopInput(partly, name, lat=lat, lon=lon))
    text = "".join(lines(tw_reports.route_sheet(store, settings, "TEST02", tmp_path / "a.pdf", now=NOW), 0))
    assert "ルート図" in text and "図にない地点: 2. 増上寺（緯度・経度なし）" in text
    lonely = tw.save_route(store, tw.RouteInput("TEST03", "座標が一つのコース", "芝"))
    tw.save_stop(store, tw.StopInput(lonely, "芝公園駅", lat="35.6547", lon="139.7489"))
    tw.save_stop(store, tw.StopInput(lonely, "増上寺"))
    text = "".join(lines(tw_reports.route_sheet(store, settings, "TEST03", tmp_path / "b.pdf", now=NOW), 0))
    assert "緯度・経度のある地点が一つだけです" in text and "直線の合計" not in text


# -- participation across fiscal years ---------------------------------------------------------------

def test_the_participation_report_charts_each_year_per_district_and_council(store, settings, tmp_path):
    out = reports.participation_report(store, settings, FY, None, tmp_path / "p.pdf", today=TODAY, now=NOW)
    years = {fy: residents_figures(store, fy) for fy in (FY - 2, FY - 1, FY)}
    first = lines(out, 0)
    assert "年度別の出席率" in first
    assert first[first.index("令和6年度"):first.index("令和6年度") + 3] == ["令和6年度", "令和7年度", "令和8年度"]
    # the bars' labels, year by year, district by district (the order the chart draws them)
    bars = [line for line in first if re.fullmatch(r"\d+%|—", line)]
    expected = [pct(years[fy]["district"].get(d)) for fy in years for d in DISTRICTS if d in years[FY]["district"]]
    assert bars[:len(expected)] == expected
    districts = [d for d in DISTRICTS if d in years[FY]["district"]]
    names = [line for line in first if line in districts]
    assert names == districts
    assert [line for line in first if line.startswith("基準未満 ")] == \
        [f"基準未満 {years[FY]['district'][d][2]}人" for d in districts]
    # per council: this year, the year before, the below-minimum count, after the council's name
    text = lines(out)
    start = text.index("協議会別の出席率")
    with store.read() as session:
        councils = session.execute(select(Council.code, Council.name).where(Council.deleted.is_(False))
                                   .order_by(Council.code)).all()
    for code, name in councils:
        if code not in years[FY]["council"]:
            continue
        at = text.index(name, start)
        now, before = years[FY]["council"][code], years[FY - 1]["council"].get(code)
        assert text[at:at + 4] == [name, pct(now), pct(before), str(now[2])], name


def test_one_year_of_data_says_there_is_nothing_to_compare(tmp_path, settings):
    s = open_store(tmp_path / "data", user="テスト担当")
    try:
        load_data(s, generate(date(2026, 11, 23), staff_count=40, years=1))
        out = reports.participation_report(s, settings, FY, None, tmp_path / "one.pdf", today=TODAY, now=NOW)
    finally:
        s.close()
    text = "".join(lines(out, 0))
    assert "比べられる過去の年度のデータがありません" in text and "令和7年度" not in text


# -- coverage by department ----------------------------------------------------------------------------

def test_the_coverage_report_shows_each_department_as_a_bar_with_its_figures(store, settings, tmp_path):
    out = tw_reports.coverage_report(store, settings, FY, tmp_path / "c.pdf", today=TODAY, now=NOW)
    with store.read() as session:
        staff = session.execute(select(Staff.id, Staff.department).where(Staff.active.is_(True),
                                                                         Staff.deleted.is_(False))).all()
        walked = set(session.scalars(select(WalkPerson.staff_id).join(Walk, Walk.id == WalkPerson.walk_id).where(
            WalkPerson.role == "participant", WalkPerson.deleted.is_(False), Walk.deleted.is_(False),
            Walk.date >= date(FY, 4, 1), Walk.date <= TODAY)))
    figures: dict[str, list[int]] = {}
    for staff_id, department in staff:
        slot = figures.setdefault(department, [0, 0])
        slot[0] += 1
        slot[1] += staff_id in walked
    first = lines(out, 0)
    at = first.index("所属別")
    for department in sorted(figures):
        whole, part = figures[department]
        i = first.index(department, at)
        assert first[i + 1] == f"{part} / {whole}（{part / whole * 100:.1f}%）", department
    assert sum(p for _w, p in figures.values()) > 0
