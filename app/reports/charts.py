"""Horizontal bar charts drawn with reportlab.graphics: labels on the left, a bar, the count and
share on the right. Plain shapes and strings, so the text stays extractable from the PDF."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm

from app.reports.fonts import MAIN, fonts, string_width

BAR = colors.Color(0.20, 0.42, 0.66)
TRACK = colors.Color(0.93, 0.93, 0.93)


def _fit(text: str, room: float, size: float) -> str:
    if string_width(text, size) <= room:
        return text
    while text and string_width(text + "…", size) > room:
        text = text[:-1]
    return text + "…"


def bar_chart(rows: Sequence[tuple[str, int]], width: float, *, total: int | None = None, size: float = 8.5,
              label_width: float = 55 * mm, row_height: float = 5.2 * mm, colour=BAR) -> Drawing:
    """One bar per (label, count); shares are of ``total`` (default: the sum of the counts)."""
    fonts()
    total = sum(n for _l, n in rows) if total is None else total
    top = max([1, *(n for _l, n in rows)])
    figure_w = 28 * mm
    bar_room = width - label_width - figure_w - 2 * mm
    height = row_height * max(1, len(rows)) + 1 * mm
    d = Drawing(width, height)
    for i, (label, n) in enumerate(rows):
        y = height - (i + 1) * row_height
        bar_y = y + row_height * 0.18
        bar_h = row_height * 0.64
        d.add(String(0, bar_y + bar_h * 0.22, _fit(label, label_width - 2 * mm, size), fontName=MAIN, fontSize=size))
        d.add(Rect(label_width, bar_y, bar_room, bar_h, fillColor=TRACK, strokeColor=None))
        if n:
            d.add(Rect(label_width, bar_y, max(0.8, bar_room * n / top), bar_h, fillColor=colour, strokeColor=None))
        share = f"{n / total * 100:.0f}%" if total else "—"
        d.add(String(width, bar_y + bar_h * 0.22, f"{n}（{share}）", fontName=MAIN, fontSize=size,
                     textAnchor="end"))
    return d
