"""The route map (ルート図) on the route sheet's first page: ``app.domain.route_map`` lays it out,
this paints it with reportlab's own shapes (vector, no raster, no tiles) beside a numbered list
of the stops. Every number, name and the scale are Strings, so the PDF's text reads them back."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm

from app.domain.route_map import MapStop, RouteMap, layout
from app.i18n import _
from app.reports.fonts import BOLD, MAIN, fonts, string_width

ROUTE = colors.Color(0.20, 0.42, 0.66)
FRAME = colors.Color(0.55, 0.55, 0.55)
PAPER = colors.Color(0.97, 0.97, 0.95)
MARKER = 3.0 * mm
STRIP = 10 * mm
LEGEND_SIZE = 8.5
LEGEND_ROW = 4.6 * mm


def _fit(text: str, room: float, size: float, font: str = MAIN) -> str:
    if string_width(text, size, font) <= room:
        return text
    while text and string_width(text + "…", size, font) > room:
        text = text[:-1]
    return text + "…"


def paint(d: Drawing, m: RouteMap, x0: float, y0: float) -> None:
    """Paint ``m`` with its box's top-left corner at (x0, y0 + m.height) in PDF coordinates."""
    def at(x: float, y: float) -> tuple[float, float]:
        return x0 + x, y0 + m.height - y

    d.add(Rect(x0, y0, m.width, m.height, fillColor=PAPER, strokeColor=FRAME, strokeWidth=0.6))
    if not m.drawn:
        d.add(String(x0 + m.width / 2, y0 + m.height / 2, _fit(m.message, m.width - 6 * mm, 9), fontName=MAIN,
                     fontSize=9, textAnchor="middle", fillColor=colors.Color(0.3, 0.3, 0.3)))
        return
    for leg in m.legs:
        (ax, ay), (bx, by) = at(leg.start.x, leg.start.y), at(leg.end.x, leg.end.y)
        d.add(Line(ax, ay, bx, by, strokeColor=ROUTE, strokeWidth=1.6,
                   strokeDashArray=[3, 2] if leg.skips else None))
    size = 7.5
    for p in m.points:
        x, y = at(p.x, p.y)
        d.add(Circle(x, y, MARKER, fillColor=colors.white, strokeColor=ROUTE, strokeWidth=1.2))
        d.add(String(x, y - size * 0.36, str(p.position), fontName=BOLD, fontSize=size, textAnchor="middle"))
    s = m.scale
    sx, sy = at(s.x, s.y)
    d.add(PolyLine([sx, sy + 1.5 * mm, sx, sy, sx + s.length, sy, sx + s.length, sy + 1.5 * mm],
                   strokeColor=colors.black, strokeWidth=1.0))
    d.add(String(sx + s.length + 1.5 * mm, sy - 0.3 * mm, s.label, fontName=MAIN, fontSize=8))
    n = m.north
    tx, ty = at(n.x, n.y)
    half = n.size * 0.32
    d.add(Polygon([tx, ty, tx + half, ty - n.size, tx, ty - n.size * 0.72, tx - half, ty - n.size],
                  fillColor=colors.black, strokeColor=colors.black, strokeWidth=0.5))
    d.add(String(tx - half - 1.2 * mm, ty - n.size * 0.62, "N", fontName=BOLD, fontSize=8, textAnchor="end"))


def route_map_drawing(stops: Sequence[MapStop], width: float, height: float = 85 * mm,
                      legend_width: float = 58 * mm) -> tuple[Drawing, RouteMap]:
    """The map and, on its right, the numbered stops (those off the map are marked ―)."""
    fonts()
    map_w = width - legend_width - 4 * mm
    m = layout(stops, map_w, height, marker=MARKER, strip=STRIP)
    d = Drawing(width, height)
    paint(d, m, 0, 0)
    off = {o.stop.position for o in m.off_map}
    rows = int((height - 2 * mm) // LEGEND_ROW)
    shown = list(stops) if len(stops) <= rows else list(stops)[: rows - 1]
    x = map_w + 4 * mm
    for i, stop in enumerate(shown):
        y = height - (i + 1) * LEGEND_ROW
        number = f"{stop.position}."
        d.add(String(x + 6 * mm, y, number, fontName=BOLD, fontSize=LEGEND_SIZE, textAnchor="end"))
        name = stop.name + ("　―" if stop.position in off else "")
        d.add(String(x + 7.5 * mm, y, _fit(name, legend_width - 8 * mm, LEGEND_SIZE), fontName=MAIN,
                     fontSize=LEGEND_SIZE))
    if len(shown) < len(stops):
        more = _("… and {n} more").format(n=len(stops) - len(shown))
        d.add(String(x + 7.5 * mm, height - rows * LEGEND_ROW, more, fontName=MAIN, fontSize=LEGEND_SIZE))
    return d, m
