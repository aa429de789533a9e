"""Read a table staff exchanged with Excel into rows keyed by canonical column name.

All-or-nothing: every problem (header or cell) is collected and raised together as
``ImportRejected`` so staff can fix the whole file in one go. ``iter_rows`` streams (a CSV is
read line by line, a workbook in openpyxl's read-only mode) and collects the problems as it goes;
``read_rows`` is the same as one list.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

from app.errors import ImportRejected, RowProblem, UserError
from app.i18n import _, current_language
from app.tabular.columns import Column, header_key
from app.tabular.sources import Record, Refusal, csv_file_records, xlsx_records

SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True)
class SourceRow:
    """One data record and where it came from, for error messages that point into the file."""

    # 1-based physical line where the record starts (CSV), or the sheet row number (XLSX)
    line: int
    # canonical column name -> stripped cell text; '' for a column absent from the file
    values: dict[str, str]
    # canonical name -> (column number, header as written); (0, expected header) when absent.
    # One dict shared by all rows of a file: read it, never change it.
    cols: dict[str, tuple[int, str]]


def read_rows(path: Path, columns: Sequence[Column]) -> list[SourceRow]:
    """The data rows of ``path`` (.csv or first sheet of .xlsx) or ImportRejected listing every problem."""
    problems: list[RowProblem] = []
    rows = list(iter_rows(path, columns, problems))
    if problems:
        raise ImportRejected(str(path), problems)
    return rows


def iter_rows(path: Path, columns: Sequence[Column], problems: list[RowProblem]) -> Iterator[SourceRow]:
    """The data rows of ``path`` one by one, appending every problem of the file to ``problems`` as
    it is met (the caller refuses the file when the list is not empty at the end). A file that is not
    a table at all (missing, empty, undecodable, not CSV or XLSX) raises UserError before any row."""
    path = Path(path)
    refused: list[Refusal] = []  # cells the workbook reader could not take (formulas without a result)
    records = _records(path, refused)
    header = _first_non_blank(records)
    if header is None and not refused:
        msg = _("{file}: the file is empty. The first row must hold the column headers.")
        raise UserError(msg.format(file=path))
    file = str(path)
    if header is None:
        _report_refused(file, refused, [], problems)
        return
    positions, cols = _match_header(file, header, columns, problems)
    _report_refused(file, refused, header[1], problems)
    width = len(header[1])
    unnamed = {i for i, text in enumerate(header[1]) if not text}
    required = [c.name for c in columns if c.required and c.name in positions]
    blank = dict.fromkeys((c.name for c in columns), "")
    # The usual row has a cell for every column: its values are taken in one step (itemgetter).
    present, indices = tuple(positions), tuple(positions.values())
    take = itemgetter(*indices) if len(indices) > 1 else (lambda cells: (cells[indices[0]],)) if indices else None
    every = len(present) == len(blank)
    end = max(indices, default=-1) + 1
    for line, cells in records:
        taken = _report_refused(file, refused, header[1], problems) if refused else ()
        if not any(cells):
            continue
        if take is not None and len(cells) >= end:
            values = dict(zip(present, take(cells), strict=True))
            if not every:
                values = {**blank, **values}
        else:
            values = dict(blank)
            for name, index in positions.items():
                if index < len(cells):
                    values[name] = cells[index]
        if len(cells) > width or unnamed:
            stray = next((i for i, v in enumerate(cells) if v and (i >= width or i in unnamed)), None)
            if stray is not None:
                reason = _("This cell has no column header. Add a header or delete the value.")
                problems.append(RowProblem(file, line, stray + 1, "", cells[stray], reason))
        for name in required:
            if not values[name] and cols[name][0] not in taken:
                number, written = cols[name]
                reason = _("A value is required in this column.")
                problems.append(RowProblem(file, line, number, written, "", reason))
        yield SourceRow(line, values, cols)


def _report_refused(file: str, refused: list[Refusal], header: list[str], problems: list[RowProblem]) -> set[int]:
    """Problems for the refused cells; returns their column numbers (already explained, so a
    required column there needs no second problem)."""
    for line, col, value, reason in refused:
        written = header[col - 1] if col <= len(header) else ""
        problems.append(RowProblem(file, line, col, written, value, reason))
    cols = {col for _line, col, _value, _reason in refused}
    refused.clear()
    return cols


def _records(path: Path, refused: list[Refusal]) -> Iterator[Record]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return csv_file_records(path)
    if suffix == ".xlsx":
        return xlsx_records(path, refused)
    msg = _("{file}: this file type cannot be imported. Use a .csv or .xlsx file (Excel: Save As).")
    raise UserError(msg.format(file=path))


def _first_non_blank(records: Iterator[Record]) -> Record | None:
    for record in records:
        if any(record[1]):
            return record
    return None


def _match_header(
    file: str, header: Record, columns: Sequence[Column], problems: list[RowProblem]
) -> tuple[dict[str, int], dict[str, tuple[int, str]]]:
    """Map each column present to its 0-based cell index; report unknown, duplicate and missing ones."""
    by_key: dict[str, Column] = {}
    for column in columns:
        for key in column.keys():
            other = by_key.setdefault(key, column)
            if other is not column:
                raise ValueError(f"columns {other.name!r} and {column.name!r} share the header {key!r}")
    line, cells = header
    positions: dict[str, int] = {}
    for index, text in enumerate(cells):
        if not text:
            continue  # an empty header cell is fine as long as nothing is written below it
        column = by_key.get(header_key(text))
        if column is None:
            reason = _("Unknown column {header!r}. Check the spelling or remove the column.")
            problems.append(RowProblem(file, line, index + 1, text, text, reason.format(header=text)))
        elif column.name in positions:
            first = positions[column.name] + 1
            reason = _("Column {header!r} appears twice (also column {first}). Keep only one.")
            reason = reason.format(header=text, first=first)
            problems.append(RowProblem(file, line, index + 1, text, text, reason))
        else:
            positions[column.name] = index
    lang = current_language()
    for column in columns:
        if column.required and column.name not in positions:
            expected = column.header(lang)
            reason = _("Required column {header!r} is missing.").format(header=expected)
            problems.append(RowProblem(file, line, 0, expected, "", reason))
    cols = {
        c.name: (positions[c.name] + 1, cells[positions[c.name]])
        if c.name in positions
        else (0, c.header(lang))
        for c in columns
    }
    return positions, cols
