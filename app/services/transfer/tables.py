"""The shared machinery of table imports and exports; each kind (staff, councils …) fills it in.

An import is all-or-nothing: every row is validated first and every problem collected; only a
file with no problem is applied, in one transaction through the captured ORM session. Rows are
matched by their natural key, so a re-import updates and never duplicates.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from app.domain.parsing import LATE_HEISEI, date_note, parse_date
from app.domain.staff_no import DEFAULT_WIDTH, read_staff_no
from app.errors import RowProblem
from app.i18n import _
from app.storage.ids import new_id
from app.tabular.columns import Column
from app.tabular.reader import SourceRow

if TYPE_CHECKING:  # the bulk kinds (BulkKind) import without SQLAlchemy
    from sqlalchemy.orm import Session

    from app.storage.models import SyncedBase

T = TypeVar("T")
Key = tuple[str, ...]
# Keys every import's ctx carries besides the kind's own: the ward's staff-number width (set by
# import_rows from the store) and how many staff numbers were padded to it (counted while parsing).
STAFF_NO_WIDTH = "staff_no_width"
PADDED = "padded"


class RowInvalid(Exception):
    """Raised by a kind's ``parse`` after it recorded problems on the RowReader."""


# Parsers whose accepted values may still deserve a word in the import summary.
_NOTES: dict[Callable, Callable[[str], str | None]] = {parse_date: date_note}


class RowReader:
    """Reads one source row cell by cell, collecting every problem instead of stopping at one,
    and counting the notes (``notes``) that accepted cells carry (a 平成 date after the era)."""

    def __init__(self, file: str, row: SourceRow, columns: Sequence[Column], memo: dict | None = None,
                 notes: Counter | None = None):
        self.file = file
        self.row = row
        self.columns = {c.name: c for c in columns}
        self.problems: list[RowProblem] = []
        # (parser, text) -> value or the ValueError: a file repeats the same dates and words
        # thousands of times, and the parsers are pure.
        self.memo: dict = {} if memo is None else memo
        self.notes: Counter = Counter() if notes is None else notes

    def reset(self, row: SourceRow) -> None:
        """Read the next row with the same memo (one reader per file, not one per row)."""
        self.row = row
        if self.problems:
            self.problems = []
        if self.notes:
            self.notes = Counter()

    def text(self, name: str) -> str:
        return self.row.values.get(name, "")

    def problem(self, name: str, reason: str) -> None:
        col, header = self.row.cols.get(name, (0, self.columns[name].name if name in self.columns else name))
        self.problems.append(RowProblem(self.file, self.row.line, col, header, self.text(name), reason))

    def parse(self, name: str, parser: Callable[[str], T], default: T | None = None) -> T | None:
        raw = self.text(name)
        if raw == "":
            return default
        key = (parser, raw)
        outcome = self.memo.get(key)
        if outcome is None:
            try:
                value = parser(raw)
                note = _NOTES[parser](raw) if parser in _NOTES else None
                outcome = self.memo[key] = (True, value, note)
            except ValueError as exc:
                outcome = self.memo[key] = (False, str(exc), None)
        ok, value, note = outcome
        if not ok:
            self.problem(name, value)
            return default
        if note:
            self.notes[note] += 1
        return value

    def staff_no(self, name: str, ctx: dict[str, Any]) -> str:
        """The canonical staff number of a cell ('' when empty); a padded one is counted in ctx."""
        raw = self.text(name)
        if raw == "":
            return ""
        width = ctx.get(STAFF_NO_WIDTH, DEFAULT_WIDTH)
        key = (read_staff_no, width, raw)
        outcome = self.memo.get(key)
        if outcome is None:
            try:
                outcome = self.memo[key] = (True, read_staff_no(raw, width))
            except ValueError as exc:
                outcome = self.memo[key] = (False, str(exc))
        ok, value = outcome
        if not ok:
            self.problem(name, value)
            return ""
        number, padded = value
        if padded:
            ctx[PADDED] = ctx.get(PADDED, 0) + 1
        return number

    def done(self) -> None:
        if self.problems:
            raise RowInvalid()


@dataclass
class ImportResult:
    kind: str
    file: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    notes: Counter = field(default_factory=Counter)  # note -> cells, for rows that were accepted
    padded: int = 0  # staff numbers read with leading zeros added (a spreadsheet dropped them)
    staff_no_width: int = DEFAULT_WIDTH

    def note_lines(self) -> list[str]:
        """What the summary adds to the counts: accepted cells a clerk should know about."""
        lines = []
        if self.notes[LATE_HEISEI]:
            lines.append(_("{count} 平成 dates written after the era ended (平成31年5月1日 or later) were read as the same "
                           "western date (令和).").format(count=self.notes[LATE_HEISEI]))
        return lines


@dataclass(slots=True)
class Planned(Generic[T]):
    line: int
    key: Key
    fields: dict[str, Any]


