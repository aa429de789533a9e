"""Table helpers shared by every report: one styled LongTable per section, header row repeated.

Cells stay plain strings (fast: the participation report has 2,000 rows); only a cell that needs
a fallback font, holds a line break or is too wide for its column becomes a Paragraph.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, LongTable, Paragraph, Spacer, TableStyle

from app.reports.fonts import BOLD, MAIN, fonts, markup, needs_fallback
from app.reports.text import TextCell

PAD = 3.0
HEADER_GREY = colors.Color(0.88, 0.88, 0.88)


@dataclass(frozen=True)
class Col:
    header: str
    width: float  # points
    align: str = "LEFT"  # LEFT, RIGHT (numbers) or CENTER
    wrap: bool = False  # always a Paragraph (notes)


@lru_cache(maxsize=4096)
def _fits(text: str, room: float, size: float) -> bool:
    """No glyph of BIZ UDGothic is wider than 1 em, so short text fits without measuring;
    department and council names repeat, so measured ones are remembered."""
    return len(text) * size <= room or stringWidth(text, MAIN, size) <= room


def cell(text, col: Col, size: float):
    """A plain string when it fits in the main font, else a TextCell (fallback runs, wrapping).
    A cell that is already a flowable is kept as it is."""
    if not isinstance(text, str):
        return text
    if not col.wrap and "\n" not in text and not needs_fallback(text) and _fits(text, col.width - 2 * PAD, size):
        return text
    return TextCell.of(text, size, align=col.align)


def data_table(cols: Sequence[Col], rows: Iterable[Sequence], *, size: float = 9,
               row_height: float | None = None, total_row: bool = False, empty: str = "") -> LongTable:
    """A ruled table: bold grey header row repeated on every page, numbers right-aligned."""
    fonts()
    body = [[cell(v, c, size) for v, c in zip(row, cols, strict=True)] for row in rows]
    if not body and empty:
        body = [[empty] + [""] * (len(cols) - 1)]
        span = [("SPAN", (0, 1), (-1, 1))]
    else:
        span = []
    header = [TextCell.of(c.header, size, BOLD, "CENTER") for c in cols]
    heights = None if row_height is None else [None] + [row_height] * len(body)
    table = LongTable([header, *body], colWidths=[c.width for c in cols], rowHeights=heights, repeatRows=1)
    style = [
        ("FONT", (0, 0), (-1, -1), MAIN, size),
        ("LEADING", (0, 0), (-1, -1), size * 1.25),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_GREY),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("BOX", (0, 0), (-1, -1), 0.9, colors.black),
        ("LINEBELOW", (0, 0), (-1, 0), 0.9, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD), ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 1.8), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.6),
    ]
    style += [("ALIGN", (i, 1), (i, -1), c.align) for i, c in enumerate(cols) if c.align != "LEFT"] + span
    if total_row and body:
        style += [("FONT", (0, -1), (-1, -1), BOLD, size), ("LINEABOVE", (0, -1), (-1, -1), 0.9, colors.black)]
    table.setStyle(TableStyle(style))
    return table


def fit_widths(cols: Sequence[Col], available: float) -> list[Col]:
    """Stretch the first wrap-able or widest text column so the table spans ``available``."""
    extra = available - sum(c.width for c in cols)
    if abs(extra) < 0.5:
        return list(cols)
    target = max(range(len(cols)), key=lambda i: (cols[i].wrap, cols[i].align == "LEFT", cols[i].width))
    return [Col(c.header, c.width + extra, c.align, c.wrap) if i == target else c for i, c in enumerate(cols)]


def heading(text: str, size: float = 11.5) -> list[Flowable]:
    """A section heading that never sits alone at the foot of a page (keepWithNext would push a
    long table whole to the next page; a conditional break only needs room for a few rows)."""
    style = ParagraphStyle(f"heading-{size}", fontName=BOLD, fontSize=size, leading=size * 1.3,
                           spaceBefore=5 * mm, spaceAfter=2 * mm)
    return [CondPageBreak(30 * mm), Paragraph(markup(text), style)]


def note(text: str, size: float = 8.5) -> Paragraph:
    return Paragraph(markup(text), ParagraphStyle(f"note-{size}", fontName=MAIN, fontSize=size,
                                                  leading=size * 1.35, spaceBefore=1.5 * mm))


def facts_table(pairs: Sequence[tuple[str, str]], width: float, *, label_width: float = 28 * mm,
                size: float = 9.5) -> LongTable:
    """Label/value pairs in a ruled two-column grid (what, where, when of a meeting)."""
    rows = [[TextCell.of(k, size, BOLD), TextCell.of(v or "—", size)] for k, v in pairs]
    table = LongTable(rows, colWidths=(label_width, width - label_width))
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black), ("BOX", (0, 0), (-1, -1), 0.9, colors.black),
        ("BACKGROUND", (0, 0), (0, -1), HEADER_GREY), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
    ]))
    return table


def gap(height: float = 4 * mm) -> Flowable:
    return Spacer(1, height)


def percent(part: int, whole: int) -> str:
    return f"{part / whole * 100:.1f}%" if whole else "—"
