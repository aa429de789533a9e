"""Cell escapes shared by the writer and the reader, so that an export imports back unchanged.

* CSV: a spreadsheet runs a cell beginning with ``= + - @`` (or tab/CR) as a formula. The writer adds
  one leading ``'`` to such cells — and to cells already beginning with ``'``, so that the escape
  itself round-trips — and the reader removes exactly that one quote.
* XLSX: cells are plain string cells, so no quote is needed — but our CSV escape can arrive in a
  workbook as text (a CSV opened in a spreadsheet keeps ``'=1+1`` as text and saves it so), so the
  reader removes it from text cells too, and the writer doubles the one leading quote that the
  reader would remove (``'=x`` is written ``''=x``). XML cannot hold most control
  characters (and turns CR into LF), so they are written the way Excel does: ``_xHHHH_``, with a
  literal ``_xHHHH_`` protected as ``_x005F_xHHHH_``. openpyxl does neither, so it is done here.
"""

from __future__ import annotations

import re

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "'")

_XML_UNSAFE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)|[\x00-\x08\x0b-\x1f\ufffe\uffff]")
_XML_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def escape_formula(text: str) -> str:
    """CSV cell text a spreadsheet shows as text and never runs as a formula."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def unescape_formula(text: str) -> str:
    """Undo :func:`escape_formula`: drop one leading quote, only when the writer would have added it."""
    if len(text) >= 2 and text[0] == "'" and text[1] in FORMULA_TRIGGERS:
        return text[1:]
    return text


def escape_xlsx(text: str) -> str:
    """Text an XLSX string cell can hold exactly (Excel's ST_Xstring escaping), read back unchanged."""
    if len(text) >= 2 and text[0] == "'" and text[1] in FORMULA_TRIGGERS:
        text = "'" + text  # the reader drops one such quote (see the module docstring)
    return _XML_UNSAFE.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def unescape_xlsx(text: str) -> str:
    """Undo :func:`escape_xlsx` (also reads what Excel itself wrote)."""
    if "_x" not in text:
        return text
    return _XML_ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)
