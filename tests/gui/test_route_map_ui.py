"""The route map on real widgets: the route editor redraws it as stops are edited and reordered
(through the tab's own dialog and buttons), field mode marks where the facilitator is and which
stops are done, and the map costs field mode no height (the 44 px buttons stay on a 1366×768
screen). Figures are read from the widget's layout; pixels are checked where the layout says."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.context import AppContext
from app.services.demo.load import load_data
from app.services.townwalk import routes as tw
from app.services.townwalk import walks
from app.ui.tasks import SyncRunner
from app.ui.townwalk import TownWalkTab
from app.ui.townwalk.route_map_widget import CURRENT, DONE
from tests.helpers.townwalk import make_route, make_template, people

NOW = datetime(2026, 6, 12, 10, 30)
WHERE = {"芝公園": ("35.6547", "139.7489"), "東京タワー": ("35.6586", "139.7454"), "増上寺": ("35.6573", "139.7483")}


@pytest.fixture
def tab(qtbot, tmp_path):
    ctx = AppContext.open(tmp_path / "data")
    load_data(ctx.store, people())
    tid = make_template(ctx.store)
    route_id = make_route(ctx.store)  # 芝公園, 増上寺, 東京タワー
    tw.save_route(ctx.store, tw.RouteInput("SHIBA01", "芝公園・増上寺コース", "芝", template_id=tid, id=route_id))
    for stop in tw.route_stops(ctx.store, route_id):
        if stop.name != "増上寺":  # the middle stop has no coordinates yet
            lat, lon = WHERE[stop.name]
            tw.save_stop(ctx.store, tw.StopInput(route_id, stop.name, stop.address, lat, lon, id=stop.id))
    walk_id = walks.save_walk(ctx.store, walks.WalkInput(route_id, date(2026, 6, 12), template_id=tid))
    widget = TownWalkTab(ctx, SyncRunner(), clock=lambda: NOW, open_reports=False)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    widget.reload()
    widget.walk_id = walk_id
    yield widget
    widget.close()
    ctx.close()


def colour_at(widget, x: float, y: float) -> QColor:
    """The pixel at the layout's (x, y), drawn below the widget's note line when there is one."""
    return widget.grab().toImage().pixelColor(round(x), round(y + widget.top()))


def close_to(a: QColor, b: QColor) -> bool:
    return max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue())) < 40


def test_the_editor_redraws_the_map_as_stops_are_edited_and_reordered(qtbot, tab):
    view = tab.routes_view
    tab.pages.setCurrentWidget(view)
    view.routes_table.selectRow(0)
    route_map = view.route_map
    m = route_map.route_map()
    assert m.drawn and [p.name for p in m.points] == ["芝公園", "東京タワー"]
    assert [o.stop.name for o in m.off_map] == ["増上寺"] and m.legs[0].skips
    # coordinates for 増上寺 through the tab's own dialog: it joins the map between the two
    view.stops_table.selectRow(1)
    view.edit_stop.click()
    dialog = tab.routes.last_dialog
    dialog.lat.setText(WHERE["増上寺"][0])
    dialog.lon.setText(WHERE["増上寺"][1])
    dialog.ok_button.click()
    m = route_map.route_map()
    assert [p.name for p in m.points] == ["芝公園", "増上寺", "東京タワー"] and not m.off_map
    # the chosen stop is highlighted where the layout puts it
    assert route_map.marks == {2: "selected"}
    chosen = next(p for p in m.points if p.position == 2)
    assert close_to(colour_at(route_map, chosen.x, chosen.y + route_map.marker * 0.8), CURRENT)
    # moved down: the line now runs 芝公園 → 東京タワー → 増上寺
    view.stop_down.click()
    m = route_map.route_map()
    assert [(leg.start.name, leg.end.name) for leg in m.legs] == [("芝公園", "東京タワー"), ("東京タワー", "増上寺")]
    assert route_map.marks == {3: "selected"}
    # a stop removed: a route with one located stop says so instead of drawing
    view.stops_table.selectRow(0)
    view.remove_stop.click()
    view.stops_table.selectRow(0)
    view.remove_stop.click()
    m = route_map.route_map()
    assert not m.drawn and "一つだけ" in m.message


def test_field_mode_shows_where_the_facilitator_is_and_the_stops_done(qtbot, tab):
    tab.open_field(tab.walk_id, 1)  # stop 1
    view = tab.field_view
    assert not view.side_panel.map_shown()
    qtbot.mouseClick(view.map_button, Qt.MouseButton.LeftButton)
    assert view.side_panel.map_shown() and not view.field_notes.isVisible() and view.route_map.isVisible()
    route_map = view.route_map
    assert [(s.name, s.located) for s in route_map.stops] == [("芝公園", True), ("増上寺", False), ("東京タワー", True)]
    assert route_map.marks == {1: "current"}
    for row in list(view.item_rows):
        qtbot.mouseClick(row.buttons["ok"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)  # to stop 2 (no coordinates)
    assert route_map.marks == {1: "done", 2: "current"}
    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)  # to stop 3
    assert route_map.marks == {1: "done", 3: "current"}  # stop 2 was left open
    m = route_map.route_map()
    done, here = (next(p for p in m.points if p.position == n) for n in (1, 3))
    assert close_to(colour_at(route_map, done.x, done.y + route_map.marker * 0.7), DONE)
    assert close_to(colour_at(route_map, here.x, here.y + route_map.marker * 0.9), CURRENT)
    assert "図にない地点: 2. 増上寺" in m.off_map_text()
    qtbot.mouseClick(view.map_button, Qt.MouseButton.LeftButton)
    assert not view.side_panel.map_shown() and view.field_notes.isVisible()


def test_the_map_costs_field_mode_no_height_and_the_big_buttons_stay_on_a_small_screen(qtbot, tab):
    tab.open_field(tab.walk_id, 1)
    view = tab.field_view
    notes_height = view.minimumSizeHint().height()
    view.map_button.setChecked(True)
    assert view.minimumSizeHint().height() <= notes_height
    assert view.side_panel.maximumWidth() <= 400
    # 1366×768 less the title bar, taskbar and the main window's menus, tabs and status bar
    tab.resize(1366, 600)
    qtbot.wait(20)
    for button in (view.next_button, view.prev_button, view.map_button, view.leave_button):
        rect = button.geometry()
        assert rect.height() >= 44 and view.rect().contains(rect), button.objectName()
    assert view.route_map.height() >= 200 and view.route_map.width() >= 300 and view.route_map.route_map().drawn
