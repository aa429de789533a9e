"""Rate charts drawn with reportlab's own graphics (vector; every label a real String, so the
PDF's text reads back the names and percentages): participation per district as grouped bars
across fiscal years (``VerticalBarChart``), per council as one row each — this year's bar with
the earlier years as marks on its track — and coverage per department as bars.

Input is the plain figures of ``app.services.charts`` (duck-typed: ``years``, ``rows`` with
``label``, ``rates``, ``below``; bars with ``label``, ``part``, ``whole``)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.textlabels import NA_Label
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm

from app.domain.wareki import short_fiscal_year_label
from app.i18n import _
from app.reports.fonts import BOLD, MAIN, fonts, string_width

NOW = colors.Color(0.20, 0.42, 0.66)  # the year of the report
TRACK = colors.Color(0.93, 0.93, 0.93)
BELOW = colors.Color(0.60, 0.10, 0.10)


def year_colours(n: int) -> list:
    """Earlier years in greys, lighter the older; the report's year in the bar blue."""
    greys = [colors.Color(g, g, g) for g in (0.80, 0.70, 0.60, 0.50)][-(n - 1):] if n > 1 else []
    return [*greys, NOW]


def rate_text(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.0f}%"


def _fit(text: str, room: float, size: float, font: str = MAIN) -> str:
    if string_width(text, size, font) <= room:
        return text
    while text and string_width(text + "…", size, font) > room:
        text = text[:-1]
    return text + "…"


def _legend(chart, x: float, y: float, size: float = 8) -> Legend:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.alignment = "right"
    legend.fontName, legend.fontSize = MAIN, size
    legend.columnMaximum = 1
    legend.deltax = 0
    legend.dx = legend.dy = 7
    legend.dxTextSpace = 3
    legend.strokeColor = None
    legend.colorNamePairs = list(zip(year_colours(len(chart.years)), (short_fiscal_year_label(y) for y in chart.years),
                                     strict=True))
    legend.boxAnchor = "nw"
    return legend


def district_years(chart, width: float, height: float = 62 * mm) -> Drawing:
    """Grouped bars: one group per district, one bar per fiscal year, its rate printed on it;
    the below-minimum count of the report's year under each district's name."""
    fonts()
    d = Drawing(width, height)
    bars = VerticalBarChart()
    bars.x, bars.y = 12 * mm, 11 * mm
    bars.width, bars.height = width - bars.x - 2 * mm, height - bars.y - 10 * mm
    n = max(1, len(chart.rows))
    bars.data = [[None if r.rates[i] is None else round(r.rates[i] * 100, 1) for r in chart.rows] or [None]
                 for i in range(len(chart.years))]
    bars.categoryAxis.categoryNames = [r.label for r in chart.rows] or [""]
    bars.categoryAxis.labels.fontName, bars.categoryAxis.labels.fontSize = BOLD, 8.5
    bars.categoryAxis.labels.boxAnchor, bars.categoryAxis.labels.dy = "n", -2
    bars.categoryAxis.strokeColor = colors.black
    bars.valueAxis.valueMin, bars.valueAxis.valueMax, bars.valueAxis.valueStep = 0, 100, 20
    bars.valueAxis.labels.fontName, bars.valueAxis.labels.fontSize = MAIN, 7.5
    bars.valueAxis.labelTextFormat = "%d%%"
    bars.valueAxis.visibleGrid, bars.valueAxis.gridStrokeColor = True, colors.Color(0.85, 0.85, 0.85)
    bars.groupSpacing, bars.barSpacing = 6, 0.8
    for i, colour in enumerate(year_colours(len(chart.years))):
        bars.bars[i].fillColor, bars.bars[i].strokeColor = colour, None
    bars.barLabelFormat = "%.0f%%"
    bars.barLabels.fontName, bars.barLabels.fontSize = MAIN, 6.5 if len(chart.years) > 3 else 7.5
    bars.barLabels.boxAnchor, bars.barLabels.dy = "s", 1
    bars.naLabel = NA_Label()
    bars.naLabel.text, bars.naLabel.fontName, bars.naLabel.fontSize = "—", MAIN, 7
    bars.naLabel.boxAnchor, bars.naLabel.dy = "s", 1
    d.add(bars)
    group = bars.width / n
    for i, r in enumerate(chart.rows):
        text = _("below minimum {n}").format(n=r.below)
        d.add(String(bars.x + group * (i + 0.5), 1.5 * mm, text, fontName=MAIN, fontSize=7.5, textAnchor="middle",
                     fillColor=BELOW if r.below else colors.black))
    d.add(_legend(chart, bars.x, height - 1 * mm))
    return d


