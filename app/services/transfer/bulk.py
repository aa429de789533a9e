"""The streaming import of the bulk kinds (councils, staff, meetings, attendance).

Rows come from the reader one at a time and are planned and applied in batches of ``BATCH``, all in
one transaction: memory stays bounded whatever the file's length, and all-or-nothing still holds —
once any problem is found nothing more is applied, every remaining row is still checked, and the
transaction is rolled back, so a bad row in the last batch writes nothing. A crash mid-import
leaves no trace either: SQLite discards an uncommitted transaction when the file is next opened.

What stays per row: the per-cell validation (``RowReader``), the natural ids and the change rows.
What does not: ORM objects, and queries that read the whole table (each batch looks up only its own
keys), which is what made the tenth import into a store cost twice the first.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from app.errors import ImportRejected, RowProblem
from app.i18n import _
from app.services.transfer.tables import (
    PADDED,
    STAFF_NO_WIDTH,
    BulkKind,
    ImportResult,
    Key,
    Planned,
    RowInvalid,
    RowReader,
)
from app.storage.bulk import BulkWriter
from app.storage.changelog import ChangeLog, to_sql
from app.storage.layout import LAYOUTS
from app.tabular.reader import SourceRow

BATCH = 5000
_BITMAP_LIMIT = 1 << 31  # bits; beyond that (no ward is that big) a set of the key codes is used


class BulkTarget(Protocol):
    """``Store`` and ``DirectStore`` alike."""

    device_id: str
    user: str
    staff_no_width: int

    def clock_ms(self) -> int: ...

    def bulk_transaction(self): ...


class _DryRun(Exception):
    """Unwinds the transaction of a dry run after the result is known."""


@dataclass
class _Duplicate:
    """A key seen before, whose first line is looked up after the file was read (bitmap mode)."""

    code: int
    line: int
    written: str


class _Seen:
    """The keys read so far. Small kinds keep key -> first line; a kind with ``key_code`` keeps one
    bit per possible key and finds the first line of a repeated key later, by reading the file again."""

    def __init__(self, kind: BulkKind, ctx: dict[str, Any]):
        self.kind = kind
        self.lines: dict[Key, int] | None = None
        self.bits: bytearray | None = None
        self.codes: set[int] | None = None
        if kind.key_code is None or kind.key_space is None:
            self.lines = {}
        elif (space := kind.key_space(ctx)) <= _BITMAP_LIMIT:
            self.bits = bytearray((space + 7) // 8)
        else:
            self.codes = set()

    def repeat(self, key: Key, fields: dict[str, Any], line: int, ctx: dict[str, Any]) -> int | _Duplicate | None:
        """None for a new key (now remembered); else the first line, or a _Duplicate to resolve."""
        if self.lines is not None:
            first = self.lines.get(key)
            if first is None:
                self.lines[key] = line
            return first
        code = self.kind.key_code(ctx, fields)
        if self.bits is not None:
            byte, bit = code >> 3, 1 << (code & 7)
            if self.bits[byte] & bit:
                return _Duplicate(code, line, "")
            self.bits[byte] |= bit
            return None
        if code in self.codes:
            return _Duplicate(code, line, "")
        self.codes.add(code)
        return None


def import_bulk(store: BulkTarget, kind: BulkKind, file: str, rows: Iterable[SourceRow], *,
                dry_run: bool = False, reader_problems: list[RowProblem] | None = None,
                again: Callable[[], Iterable[SourceRow]] | None = None) -> ImportResult:
    """Validate and apply ``rows`` batch by batch in one transaction; ImportRejected (nothing
    written) when any row has a problem. ``reader_problems`` is filled by the reader as it goes
    (header, required and stray cells); ``again`` reads the rows once more, to name the first line
    of a repeated key."""
    reader_problems = [] if reader_problems is None else reader_problems
    result = ImportResult(kind=kind.name, file=file, dry_run=dry_run, staff_no_width=store.staff_no_width)
    layout = LAYOUTS[kind.table]
    try:
        with store.bulk_transaction() as conn:
            ctx = kind.context(conn)
            ctx[STAFF_NO_WIDTH] = store.staff_no_width
            log = ChangeLog(conn, device_id=store.device_id, user=store.user, now_ms=store.clock_ms())
            writer = BulkWriter(conn, log)
            seen = _Seen(kind, ctx)
            problems: list[RowProblem | _Duplicate] = []
            reader: RowReader | None = None
            iterator = iter(rows)
            while batch := list(itertools.islice(iterator, BATCH)):
                if reader is None:
                    reader = RowReader(file, batch[0], kind.columns)
                result.rows += len(batch)
                planned = _plan(kind, file, batch, ctx, reader, seen, problems, result)
                if not problems and not reader_problems and planned:
                    _apply(conn, writer, kind, layout, planned, ctx, result)
            result.padded = ctx.get(PADDED, 0)
            if reader_problems:  # the file itself is not readable as a table: only that is reported
                raise ImportRejected(file, reader_problems)
            if problems:
                raise ImportRejected(file, _resolve(kind, file, problems, again, ctx))
            log.close()
            if dry_run:
                raise _DryRun()
    except _DryRun:
        pass
    return result


def _plan(kind: BulkKind, file: str, batch: list[SourceRow], ctx: dict[str, Any], reader: RowReader, seen: _Seen,
          problems: list, result: ImportResult) -> list[Planned]:
    planned = []
    parse, repeat, reset = kind.parse, seen.repeat, reader.reset
    for row in batch:
        reset(row)
        try:
            key, fields = parse(reader, ctx)
        except RowInvalid:
            pass
        if reader.problems:
            problems.extend(reader.problems)
            continue
        if reader.notes:
            result.notes.update(reader.notes)
        first = repeat(key, fields, row.line, ctx)
        if first is not None:
            written = " / ".join(row.values.get(c, "") for c in kind.key_columns)  # as in the file, not the key
            if isinstance(first, _Duplicate):
                first.written = written
                problems.append(first)
            else:
                problems.append(_same_key(file, row.line, written, first))
            continue
        planned.append(Planned(row.line, key, fields))
    return planned


def _same_key(file: str, line: int, written: str, first: int) -> RowProblem:
    return RowProblem(file, line, 0, "", written, _("the same key as line {line}").format(line=first))


def _resolve(kind: BulkKind, file: str, problems: list, again: Callable[[], Iterable[SourceRow]] | None,
             ctx: dict[str, Any]) -> list[RowProblem]:
    """The problems, with the first line of each repeated key found by reading the rows again."""
    wanted = {p.code for p in problems if isinstance(p, _Duplicate)}
    first: dict[int, int] = {}
    if wanted and again is not None:
        reader: RowReader | None = None
        for row in again():
            if reader is None:
                reader = RowReader(file, row, kind.columns)
            reader.reset(row)
            try:
                _key, fields = kind.parse(reader, ctx)
                reader.done()
            except RowInvalid:
                continue
            code = kind.key_code(ctx, fields)
            if code in wanted and code not in first:
                first[code] = row.line
                if len(first) == len(wanted):
                    break
    return [_same_key(file, p.line, p.written, first.get(p.code, 0)) if isinstance(p, _Duplicate) else p
            for p in problems]


def _apply(conn, writer: BulkWriter, kind: BulkKind, layout, planned: list[Planned], ctx: dict[str, Any],
           result: ImportResult) -> None:
    """New records in one captured bulk insert, changed ones in one captured bulk update."""
    current = kind.existing(conn, ctx, planned)
    inserts: list[dict[str, Any]] = []
    updates: dict[str, dict[str, Any]] = {}
    new_id = kind.new_id
    for item in planned:
        stored = current.get(item.key)
        if stored is None:
            fields = item.fields  # planned for this batch only: it becomes the new record
            fields["id"] = new_id(item.key, fields)
            inserts.append(fields)
            continue
        changed = {k: v for k, v in item.fields.items() if stored.get(k) != to_sql(v)}
        if stored["deleted"]:
            changed["deleted"] = False
        if changed:
            updates[stored["id"]] = changed
        else:
            result.unchanged += 1
    if inserts:
        result.created += writer.insert(layout, inserts)
    if updates:
        result.updated += writer.update(layout, updates)
