"""The reports' fonts: BIZ UDGothic embedded, plus fallback fonts for the kanji it lacks.

Some surnames use characters BIZ UDGothic does not have (𠮷 U+20BB7 …). Every text is split into
runs by the main font's cmap; a run the main font lacks goes to the first fallback that has it
(``resources/fonts/Fallback*.ttf``, in name order), so a rare character never turns into a box
or drops the rest of the line. Registration happens once per process (``fonts()`` is cached).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from app.font_files import font_names, font_path

MAIN = "BIZUDGothic"
BOLD = "BIZUDGothic-Bold"
_FALLBACK_PREFIX = "Fallback-"


@dataclass(frozen=True)
class FontSet:
    main: str
    bold: str
    fallbacks: tuple[str, ...]
    covered: frozenset[int]  # code points the main (and bold) font draws
    fallback_cmaps: tuple[frozenset[int], ...]


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, fixed: it writes ``<20BB7>`` for a character outside the BMP,
    an odd-length code that readers reject (pdftotext, pypdf); PDF wants UTF-16 (a surrogate pair)."""
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{chr(cp).encode('utf-16-be').hex().upper()}>" for i, cp in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ])


@cache
def fonts() -> FontSet:
    """Register the fonts with reportlab (once) and return their names and coverage."""
    # WORKAROUND(reportlab<=5.1): its ToUnicode CMap breaks for characters outside the BMP, so
    # 𠮷 could not be copied or searched. Replaced process-wide; drop when reportlab fixes it.
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap  # looked up by reportlab when each PDF is saved
    main = TTFont(MAIN, str(font_path("BIZUDGothic-Regular.ttf")))
    pdfmetrics.registerFont(main)
    pdfmetrics.registerFont(TTFont(BOLD, str(font_path("BIZUDGothic-Bold.ttf"))))
    pdfmetrics.registerFontFamily(MAIN, normal=MAIN, bold=BOLD, italic=MAIN, boldItalic=BOLD)
    names, cmaps = [], []
    for name in font_names("Fallback*.ttf"):
        font = TTFont(_FALLBACK_PREFIX + name.removesuffix(".ttf"), str(font_path(name)))
        pdfmetrics.registerFont(font)
        pdfmetrics.registerFontFamily(font.fontName, normal=font.fontName, bold=font.fontName,
                                      italic=font.fontName, boldItalic=font.fontName)
        names.append(font.fontName)
        cmaps.append(frozenset(font.face.charToGlyph))
    return FontSet(MAIN, BOLD, tuple(names), frozenset(main.face.charToGlyph), tuple(cmaps))


@cache
def _font_for(cp: int) -> str | None:
    """None: the main font draws it (or no font does: then the main font's box keeps the text)."""
    fs = fonts()
    if cp in fs.covered or cp < 0x20:
        return None
    for name, cmap in zip(fs.fallbacks, fs.fallback_cmaps, strict=True):
        if cp in cmap:
            return name
    return None


def embedded_font(name: str) -> str:
    """``name`` if it is one of ours (embedded, subset), else our font of the same weight.

    reportlab falls back to its standard fonts (Helvetica, never embedded) wherever no font was
    named: a table cell's default style, a page's initial font, a chart's default string."""
    fonts()
    if getattr(pdfmetrics.getFont(name), "_dynamicFont", 0):
        return name
    return BOLD if "Bold" in name else MAIN


def standard_fonts_used(font_mapping: dict[str, str]) -> list[str]:
    """The fonts of a finished document that would not be embedded (a bug: see ``render``)."""
    return sorted(n for n in font_mapping if not getattr(pdfmetrics.getFont(n), "_dynamicFont", 0))


def needs_fallback(text: str) -> bool:
    """Whether any character of ``text`` is missing from the main font (fast for plain text)."""
    return not text.isascii() and not fonts().covered.issuperset(map(ord, text))


def runs(text: str) -> list[tuple[str | None, str]]:
    """``text`` cut into (font, piece) runs; font None means the main font (registered by now)."""
    fonts()
    if not needs_fallback(text):
        return [(None, text)]
    out: list[tuple[str | None, str]] = []
    for ch in text:
        font = _font_for(ord(ch))
        if out and out[-1][0] == font:
            out[-1] = (font, out[-1][1] + ch)
        else:
            out.append((font, ch))
    return out


def markup(text: str) -> str:
    """Paragraph markup for plain ``text``: XML escaped, fallback runs in <font>, newlines kept."""
    parts = []
    for font, piece in runs(text):
        escaped = escape(piece).replace("\n", "<br/>")
        parts.append(escaped if font is None else f'<font name="{font}">{escaped}</font>')
    return "".join(parts)


def string_width(text: str, size: float, font: str = MAIN) -> float:
    return sum(pdfmetrics.stringWidth(piece, name or font, size) for name, piece in runs(text))


def draw_string(canvas, x: float, y: float, text: str, size: float, *, font: str = MAIN,
                align: str = "left") -> None:
    """``canvas.drawString`` with fallback runs; align is left, right or centre."""
    pieces = runs(text)
    width = sum(pdfmetrics.stringWidth(p, n or font, size) for n, p in pieces)
    if align == "right":
        x -= width
    elif align == "centre":
        x -= width / 2
    text = canvas.beginText(x, y)  # one text object: readers join the runs into one line
    for name, piece in pieces:
        text.setFont(name or font, size)
        text.textOut(piece)
    canvas.drawText(text)
