"""The page every FieldDesk report is printed on: A4, a header that states the scope, a footer
that says when, where and which page, and the approval box (承認欄) offices stamp.

Page 1 carries the title, the scope and the approval box; later pages repeat the title and
scope in one line, so a loose page still says what it belongs to. "n / N" is drawn when the
document is saved (one pass, no second layout run).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Table, TableStyle

from app.domain.wareki import format_date, format_datetime
from app.i18n import _
from app.reports.fonts import BOLD, MAIN, draw_string, embedded_font, fonts, standard_fonts_used, string_width
from app.reports.text import TextCell

MARGIN = 15 * mm
TOP = 12 * mm
FOOTER = 16 * mm
BOX_COLUMN = 19 * mm
BOX_LABEL = 6 * mm
BOX_STAMP = 19 * mm
RULE = 0.6


@dataclass(frozen=True)
class ReportHeader:
    """What a report says about itself on every page."""

    title: str
    scope: tuple[tuple[str, str], ...]  # (label, value), e.g. ("年度", "令和8年度（2026）")
    printed_at: datetime
    device: str  # device name and short id
    approval: tuple[str, ...] = ()  # 承認欄 columns; empty = no box
    landscape: bool = False


def date_text(d) -> str:
    """``令和8年11月23日（2026-11-23）`` in Japanese (both calendars, as the ward files them), ISO in English."""
    return format_date(d, western=True)


def printed_text(at: datetime) -> str:
    return format_datetime(at, western=True)


SCOPE_SIZE = 9.5


def _approval_box(columns: Sequence[str]) -> Table:
    table = Table([list(columns), [""] * len(columns)], colWidths=BOX_COLUMN,
                  rowHeights=(BOX_LABEL, BOX_STAMP))
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, 0), MAIN, 8.5), ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"), ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("BOX", (0, 0), (-1, -1), 1.0, colors.black), ("BOTTOMPADDING", (0, 0), (-1, 0), 3.5),
    ]))
    return table


class _Page:
    """Lays out the header once (its height decides the frame) and draws it on every page."""

    def __init__(self, header: ReportHeader):
        self.header = header
        self.size = landscape(A4) if header.landscape else A4
        width, _height = self.size
        self.box = _approval_box(header.approval) if header.approval else None
        box_w = BOX_COLUMN * len(header.approval) if self.box else 0
        self.text_width = width - 2 * MARGIN - (box_w + 6 * mm if box_w else 0)
        self.title = TextCell.of(header.title, 16, BOLD)
        rows = [[TextCell.of(label, SCOPE_SIZE), TextCell.of(value, SCOPE_SIZE)] for label, value in header.scope]
        label_w = max([18 * mm, *(string_width(label, SCOPE_SIZE) + 5 * mm for label, _v in header.scope)])
        self.scope = Table(rows or [[""]], colWidths=(label_w, self.text_width - label_w), hAlign="LEFT")
        self.scope.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                                        ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        _w, title_h = self.title.wrap(self.text_width, 100 * mm)
        _w, scope_h = self.scope.wrap(self.text_width, 200 * mm)
        self.title_h = title_h
        text_h = title_h + 3 * mm + scope_h
        self.first_h = TOP + max(text_h, BOX_LABEL + BOX_STAMP if self.box else 0) + 4 * mm
        self.later_h = TOP + 8 * mm
        self.later_line = "　".join([header.title, *(v for _label, v in header.scope)])

    def frame(self, header_h: float, ident: str) -> Frame:
        width, height = self.size
        return Frame(MARGIN, FOOTER, width - 2 * MARGIN, height - header_h - FOOTER, id=ident,
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    def first(self, canvas: Canvas, _doc) -> None:
        width, height = self.size
        y = height - TOP
        self.title.drawOn(canvas, MARGIN, y - self.title_h)
        self.scope.drawOn(canvas, MARGIN, y - self.title_h - 3 * mm - self.scope._height)
        if self.box is not None:
            box_w, box_h = self.box.wrap(0, 0)
            self.box.drawOn(canvas, width - MARGIN - box_w, y - box_h)
        self._rule(canvas, height - self.first_h + 2 * mm)
        self._footer(canvas)

    def later(self, canvas: Canvas, _doc) -> None:
        width, height = self.size
        room = width - 2 * MARGIN
        size = max(6.5, min(9.0, 9.0 * room / max(string_width(self.later_line, 9.0), 1)))  # shrink to fit
        draw_string(canvas, MARGIN, height - TOP - 4 * mm, self.later_line, size)
        self._rule(canvas, height - self.later_h + 2 * mm)
        self._footer(canvas)

    def _rule(self, canvas: Canvas, y: float) -> None:
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(RULE)
        canvas.line(MARGIN, y, self.size[0] - MARGIN, y)

    def _footer(self, canvas: Canvas) -> None:
        self._rule(canvas, FOOTER - 4 * mm)
        text = _("Printed {at} on {device}").format(at=printed_text(self.header.printed_at), device=self.header.device)
        draw_string(canvas, MARGIN, FOOTER - 8.5 * mm, text, 8)


def _numbered_canvas(page: _Page):
    """A canvas that holds its pages until save, then writes "n / N" on each; it draws only in
    fonts it embeds (a records office refuses a PDF that lists a font it does not carry)."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._held: list[dict] = []

        def setFont(self, psfontname, size, leading=None):  # noqa: N802 (reportlab's name)
            super().setFont(embedded_font(psfontname), size, leading)

        def showPage(self):  # noqa: N802 (reportlab's name)
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._held)
            for number, state in enumerate(self._held, 1):
                self.__dict__.update(state)
                draw_string(self, page.size[0] - MARGIN, FOOTER - 8.5 * mm, f"{number} / {total}", 9, align="right")
                Canvas.showPage(self)
            stray = standard_fonts_used(self._doc.fontMapping)
            if stray:  # drawn past setFont (a text object): a bug, caught by the report tests
                raise RuntimeError(f"the report uses fonts it does not embed: {', '.join(stray)}")
            Canvas.save(self)

    return NumberedCanvas


def render(header: ReportHeader, story: list) -> bytes:
    """The finished PDF of ``story`` on the report page, as bytes (the caller writes it atomically)."""
    fonts()
    page = _Page(header)
    out = io.BytesIO()
    # initialFontName: reportlab starts every page in Helvetica (``BT /F1 12 Tf``) otherwise.
    doc = BaseDocTemplate(out, pagesize=page.size, initialFontName=MAIN, leftMargin=MARGIN, rightMargin=MARGIN,
                          topMargin=page.later_h, bottomMargin=FOOTER, title=header.title,
                          author="FieldDesk", creator="FieldDesk", subject="　".join(v for _k, v in header.scope))
    doc.addPageTemplates([
        PageTemplate("first", [page.frame(page.first_h, "first")], onPage=page.first, autoNextPageTemplate="later"),
        PageTemplate("later", [page.frame(page.later_h, "later")], onPage=page.later),
    ])
    doc.build(story, canvasmaker=_numbered_canvas(page))
    return out.getvalue()
