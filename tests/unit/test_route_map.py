"""The route map's one layout (``app.domain.route_map``), used by the route sheet and the screen:
distances on the map agree with distances on the ground (haversine, computed here), north is up,
the scale bar is a round length of the same scale, nothing leaves the box, and what cannot be
drawn is said instead of drawn."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.route_map import MapStop, layout, map_stop, map_stops, round_length

W, H, MARKER, STRIP = 400.0, 300.0, 10.0, 30.0
SHIBA = [("芝公園駅", 35.6547, 139.7489), ("増上寺", 35.6573, 139.7483), ("東京タワー", 35.6586, 139.7454),
         ("愛宕神社", 35.6649, 139.7487), ("芝地区総合支所", 35.6581, 139.7516)]


def stops(rows) -> list[MapStop]:
    return [MapStop(n, name, lat, lon) for n, (name, lat, lon) in enumerate(rows, 1)]


def ground(a: MapStop, b: MapStop) -> float:
    """Great-circle metres (haversine), independent of the module's projection."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(math.sqrt(h))


def check_map(given_stops: list[MapStop], width: float = W, height: float = H) -> None:
    m = layout(given_stops, width, height, marker=MARKER, strip=STRIP)
    assert m.drawn, m.message
    assert [p.position for p in m.points] == sorted(p.position for p in m.points)  # walking order
    for p in m.points:  # inside the frame, clear of the strip with the scale bar and north arrow
        assert MARKER <= p.x <= width - MARKER and MARKER <= p.y <= height - STRIP - MARKER, p
    per_metre = m.scale.length / m.scale.metres
    by_position = {s.position: s for s in given_stops}
    for a, b in zip(m.points, m.points[1:], strict=False):
        metres = ground(by_position[a.position], by_position[b.position])
        if metres > 20:
            assert math.hypot(b.x - a.x, b.y - a.y) / per_metre == pytest.approx(metres, rel=0.01), (a.name, b.name)
        north = by_position[b.position].lat - by_position[a.position].lat
        if abs(north) > 1e-4:
            assert (b.y < a.y) == (north > 0)  # north is up (y grows downwards)
    assert str(m.scale.metres)[0] in "125" and set(str(m.scale.metres)[1:]) <= {"0"}
    assert m.scale.length <= width * 0.3 + 1e-9


def test_the_shiba_route_keeps_ground_distances_and_north_up():
    check_map(stops(SHIBA))
    m = layout(stops(SHIBA), W, H, marker=MARKER, strip=STRIP)
    assert m.scale.label in {"100 m", "200 m", "500 m", "1 km"}
    # straight-line length of the legs, as the sheet prints it, against haversine
    expected = sum(ground(a, b) for a, b in zip(stops(SHIBA), stops(SHIBA)[1:], strict=False))
    assert m.straight_m == pytest.approx(expected, rel=0.005)
    assert not m.off_map and all(not leg.skips for leg in m.legs)


def test_east_west_is_shortened_by_the_cosine_of_the_latitude():
    """0.01° of longitude at 35.65° N is 0.813 × 0.01° of latitude on the ground and on the map."""
    m = layout(stops([("a", 35.65, 139.74), ("b", 35.66, 139.74), ("c", 35.66, 139.75)]), W, H,
               marker=MARKER, strip=STRIP)
    a, b, c = m.points
    assert abs(a.x - b.x) < 1e-6 and abs(b.y - c.y) < 1e-6
    assert abs(c.x - b.x) / abs(a.y - b.y) == pytest.approx(math.cos(math.radians(35.655)), rel=0.002)


minato = st.tuples(st.floats(35.62, 35.68), st.floats(139.71, 139.77))


@settings(max_examples=150, deadline=None)
@given(st.lists(minato, min_size=2, max_size=12), st.floats(160, 900), st.floats(140, 700))
def test_any_ward_route_fits_its_box_at_the_scale_it_prints(points, width, height):
    check_map(stops([(f"s{i}", lat, lon) for i, (lat, lon) in enumerate(points)]), width, height)