@dataclass
class TableKind:
    """What one kind of table needs to say; the rest is shared. Planned whole, applied through the
    ORM session (kinds whose import also creates other records: walks with their sheets …)."""

    name: str
    model: type[SyncedBase]
    columns: Sequence[Column]
    key_columns: Sequence[str]
    # (session) -> lookups the parser needs (e.g. council code -> id)
    context: Callable[[Session], dict[str, Any]]
    # (reader, ctx) -> (key, fields for the model); records problems on the reader
    parse: Callable[[RowReader, dict[str, Any]], tuple[Key, dict[str, Any]]]
    # (session, ctx) -> key -> current {id, deleted, fields...}
    existing: Callable[[Session, dict[str, Any]], dict[Key, dict[str, Any]]]
    # (key, fields) -> id for a new record
    new_id: Callable[[Key, dict[str, Any]], str]
    # (session, lang) -> rows in column order
    export: Callable[[Session, str], list[list[str]]]
    extra: dict[str, Any] = field(default_factory=dict)
    # (session, planned, ctx) -> None: what a kind does after its rows are applied, in the same transaction
    after_apply: Callable[[Session, list[Planned], dict[str, Any]], None] | None = None


@dataclass
class BulkKind:
    """A kind imported by streaming: planned and applied batch by batch with plain SQL
    (``app.services.transfer.bulk``), so a file of any length takes bounded memory and no ORM."""

    name: str
    table: str  # a table of app.storage.layout
    columns: Sequence[Column]
    key_columns: Sequence[str]
    # (connection) -> lookups the parser needs (e.g. council code -> id)
    context: Callable[[sqlite3.Connection], dict[str, Any]]
    # (reader, ctx) -> (key, fields for the table); records problems on the reader
    parse: Callable[[RowReader, dict[str, Any]], tuple[Key, dict[str, Any]]]
    # (connection, ctx, one batch) -> key -> current {id, deleted, fields...} as stored (SQL values)
    existing: Callable[[sqlite3.Connection, dict[str, Any], list[Planned]], dict[Key, dict[str, Any]]]
    # (key, fields) -> id for a new record
    new_id: Callable[[Key, dict[str, Any]], str]
    # (session, lang) -> rows in column order
    export: Callable[[Session, str], list[list[str]]]
    # (ctx, fields) -> a small int naming the key, and (ctx) -> how many there can be: duplicate keys
    # are then found with one bit per key instead of a dict of every key (a file of 4,000,000 marks)
    key_code: Callable[[dict[str, Any], dict[str, Any]], int] | None = None
    key_space: Callable[[dict[str, Any]], int] | None = None


def plan_rows(kind: TableKind | BulkKind, file: str, rows: Iterable[SourceRow], ctx: dict[str, Any],
              notes: Counter | None = None) -> tuple[list[Planned], list[RowProblem]]:
    """Parse every row; ``notes`` (if given) counts the notes of the rows that were accepted."""
    planned: list[Planned] = []
    problems: list[RowProblem] = []
    seen: dict[Key, int] = {}
    reader: RowReader | None = None
    for row in rows:
        if reader is None:
            reader = RowReader(file, row, kind.columns)
        else:
            reader.reset(row)
        try:
            key, fields = kind.parse(reader, ctx)
            reader.done()
            if notes is not None:
                notes.update(reader.notes)
        except RowInvalid:
            problems.extend(reader.problems)
            continue
        if key in seen:
            written = " / ".join(row.values.get(c, "") for c in kind.key_columns)  # as in the file, not the key
            problems.append(RowProblem(file, row.line, 0, "", written,
                                       _("the same key as line {line}").format(line=seen[key])))
            continue
        seen[key] = row.line
        planned.append(Planned(row.line, key, fields))
    return planned, problems


def driver_connection(session: Session) -> sqlite3.Connection:
    """The sqlite3 connection under an ORM session, for lookups written in plain SQL."""
    return session.connection().connection.driver_connection


def _avoid_taken_ids(session: Session, kind: TableKind, inserts: list[dict[str, Any]]) -> None:
    """A key-derived id can be taken by a record whose key was edited since (a meeting renamed):
    the new record then gets a fresh random id instead of colliding."""
    from sqlalchemy import select

    ids = [row["id"] for row in inserts]
    taken: set[str] = set()
    for start in range(0, len(ids), 500):
        taken.update(session.scalars(select(kind.model.id).where(kind.model.id.in_(ids[start:start + 500]))))
    for row in inserts:
        if row["id"] in taken:
            row["id"] = new_id()


def apply_rows(session: Session, kind: TableKind, planned: list[Planned], ctx: dict[str, Any], result: ImportResult) -> None:
    """Create new records with one bulk insert, update changed ones through the ORM (captured)."""
    from sqlalchemy import select

    from app.storage.capture import insert_records

    current = kind.existing(session, ctx)
    inserts: list[dict[str, Any]] = []
    updates: dict[str, dict[str, Any]] = {}
    for item in planned:
        existing = current.get(item.key)
        if existing is None:
            inserts.append({"id": kind.new_id(item.key, item.fields), **item.fields})
            continue
        wanted = {"deleted": False, **item.fields}  # a re-import revives, unless the kind says otherwise
        changed = {k: v for k, v in wanted.items() if existing.get(k) != v}
        if changed:
            updates[existing["id"]] = changed
        else:
            result.unchanged += 1
    if inserts:
        _avoid_taken_ids(session, kind, inserts)
        insert_records(session, kind.model, inserts)
        result.created = len(inserts)
    ids = list(updates)
    for start in range(0, len(ids), 500):
        for obj in session.scalars(select(kind.model).where(kind.model.id.in_(ids[start:start + 500]))):
            for name, value in updates[obj.id].items():
                setattr(obj, name, value)
    result.updated = len(updates)
    if kind.after_apply is not None:
        kind.after_apply(session, planned, ctx)
    session.flush()
