"""Read a table staff exchanged with Excel into rows keyed by canonical column name.

All-or-nothing: every problem (header or cell) is collected and raised together as
``ImportRejected`` so staff can fix the whole file in one go.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.errors import ImportRejected, RowProblem, UserError
from app.i18n import _, current_language
from app.tabular.columns import Column, header_key
from app.tabular.sources import Record, Refusal, csv_records, decode_csv, read_bytes, xlsx_records

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
    path = Path(path)
    refused: list[Refusal] = []  # cells the workbook reader could not take (formulas without a result)
    records = _records(path, refused)
    header = _first_non_blank(records)
    if header is None and not refused:
        msg = _("{file}: the file is empty. The first row must hold the column headers.")
        raise UserError(msg.format(file=path))
    file = str(path)
    problems: list[RowProblem] = []
    if header is None:
        _report_refused(file, refused, [], problems)
        raise ImportRejected(file, problems)
    positions, cols = _match_header(file, header, columns, problems)
    _report_refused(file, refused, header[1], problems)
    width = len(header[1])
    unnamed = {i for i, text in enumerate(header[1]) if not text}
    required = [c.name for c in columns if c.required and c.name in positions]
    rows: list[SourceRow] = []
    for line, cells in records:
        taken = _report_refused(file, refused, header[1], problems) if refused else ()
        if not any(cells):
            continue
        values = dict.fromkeys((c.name for c in columns), "")
        for name, index in positions.items():
            if index < len(cells):
                values[name] = cells[index]
        stray = next((i for i, v in enumerate(cells) if v and (i >= width or i in unnamed)), None)
        if stray is not None:
            reason = _("This cell has no column header. Add a header or delete the value.")
            problems.append(RowProblem(file, line, stray + 1, "", cells[stray], reason))
        for name in required:
            if not values[name] and cols[name][0] not in taken:
                number, written = cols[name]
                reason = _("A value is required in this column.")
                problems.append(RowProblem(file, line, number, written, "", reason))
        rows.append(SourceRow(line, values, cols))
    if problems:
        raise ImportRejected(file, problems)
    return rows


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
        return csv_records(path, decode_csv(path, read_bytes(path)))
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