def council_rows(chart, width: float, *, chunk: int = 40, **kwargs) -> list[Drawing]:
    """``council_chart`` in drawings of at most ``chunk`` rows (a drawing never splits across pages);
    the key is on the first."""
    rows = list(chart.rows)
    parts = [rows[i:i + chunk] for i in range(0, len(rows), chunk)] or [[]]
    return [_council_rows(chart, part, width, key=i == 0, **kwargs) for i, part in enumerate(parts)]


def _council_rows(chart, rows, width: float, *, key: bool, size: float = 8, row: float = 5.0 * mm,
                  label_width: float = 62 * mm) -> Drawing:
    """One row per council: this year's rate as a bar, the earlier years as marks on the track
    (greys, lighter the older), then this year's and last year's rate and the below-minimum count."""
    fonts()
    figures_w = 50 * mm
    room = width - label_width - figures_w - 2 * mm
    shades = year_colours(len(chart.years))
    key = 6 * mm if key else 0
    height = row * max(1, len(rows)) + key
    d = Drawing(width, height)
    last = len(chart.years) - 1
    x = 0.0
    for colour, fy in zip(shades, chart.years, strict=True) if key else ():  # the key, on top
        base = height - key + 1.8 * mm
        if colour is NOW:
            d.add(Rect(x, base - 0.3 * mm, 5 * mm, 2.4 * mm, fillColor=NOW, strokeColor=None))
        else:
            d.add(Line(x + 2.5 * mm, base - 0.6 * mm, x + 2.5 * mm, base + 2.4 * mm, strokeColor=colour,
                       strokeWidth=1.6))
        label = short_fiscal_year_label(fy)
        d.add(String(x + 6 * mm, base, label, fontName=MAIN, fontSize=7))
        x += 6 * mm + string_width(label, 7) + 4 * mm
    if key:
        fx = width - figures_w
        for text, right in ((_("This year"), fx + 12 * mm), (_("Year before") if last else "", fx + 28 * mm),
                            (_("Below minimum"), width - 1 * mm)):
            d.add(String(right, height - key + 1.8 * mm, text, fontName=MAIN, fontSize=7, textAnchor="end"))
    for n, r in enumerate(rows):
        y = height - key - (n + 1) * row
        bar_y, bar_h = y + row * 0.2, row * 0.6
        d.add(String(0, bar_y + bar_h * 0.2, _fit(r.label, label_width - 2 * mm, size), fontName=MAIN, fontSize=size))
        d.add(Rect(label_width, bar_y, room, bar_h, fillColor=TRACK, strokeColor=None))
        if r.rates[last]:
            d.add(Rect(label_width, bar_y, max(0.8, room * r.rates[last]), bar_h, fillColor=NOW, strokeColor=None))
        for i in range(last):
            if r.rates[i] is not None:
                x = label_width + room * r.rates[i]
                d.add(Line(x, y + row * 0.05, x, y + row * 0.95, strokeColor=shades[i], strokeWidth=1.4))
        before = next((r.rates[i] for i in range(last - 1, -1, -1) if r.rates[i] is not None), None)
        x = width - figures_w
        d.add(String(x + 12 * mm, bar_y + bar_h * 0.2, rate_text(r.rates[last]), fontName=BOLD, fontSize=size,
                     textAnchor="end"))
        if last:
            d.add(String(x + 28 * mm, bar_y + bar_h * 0.2, rate_text(before), fontName=MAIN, fontSize=size,
                         textAnchor="end", fillColor=colors.Color(0.35, 0.35, 0.35)))
        d.add(String(width - 1 * mm, bar_y + bar_h * 0.2, str(r.below), fontName=MAIN, fontSize=size,
                     textAnchor="end", fillColor=BELOW if r.below else colors.black))
    return d


def share_bars(bars: Sequence, width: float, *, size: float = 8.5, row: float = 5.2 * mm,
               label_width: float = 62 * mm) -> Drawing:
    """One bar per (label, part, whole): the rate part / whole, "12 / 30（40.0%）" beside it."""
    fonts()
    figures_w = 32 * mm
    room = width - label_width - figures_w - 2 * mm
    height = row * max(1, len(bars)) + 1 * mm
    d = Drawing(width, height)
    for n, b in enumerate(bars):
        y = height - (n + 1) * row
        bar_y, bar_h = y + row * 0.18, row * 0.64
        d.add(String(0, bar_y + bar_h * 0.22, _fit(b.label, label_width - 2 * mm, size), fontName=MAIN, fontSize=size))
        d.add(Rect(label_width, bar_y, room, bar_h, fillColor=TRACK, strokeColor=None))
        if b.part and b.whole:
            d.add(Rect(label_width, bar_y, max(0.8, room * b.part / b.whole), bar_h, fillColor=NOW, strokeColor=None))
        share = f"{b.part / b.whole * 100:.1f}%" if b.whole else "—"
        d.add(String(width, bar_y + bar_h * 0.22, f"{b.part} / {b.whole}（{share}）", fontName=MAIN, fontSize=size,
                     textAnchor="end"))
    return d
