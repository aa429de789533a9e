"""The charts on screen: the participation page's rates across fiscal years (per district and
council, with the below-minimum count) and the coverage page's bars by department. The figures
are read from the widgets' own texts and checked against counts made from the raw rows."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtGui import QColor
from sqlalchemy import select

from app.context import AppContext
from app.services.demo.attendance import generate
from app.services.demo.load import load_data
from app.services.townwalk import walks
from app.storage.models import Council, Staff
from app.ui.attendance.participation_controller import ParticipationController
from app.ui.attendance.participation_page import ParticipationView
from app.ui.tasks import SyncRunner
from app.ui.widgets.rate_charts import NOW
from tests.helpers.report_figures import pct, residents_figures

TODAY = date(2026, 11, 23)
FY = 2026
DISTRICTS = ("芝", "麻布", "赤坂", "高輪", "芝浦港南")


@pytest.fixture(scope="module")
def sample_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("charts") / "data"
    ctx = AppContext.open(folder)
    try:
        load_data(ctx.store, generate(TODAY, years=3))
    finally:
        ctx.close()
    return folder


@pytest.fixture
def panel(qtbot, sample_folder, tmp_path):
    shutil.copytree(sample_folder, tmp_path / "data")
    ctx = AppContext.open(tmp_path / "data")
    view = ParticipationView()
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    controller = ParticipationController(view, ctx, SyncRunner(), today=TODAY)
    controller.reload()
    yield view, ctx
    view.close()
    ctx.close()


def painted(widget, colour: QColor) -> int:
    image = widget.grab().toImage()
    return sum(1 for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
               if image.pixelColor(x, y) == colour)


def test_the_participation_page_charts_the_rate_of_each_year_per_district_and_council(qtbot, panel):
    view, ctx = panel
    figures = {fy: residents_figures(ctx.store, fy) for fy in (FY - 2, FY - 1, FY)}
    districts = [d for d in DISTRICTS if d in figures[FY]["district"]]
    assert view.district_chart.chart.years == (FY - 2, FY - 1, FY)
    assert view.district_chart.texts() == [
        (d, [pct(figures[fy]["district"].get(d)) for fy in figures], f"基準未満 {figures[FY]['district'][d][2]}人")
        for d in districts]
    with ctx.store.read() as session:
        names = dict(session.execute(select(Council.code, Council.name)).all())
    assert view.council_chart.texts() == [
        (names[code], pct(figures[FY]["council"][code]), pct(figures[FY - 1]["council"].get(code)),
         str(figures[FY]["council"][code][2])) for code in sorted(figures[FY]["council"])]
    view.group_pages.setCurrentIndex(1)
    qtbot.wait(10)
    assert painted(view.district_chart, NOW) > 50 and painted(view.council_chart, NOW) > 50


def test_the_charts_follow_the_department_filter(qtbot, panel):
    view, ctx = panel
    with ctx.store.read() as session:
        residents = session.execute(select(Staff.department).where(
            Staff.housing != "", Staff.active.is_(True), Staff.council_id.is_not(None))).scalars().all()
    department = max(set(residents), key=residents.count)
    view.department_combo.setCurrentIndex(view.department_combo.findData(department))
    assert sum(r.people for r in view.district_chart.chart.rows) == residents.count(department)
    assert sum(r.people for r in view.council_chart.chart.rows) == residents.count(department)
    view.department_combo.setCurrentIndex(0)
    assert sum(r.people for r in view.district_chart.chart.rows) == len(residents)


def test_the_coverage_page_shows_each_department_as_a_bar(qtbot, tmp_path):
    from app.ui.townwalk import TownWalkTab
    from tests.helpers.townwalk import seed
    from tests.helpers.townwalk_tab import NOW as CLOCK

    ctx = AppContext.open(tmp_path / "data")
    walk_id = seed(ctx)
    walks.quick_add(ctx.store, walk_id, "000101")
    walks.quick_add(ctx.store, walk_id, "000201")
    walks.quick_add(ctx.store, walk_id, "000202")
    tab = TownWalkTab(ctx, SyncRunner(), clock=lambda: CLOCK, open_reports=False)
    qtbot.addWidget(tab)
    tab.resize(1280, 800)
    tab.show()
    tab.reload()
    tab.pages.setCurrentWidget(tab.coverage_view)
    tab.coverage.select_year(2026)
    view = tab.coverage_view
    # six active staff: 人事課 000101–000103, 防災課 000201–000203 (tests.helpers.townwalk.people)
    assert view.departments_chart.texts() == [("人事課", "1 / 3（33.3%）"), ("防災課", "2 / 3（66.7%）")]
    view.department_pages.setCurrentIndex(1)
    qtbot.wait(10)
    assert painted(view.departments_chart, NOW) > 20
    tab.close()
    ctx.close()
