"""A route's stops laid out as a map, once, for two painters: reportlab on the route sheet and
QPainter on screen (the route editor, field mode). One computation, so paper and screen agree.

Equirectangular around the route's centre latitude: within a ward (a few km) it is off by far
less than a marker's width, and it needs no map library. The stops are fitted into the box with
margins; a strip along the bottom holds the scale bar (a round length) and the north arrow, so
neither can cover a stop. Box units are the painter's (points or pixels), origin top left, y down.

What cannot be drawn is said, never guessed: fewer than two located stops give a ``message``
instead of points; a stop without (valid) coordinates, or one implausibly far from the others
(a typo such as 35.6 for 36.5), is listed in ``off_map`` with the reason.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import median

from app.i18n import _

EARTH_RADIUS = 6_371_008.8  # metres, the mean radius
FAR = 10_000.0  # metres from the stops' median point: farther is a typo, not a ward walk
MIN_SPAN = 150.0  # metres: two stops across the street are not blown up to fill the page
SCALE_SHARE = 0.3  # the scale bar is at most this share of the box width


@dataclass(frozen=True)
class MapStop:
    """A stop as the map needs it: lat/lon None when missing or not a coordinate."""

    position: int
    name: str
    lat: float | None
    lon: float | None

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None


def _degrees(text, limit: float) -> float | None:
    try:
        value = float(str(text).strip())
    except ValueError:
        return None
    return value if math.isfinite(value) and -limit <= value <= limit else None


def map_stop(position: int, name: str, lat, lon) -> MapStop:
    """From the stored text (decimal degrees, '' when unknown); anything else is 'no coordinates'."""
    la, lo = _degrees(lat, 90.0), _degrees(lon, 180.0)
    if la is None or lo is None:
        la = lo = None
    return MapStop(position, name, la, lo)


def map_stops(stops: Iterable) -> list[MapStop]:
    """Duck-typed stops (``position``, ``name``, ``lat``, ``lon`` as text) in walking order."""
    return [map_stop(s.position, s.name, s.lat, s.lon) for s in sorted(stops, key=lambda s: s.position)]


@dataclass(frozen=True)
class Point:
    position: int
    name: str
    x: float
    y: float


@dataclass(frozen=True)
class Leg:
    start: Point
    end: Point
    skips: bool  # stops off the map lie between: painters dash it


@dataclass(frozen=True)
class OffMap:
    stop: MapStop
    reason: str


@dataclass(frozen=True)
class Scale:
    metres: int
    length: float  # box units
    x: float  # left end, box units
    y: float  # the bar's baseline
    label: str


@dataclass(frozen=True)
class North:
    x: float  # the arrow's tip
    y: float
    size: float  # from tip to base


@dataclass(frozen=True)
class RouteMap:
    width: float
    height: float
    points: tuple[Point, ...]
    legs: tuple[Leg, ...]
    off_map: tuple[OffMap, ...]
    scale: Scale | None
    north: North | None
    message: str  # '' when drawn; otherwise why there is no map
    straight_m: float  # the legs' straight-line length, metres

    @property
    def drawn(self) -> bool:
        return not self.message

    def off_map_text(self) -> str:
        """「地図にない地点: 3. 東京タワー（座標なし）…」, '' when every stop is on the map."""
        if not self.off_map:
            return ""
        names = "、".join(f"{o.stop.position}. {o.stop.name}（{o.reason}）" for o in self.off_map)
        return _("Not on the map: {stops}").format(stops=names)


def project(stops: Sequence[MapStop]) -> list[tuple[float, float]]:
    """Metres east and north of the stops' centre (equirectangular at the centre latitude)."""
    lat0 = (min(s.lat for s in stops) + max(s.lat for s in stops)) / 2
    lon0 = (min(s.lon for s in stops) + max(s.lon for s in stops)) / 2
    k = math.cos(math.radians(lat0))
    return [(math.radians(s.lon - lon0) * k * EARTH_RADIUS, math.radians(s.lat - lat0) * EARTH_RADIUS)
            for s in stops]


def round_length(limit_m: float) -> int:
    """The longest of 1, 2, 5 × 10ⁿ metres that is not longer than ``limit_m`` (at least 1)."""
    if limit_m < 1:
        return 1
    exponent = 10 ** math.floor(math.log10(limit_m))
    return max(step * exponent for step in (1, 2, 5) if step * exponent <= limit_m)


def length_label(metres: float) -> str:
    if metres >= 1000:
        return f"{round(metres / 1000, 1):g} km"
    return f"{metres:.0f} m"


def _split(stops: Sequence[MapStop]) -> tuple[list[MapStop], list[OffMap]]:
    located = [s for s in stops if s.located]
    off = [OffMap(s, _("no coordinates")) for s in stops if not s.located]
    if len(located) >= 3:  # with two, neither is "the odd one"
        mid_lat, mid_lon = median(s.lat for s in located), median(s.lon for s in located)
        centre = MapStop(0, "", mid_lat, mid_lon)
        far = {s.position for s in located if _distance(centre, s) > FAR}
        off += [OffMap(s, _("far from the other stops")) for s in located if s.position in far]
        located = [s for s in located if s.position not in far]
    off.sort(key=lambda o: o.stop.position)
    return located, off


def _distance(a: MapStop, b: MapStop) -> float:
    (ax, ay), (bx, by) = project([a, b])
    return math.hypot(bx - ax, by - ay)


def layout(stops: Sequence[MapStop], width: float, height: float, *, marker: float, strip: float) -> RouteMap:
    """Stops in walking order fitted into ``width`` × ``height``; ``marker`` is a stop circle's
    radius and ``strip`` the height kept free at the bottom for the scale bar and north arrow."""
    located, off = _split(sorted(stops, key=lambda s: s.position))
    if len(located) < 2:
        message = (_("No stop has coordinates yet: add latitude and longitude to draw the route.") if not located
                   else _("Only one stop has coordinates: a route map needs two or more."))
        return RouteMap(width, height, (), (), tuple(off), None, None, message, 0.0)
    xy = project(located)
    pad = marker * 1.6
    left, top, right, bottom = pad, pad, width - pad, height - strip - pad
    if right - left < 4 * marker or bottom - top < 4 * marker:
        return RouteMap(width, height, (), (), tuple(off), None, None, _("Too small to draw the route."), 0.0)
    xs, ys = [p[0] for p in xy], [p[1] for p in xy]
    span_x, span_y = max(max(xs) - min(xs), MIN_SPAN), max(max(ys) - min(ys), MIN_SPAN)
    per_metre = min((right - left) / span_x, (bottom - top) / span_y)
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    mid_x, mid_y = (left + right) / 2, (top + bottom) / 2
    points = tuple(Point(s.position, s.name, mid_x + (x - cx) * per_metre, mid_y - (y - cy) * per_metre)
                   for s, (x, y) in zip(located, xy, strict=True))
    skipped = {o.stop.position for o in off}
    legs = tuple(Leg(a, b, any(a.position < p < b.position for p in skipped)) for a, b in itertools.pairwise(points))
    straight = sum(math.hypot(b[0] - a[0], b[1] - a[1]) for a, b in itertools.pairwise(xy))
    metres = round_length(width * SCALE_SHARE / per_metre)
    base = height - strip * 0.35
    scale = Scale(metres, metres * per_metre, pad, base, length_label(metres))
    north = North(width - pad - strip * 0.3, height - strip * 0.92, strip * 0.8)
    return RouteMap(width, height, points, legs, tuple(off), scale, north, "", straight)
