"""``TextCell``: user text (names, titles, notes) drawn exactly as stored.

A Paragraph treats U+3000 (the full-width space between a Japanese surname and given name) as
a word break and prints an ASCII space, so "髙橋　一郎" would not come back from the PDF as
stored. TextCell keeps every character, switches to a fallback font per run, and wraps at any
character (Japanese has no spaces to wrap at), never starting a line with 、。ー）」 and the like.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from app.reports.fonts import MAIN, draw_string, runs

NO_LINE_START = set("、。，．,.・：；:;ー－ぁぃぅぇぉっゃゅょァィゥェォッャュョ）」』】〕〉》”’!?！？%％")


def _char_widths(text: str, size: float, font: str) -> list[float]:
    widths = []
    for name, piece in runs(text):
        widths += [stringWidth(ch, name or font, size) for ch in piece]
    return widths


def wrap_text(text: str, width: float, size: float, font: str = MAIN) -> list[str]:
    """``text`` cut into lines no wider than ``width`` (a single character may overflow)."""
    lines: list[str] = []
    for para in text.split("\n"):
        widths = _char_widths(para, size, font)
        start, used = 0, 0.0
        for i, w in enumerate(widths):
            if used + w > width and i > start:
                cut = i
                if para[i] in NO_LINE_START and i - 1 > start:
                    cut = i - 1  # carry the previous character down with it
                elif para[i].isascii() and para[i].isalnum() and para[i - 1].isascii() and para[i - 1].isalnum():
                    space = para.rfind(" ", start, i)  # a Latin word moves down whole
                    cut = space + 1 if space > start else i
                lines.append(para[start:cut])
                start, used = cut, sum(widths[cut:i])
            used += w
        lines.append(para[start:])
    return lines


class TextCell(Flowable):
    """One or more blocks of text, top to bottom, each (text, size, font); aligned in the cell."""

    def __init__(self, blocks: Sequence[tuple[str, float, str]], align: str = "LEFT", leading: float = 1.25):
        super().__init__()
        self.blocks = [(t, s, f) for t, s, f in blocks if t or len(blocks) == 1]
        self.align = align
        self.leading = leading
        self._lines: list[tuple[str, float, str]] = []

    @classmethod
    def of(cls, text: str, size: float, font: str = MAIN, align: str = "LEFT") -> TextCell:
        return cls([(text, size, font)], align)

    def wrap(self, avail_width, avail_height):
        self._lines = [(line, size, font) for text, size, font in self.blocks
                       for line in wrap_text(text, avail_width, size, font)]
        self.width = avail_width
        self.height = sum(size * self.leading for _t, size, _f in self._lines)
        return self.width, self.height

    def draw(self):
        y = self.height
        x, align = {"RIGHT": (self.width, "right"), "CENTER": (self.width / 2, "centre")}.get(self.align, (0, "left"))
        for line, size, font in self._lines:
            y -= size * self.leading
            draw_string(self.canv, x, y + size * (self.leading - 1) / 2 + size * 0.12, line, size, font=font, align=align)

    def text(self) -> str:
        return "\n".join(t for t, _s, _f in self.blocks)
