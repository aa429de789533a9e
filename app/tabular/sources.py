"""Physical records of a CSV or XLSX file: (line number, cell texts), before any header logic.

Kept apart from the header/row rules so both file types share those rules exactly.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import ParseError

from app.errors import UserError
from app.i18n import _
from app.tabular.escape import unescape_formula, unescape_xlsx

Record = tuple[int, list[str]]  # (1-based physical line / sheet row, stripped cell texts)


def read_bytes(path: Path) -> bytes:
    """The whole file, or a UserError that says what to do."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise _unreadable(path, exc) from exc


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


def decode_csv(path: Path, data: bytes) -> str:
    """Text of a CSV file in UTF-8 (with or without BOM) or CP932, the encodings Excel writes here."""
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[bom:].decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        offset = bom + utf8_error.start  # 0-based, as in a hex editor
        # A BOM or valid UTF-8 multi-byte text before the bad byte means a damaged UTF-8 file, not
        # CP932: decoding it as CP932 would only turn every Japanese character into garbage.
        if data[:offset].isascii():
            try:
                return data.decode("cp932")
            except UnicodeDecodeError as cp932_error:
                offset = max(offset, cp932_error.start)
    line = data.count(b"\n", 0, offset) + 1
    msg = _(
        "{file}: byte {offset} (line {line}) is neither UTF-8 nor Shift_JIS (CP932). "
        "Save the file in Excel as “CSV UTF-8” and import it again."
    )
    raise UserError(msg.format(file=path, offset=offset, line=line))


def csv_records(path: Path, text: str) -> Iterator[Record]:
    """Records with the physical line where each starts, even when quoted cells span lines."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=False)
    start = 1
    try:
        for cells in reader:
            yield start, [unescape_formula(c.strip()) for c in cells]
            start = reader.line_num + 1
    except csv.Error as exc:
        msg = _("{file}: line {line} cannot be read as CSV ({error}).")
        raise UserError(msg.format(file=path, line=start, error=exc)) from exc


def xlsx_records(path: Path) -> Iterator[Record]:
    """Rows of the first sheet, numbered as Excel shows them; the workbook is closed afterwards."""
    import openpyxl  # a few hundred ms; only paid when a workbook is read
    from openpyxl.utils.exceptions import InvalidFileException

    broken = (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, ParseError, EOFError)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions: noise here
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    except broken as exc:
        raise _broken_xlsx(path, exc) from exc
    try:
        ws = wb.worksheets[0]
        ws.reset_dimensions()  # files from other tools often declare a wrong size
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for number, values in enumerate(ws.iter_rows(min_row=1, min_col=1, values_only=True), 1):
                yield number, [cell_text(v) for v in values]
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    except broken as exc:
        raise _broken_xlsx(path, exc) from exc
    finally:
        wb.close()


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
        return unescape_xlsx(value).strip()
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
