"""Write a table for Excel so that it imports back unchanged and never runs a cell as a formula.

The file is written to a temporary file beside the target and moved into place, so a failed
export never leaves half a file over a good one.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from app.errors import UnavailableError, UserError
from app.fileio import atomic_write
from app.i18n import _
from app.tabular.columns import Column
from app.tabular.escape import escape_formula, escape_xlsx

XLSX_CELL_LIMIT = 32767  # Excel's limit; openpyxl would silently cut longer text


def write_rows(
    path: Path, columns: Sequence[Column], rows: Iterable[Sequence[str]], *, lang: str = "ja"
) -> int:
    """Write ``rows`` (cells in ``columns`` order) to a .csv or .xlsx file; returns the rows written."""
    path = Path(path)
    headers = [c.header(lang) for c in columns]
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        msg = _("{file}: this file type cannot be exported. Use a .csv or .xlsx file name.")
        raise UserError(msg.format(file=path))
    def write(out) -> int:
        cells = _checked(rows, len(columns))
        if suffix == ".csv":
            return _write_csv(out, headers, cells)
        return _write_xlsx(out, path, headers, cells)

    try:
        count = atomic_write(path, write)
    except OSError as exc:
        msg = _(
            "{file}: the file cannot be written ({error}). Close it if it is open in Excel, check that "
            "the folder exists and there is free space, then try again."
        )
        raise UnavailableError(msg.format(file=path, error=exc.strerror or exc)) from exc
    return count


def _checked(rows: Iterable[Sequence[str]], width: int) -> Iterator[list[str]]:
    """Rows as lists of str; a row of the wrong width or with a non-text cell is a caller bug."""
    for number, row in enumerate(rows, 1):
        cells = ["" if v is None else v for v in row]
        if len(cells) != width or not all(isinstance(v, str) for v in cells):
            raise ValueError(f"row {number}: expected {width} str cells, got {row!r}")
        yield cells


def _write_csv(out: BinaryIO, headers: list[str], rows: Iterator[list[str]]) -> int:
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=False)
    writer = csv.writer(text, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([escape_formula(h) for h in headers])
    count = 0
    for cells in rows:
        writer.writerow([escape_formula(v) for v in cells])
        count += 1
    text.flush()
    text.detach()  # leave ``out`` open for the caller's fsync
    return count


def _write_xlsx(out: BinaryIO, path: Path, headers: list[str], rows: Iterator[list[str]]) -> int:
    """All rows are converted (and checked) before openpyxl starts: its write-only sheet leaves a
    temp file and a dangling generator behind when it is interrupted halfway."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    table = [[_xlsx_text(path, v) for v in cells] for cells in rows]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Sheet1")
    bold = Font(bold=True)

    def cell(text: str, header: bool = False) -> WriteOnlyCell:
        c = WriteOnlyCell(ws, value=text)
        c.data_type = "s"  # never a formula, number, error or date: exactly the text given
        c.number_format = "@"
        c.quotePrefix = True  # Excel keeps it text even when the cell is edited
        if header:
            c.font = bold
        return c

    try:
        ws.append([cell(_xlsx_text(path, h), header=True) for h in headers])
        for texts in table:
            ws.append([cell(t) for t in texts])
        wb.save(out)
    except BaseException:
        _abandon(ws)
        raise
    return len(table)


def _xlsx_text(path: Path, value: str) -> str:
    text = escape_xlsx(value)
    if len(text) > XLSX_CELL_LIMIT:
        msg = _("{file}: a cell has more than {limit} characters, which Excel cannot hold. Export as CSV.")
        raise UserError(msg.format(file=path, limit=XLSX_CELL_LIMIT))
    return text


def _abandon(ws) -> None:
    """Best effort: close openpyxl's half-written sheet and remove its temp file."""
    try:
        ws.close()
    except Exception:  # already failing: the original error is what matters
        pass
    writer = getattr(ws, "_writer", None)
    if writer is not None:
        try:
            writer.cleanup()
        except Exception:
            pass
