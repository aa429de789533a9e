"""The three kinds of failure FieldDesk tells apart, because each needs a different answer.

* ``UserError`` — bad input (a file, a value, a command line): say what and where, write nothing.
  Exit code 2.
* ``UnavailableError`` — the environment is not there right now (share gone, disk full, read-only,
  store locked by another FieldDesk): say what to do, nothing is lost. Exit code 3.
* ``StorageError`` — the local store cannot be used as it is (newer version, corrupt): say what to
  do and leave the file untouched. Exit code 3.
* Anything else is a bug: crash dialog / traceback in the log, exit code 1.
"""

from __future__ import annotations

from dataclasses import dataclass


class FieldDeskError(Exception):
    """Base of the errors we expect and explain to the user."""

    exit_code = 1


class UserError(FieldDeskError):
    """Bad input: the message says what and where. Nothing was written."""

    exit_code = 2


class UnavailableError(FieldDeskError):
    """A resource is unavailable (share, disk space, lock). Nothing lost; try later."""

    exit_code = 3


class NoWardKey(UnavailableError):
    """This laptop cannot use the shared folder without (the current) ward key: it publishes nothing."""


class StorageError(UnavailableError):
    """The local store cannot be opened or written; the message says what to do."""


class Invalid(UserError):
    """A form's values refused, field by field (``problems``: field name -> reason), so a dialog
    can mark each field and the command line can print them all."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))


@dataclass(frozen=True)
class RowProblem:
    """One bad cell of an imported table: where it is and why it was refused."""

    file: str
    line: int  # 1-based line of the file (CSV) or row number (XLSX) where the record starts
    col: int  # 1-based column number, 0 when the problem is the row as a whole
    column: str  # the header as written in the file ('' when the problem is the row as a whole)
    value: str
    reason: str  # already translated

    def __str__(self) -> str:
        # In a workbook the cell is named as Excel's name box shows it: staff.xlsx:B7.
        if self.col and self.file.lower().endswith(".xlsx"):
            where = f"{self.file}:{cell_name(self.line, self.col)}"
        else:
            where = f"{self.file}:{self.line}:{self.col}"
        what = f" {self.column}" if self.column else ""
        return f"{where}:{what} {self.value!r} — {self.reason}"


def cell_name(row: int, col: int) -> str:
    """``B7`` for row 7, column 2 (1-based), as spreadsheets name cells."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters}{row}"


class ImportRejected(UserError):
    """A table import refused as a whole; ``problems`` lists every bad row."""

    def __init__(self, file: str, problems: list[RowProblem], message: str | None = None):
        self.file = file
        self.problems = list(problems)
        super().__init__(message or "\n".join(str(p) for p in self.problems))


# errno values that mean "the environment", not a bug: a disk full, read-only or refusing, and a
# file, folder, drive or server that is not there (now).
_UNWRITABLE = {"ENOSPC", "EDQUOT", "EFBIG", "EROFS", "EACCES", "EPERM", "EIO", "EBUSY", "ETXTBSY"}
_UNREACHABLE = {"ENOENT", "ENOTDIR", "EISDIR", "ENXIO", "ENODEV", "ESTALE", "EHOSTDOWN", "EHOSTUNREACH",
                "ETIMEDOUT", "ECONNRESET", "ENOTCONN", "ENETUNREACH", "ENAMETOOLONG"}


def environmental(exc: BaseException) -> FieldDeskError | None:
    """The user-facing error ``exc`` stands for when it is one the user can act on (ours, or an
    OSError of a full, read-only or missing disk or folder); None when it is a bug."""
    import errno

    if isinstance(exc, FieldDeskError):
        return exc
    name = errno.errorcode.get(exc.errno or 0) if isinstance(exc, OSError) else None
    if name not in _UNWRITABLE | _UNREACHABLE:
        return None
    from app.i18n import _

    where, reason = exc.filename or "", exc.strerror or str(exc)
    if name in _UNWRITABLE:
        text = _("Could not write {path} ({reason}). Check the free disk space and that the folder "
                 "is writable; nothing was changed.")
    else:
        text = _("{path} cannot be reached ({reason}). Check that the drive or folder is there and try again; "
                 "nothing was changed.")
    return UnavailableError(text.format(path=where, reason=reason))
