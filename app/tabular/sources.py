"""Physical records of a CSV or XLSX file: (line number, cell texts), before any header logic.

Kept apart from the header/row rules so both file types share those rules exactly.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import functools
import io
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from xml.etree.ElementTree import ParseError

from app.errors import UserError
from app.i18n import _
from app.tabular.escape import unescape_formula, unescape_xlsx

Record = tuple[int, list[str]]  # (1-based physical line / sheet row, stripped cell texts)


def _unreadable(path: Path, exc: BaseException) -> UserError:
    if isinstance(exc, FileNotFoundError):
        msg = _("{file}: the file does not exist. Check the folder and the file name.")
    elif isinstance(exc, PermissionError):
        msg = _("{file}: the file cannot be opened (permission denied). Close it in Excel or ask for access.")
    elif isinstance(exc, IsADirectoryError):
        msg = _("{file}: this is a folder, not a file. Choose a .csv or .xlsx file.")
    else:
        msg = _("{file}: the file cannot be read ({error}). Check the file and try again.")
    return UserError(msg.format(file=path, error=exc))


def csv_records(path: Path, text: str | Iterable[str]) -> Iterator[Record]:
    """Records with the physical line where each starts, even when quoted cells span lines.
    ``text`` is the whole text, or its lines as an open file (``newline=""``) yields them."""
    lines = io.StringIO(text, newline="") if isinstance(text, str) else text
    reader = csv.reader(lines, strict=False)
    start = 1
    try:
        for cells in reader:
            cells = [c.strip() for c in cells]
            if "\x00'" in "\x00" + "\x00".join(cells):  # rare: some cell starts with the formula escape
                cells = [unescape_formula(c) for c in cells]
            yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        msg = _("{file}: line {line} cannot be read as CSV ({error}).")
        raise UserError(msg.format(file=path, line=start, error=exc)) from exc


_CHUNK = 1 << 20


def csv_encoding(path: Path) -> str:
    """The encoding to read ``path`` with ("utf-8-sig" or "cp932"), decided as ``decode_csv`` does,
    by decoding the file once in chunks: memory stays flat for a file of any size."""
    try:
        with open(path, "rb") as fh:
            bad, ascii_before = _first_bad_byte(fh, "utf-8")
            if bad is None:
                return "utf-8-sig"
            if ascii_before:
                fh.seek(0)
                bad_cp932, _ascii = _first_bad_byte(fh, "cp932")
                if bad_cp932 is None:
                    return "cp932"
                bad = max(bad, bad_cp932)
            fh.seek(0)
            line = sum(chunk.count(b"\n") for chunk in _chunks(fh, bad)) + 1
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    msg = _(
        "{file}: byte {offset} (line {line}) is neither UTF-8 nor Shift_JIS (CP932). "
        "Save the file in Excel as “CSV UTF-8” and import it again."
    )
    raise UserError(msg.format(file=path, offset=bad, line=line))


def _chunks(fh, limit: int) -> Iterator[bytes]:
    """The first ``limit`` bytes of ``fh`` in chunks."""
    while limit > 0:
        chunk = fh.read(min(_CHUNK, limit))
        if not chunk:
            return
        limit -= len(chunk)
        yield chunk


def _first_bad_byte(fh, encoding: str) -> tuple[int | None, bool]:
    """(offset of the first byte that does not decode, whether every byte before it is ASCII);
    (None, …) when the whole file decodes. Offsets are 0-based, as in a hex editor, BOM included."""
    decoder = codecs.getincrementaldecoder(encoding)()
    offset, ascii_so_far = 0, True
    while True:
        chunk = fh.read(_CHUNK)
        pending = decoder.getstate()[0]
        try:
            text = decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            bad = offset - len(pending) + exc.start
            # a BOM or valid multi-byte text before the bad byte means a damaged UTF-8 file
            before = (pending + chunk)[:exc.start]
            return bad, ascii_so_far and before.isascii()
        if ascii_so_far and not text.isascii():
            ascii_so_far = False
        offset += len(chunk)
        if not chunk:
            return None, ascii_so_far


def csv_file_records(path: Path) -> Iterator[Record]:
    """The records of a CSV file, read as a stream in the encoding ``csv_encoding`` found."""
    encoding = csv_encoding(path)
    try:
        with open(path, encoding=encoding, newline="") as fh:
            yield from csv_records(path, fh)
    except OSError as exc:
        raise _unreadable(path, exc) from exc


# (sheet row, column number, what the cell holds, reason): cells refused while reading a workbook
Refusal = tuple[int, int, str, str]


def xlsx_records(path: Path, refused: list[Refusal] | None = None) -> Iterator[Record]:
    """Rows of the first sheet, numbered as Excel shows them; the workbook is closed afterwards.

    A cell's number format is honoured where it adds zeros (``000000`` shows 456 as ``000456``).
    A formula cell yields the result the spreadsheet saved with it; a formula without one (a file
    written by a program) or with an error result yields '' and is appended to ``refused``.
    """
    import openpyxl  # a few hundred ms; only paid when a workbook is read

    refused = [] if refused is None else refused
    wb = _open_xlsx(path, openpyxl, data_only=False)  # formulas as formulas, so none passes as empty
    results: _SavedResults | None = None
    try:
        ws = wb.worksheets[0]
        ws.reset_dimensions()  # files from other tools often declare a wrong size
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for number, cells in enumerate(ws.iter_rows(min_row=1, min_col=1), 1):
                texts = []
                for col, cell in enumerate(cells, 1):
                    kind = cell.data_type
                    if kind == "f":
                        results = results or _SavedResults(path, openpyxl)
                        formula = str(getattr(cell.value, "text", cell.value))
                        cell = results.cell(number, col)
                        if cell is not None and cell.value is None and cell.data_type == "str":
                            texts.append("")  # the saved result is empty text (=IF(…,"",…))
                            continue
                        if cell is None or cell.value is None:
                            refused.append((number, col, formula, _(
                                "A formula without a saved result: open the file in Excel, save it, and import "
                                "it again (a program wrote this file).")))
                            texts.append("")
                            continue
                        kind = cell.data_type
                    if kind == "e":
                        refused.append((number, col, str(cell.value), _(
                            "This cell holds an error value ({error}). Correct it in Excel, save the file, "
                            "and import it again.").format(error=cell.value)))
                        texts.append("")
                        continue
                    value = cell.value
                    if kind == "n" and value is not None and not isinstance(value, bool):
                        texts.append(number_text(value, cell.number_format))
                    else:
                        texts.append(cell_text(value))
                yield number, texts
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    except _BROKEN as exc:
        raise _broken_xlsx(path, exc) from exc
    finally:
        wb.close()
        if results is not None:
            results.close()


_BROKEN = (zipfile.BadZipFile, KeyError, ValueError, TypeError, ParseError, EOFError)


def _open_xlsx(path: Path, openpyxl, *, data_only: bool):
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions: noise here
            return openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    except (*_BROKEN, InvalidFileException) as exc:
        raise _broken_xlsx(path, exc) from exc


class _SavedResults:
    """The results a spreadsheet saved with its formulas: the same sheet read a second time, in step
    with the first. Opened at the first formula, so a file without formulas is read once."""

    def __init__(self, path: Path, openpyxl):
        self.wb = _open_xlsx(path, openpyxl, data_only=True)
        ws = self.wb.worksheets[0]
        ws.reset_dimensions()
        self.rows = enumerate(ws.iter_rows(min_row=1, min_col=1), 1)
        self.number, self.cells = 0, ()

    def cell(self, number: int, col: int):
        while self.number < number:
            self.number, self.cells = next(self.rows, (number, ()))
        return self.cells[col - 1] if self.number == number and col <= len(self.cells) else None

    def close(self) -> None:
        self.wb.close()


def number_text(value: int | float, number_format: str | None) -> str:
    """A number cell as its text, with the leading zeros a zero-only format (``000000``) shows."""
    text = cell_text(value)
    width = _zero_width(number_format)
    if width and text.isdigit():
        return text.zfill(width)
    return text


@functools.lru_cache(maxsize=256)
def _zero_width(number_format: str | None) -> int:
    """6 for ``000000`` (or ``000000;@``: the positive section counts); 0 for any other format."""
    if not number_format or number_format == "General":
        return 0
    first = number_format.split(";", 1)[0].strip()
    return len(first) if first and set(first) == {"0"} else 0


def _broken_xlsx(path: Path, exc: BaseException) -> UserError:
    msg = _(
        "{file}: not a readable Excel workbook ({error}). Open it in Excel, save it as .xlsx and try again."
    )
    return UserError(msg.format(file=path, error=type(exc).__name__))


def cell_text(value: object) -> str:
    """The text of an XLSX cell value: whole numbers without '.0', dates and times in ISO."""
    if value is None:
        return ""
    if isinstance(value, str):
        # Our CSV's formula escape ('=1+1) comes back as text when the CSV went through a
        # spreadsheet and was saved as .xlsx: drop it exactly as the CSV reader does.
        return unescape_formula(unescape_xlsx(value).strip())
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return f"{value.date().isoformat()} {_clock(value.time())}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return _clock(value)
    if isinstance(value, dt.timedelta):
        seconds = int(value.total_seconds())
        hours, rest = divmod(seconds, 3600)
        return f"{hours}:{rest // 60:02d}" + (f":{rest % 60:02d}" if rest % 60 else "")
    return str(value).strip()


def _clock(t: dt.time) -> str:
    return t.strftime("%H:%M:%S" if t.second else "%H:%M")