def test_no_or_one_located_stop_says_so_instead_of_drawing():
    none = layout([MapStop(1, "a", None, None), MapStop(2, "b", None, None)], W, H, marker=MARKER, strip=STRIP)
    assert not none.drawn and not none.points and none.scale is None
    assert "緯度・経度のある地点がまだありません" in none.message
    assert [o.stop.position for o in none.off_map] == [1, 2]
    one = layout([MapStop(1, "a", 35.65, 139.74), MapStop(2, "b", None, None)], W, H, marker=MARKER, strip=STRIP)
    assert not one.drawn and not one.points and "一つだけ" in one.message
    assert not layout([], W, H, marker=MARKER, strip=STRIP).drawn


def test_stops_without_coordinates_or_far_away_are_listed_not_drawn():
    rows = [("芝公園駅", "35.6547", "139.7489"), ("増上寺", "", ""), ("東京タワー", "35.6586", "139.7454"),
            ("打ち間違い", "36.5586", "139.7454"), ("愛宕神社", "北緯35度", "139.7487"), ("支所", "35.6581", "139.7516")]
    parsed = [map_stop(n, name, lat, lon) for n, (name, lat, lon) in enumerate(rows, 1)]
    assert [s.located for s in parsed] == [True, False, True, True, False, True]
    m = layout(parsed, W, H, marker=MARKER, strip=STRIP)
    assert [p.position for p in m.points] == [1, 3, 6]
    assert [(o.stop.position, o.reason) for o in m.off_map] == [
        (2, "緯度・経度なし"), (4, "ほかの地点から離れすぎ"), (5, "緯度・経度なし")]
    assert [leg.skips for leg in m.legs] == [True, True]  # 1→3 passes stop 2; 3→6 passes 4 and 5
    assert m.off_map_text() == "図にない地点: 2. 増上寺（緯度・経度なし）、4. 打ち間違い（ほかの地点から離れすぎ）、5. 愛宕神社（緯度・経度なし）"
    assert map_stop(1, "x", "91", "139.7").lat is None and map_stop(1, "x", "nan", "139.7").lat is None


def test_stops_are_drawn_in_position_order_whatever_order_they_come_in():
    class Row:
        def __init__(self, position, name, lat, lon):
            self.position, self.name, self.lat, self.lon = position, name, lat, lon

    rows = [Row(3, "c", "35.6586", "139.7454"), Row(1, "a", "35.6547", "139.7489"), Row(2, "b", "35.6573", "139.7483")]
    m = layout(map_stops(rows), W, H, marker=MARKER, strip=STRIP)
    assert [(leg.start.name, leg.end.name) for leg in m.legs] == [("a", "b"), ("b", "c")]


def test_round_lengths():
    assert [round_length(x) for x in (0.5, 1, 3, 9.9, 10, 180, 499, 501, 1999, 2000, 7300)] == \
        [1, 1, 2, 5, 10, 100, 200, 500, 1000, 2000, 5000]


def test_two_stops_across_the_street_are_not_blown_up():
    m = layout(stops([("a", 35.6547, 139.7489), ("b", 35.65471, 139.74891)]), W, H, marker=MARKER, strip=STRIP)
    a, b = m.points
    assert math.hypot(b.x - a.x, b.y - a.y) < MARKER  # 1.4 m apart: one spot, not the page's width


def test_a_walk_takes_its_coordinates_from_the_route_stop_of_the_same_name(store):
    """walk_stop has no lat/lon: field mode's map finds each stop's on the route; a stop renamed
    on the route since the walk was made is listed as not on the map, never put elsewhere."""
    from datetime import date

    from app.services.townwalk import routes as tw
    from app.services.townwalk import walks
    from app.services.townwalk.route_maps import walk_map_stops

    route_id = tw.save_route(store, tw.RouteInput("SHIBA01", "芝公園・増上寺コース", "芝"))
    for name, lat, lon in SHIBA[:3]:
        tw.save_stop(store, tw.StopInput(route_id, name, lat=str(lat), lon=str(lon)))
    walk_id = walks.save_walk(store, walks.WalkInput(route_id, date(2026, 6, 12)))
    first, second, third = tw.route_stops(store, route_id)
    tw.move_stop(store, third.id, -1)  # the route reordered after the walk was made
    tw.save_stop(store, tw.StopInput(route_id, "増上寺 大門", lat="35.6570", lon="139.7510", id=second.id))
    got = walk_map_stops(store, walk_id)
    assert [(s.position, s.name, s.lat, s.lon) for s in got] == [
        (1, "芝公園駅", 35.6547, 139.7489), (2, "増上寺", None, None), (3, "東京タワー", 35.6586, 139.7454)]
