"""The shared machinery of table imports and exports; each kind (staff, councils …) fills it in.

An import is all-or-nothing: every row is validated first and every problem collected; only a
file with no problem is applied, in one transaction through the captured ORM session. Rows are
matched by their natural key, so a re-import updates and never duplicates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import RowProblem
from app.i18n import _
from app.storage.capture import insert_records
from app.storage.models import SyncedBase, new_id
from app.tabular.columns import Column
from app.tabular.reader import SourceRow

T = TypeVar("T")
Key = tuple[str, ...]


class RowInvalid(Exception):
    """Raised by a kind's ``parse`` after it recorded problems on the RowReader."""


class RowReader:
    """Reads one source row cell by cell, collecting every problem instead of stopping at one."""

    def __init__(self, file: str, row: SourceRow, columns: Sequence[Column], memo: dict | None = None):
        self.file = file
        self.row = row
        self.columns = {c.name: c for c in columns}
        self.problems: list[RowProblem] = []
        # (parser, text) -> value or the ValueError: a file repeats the same dates and words
        # thousands of times, and the parsers are pure.
        self.memo: dict = {} if memo is None else memo

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
                outcome = self.memo[key] = (True, parser(raw))
            except ValueError as exc:
                outcome = self.memo[key] = (False, str(exc))
        ok, value = outcome
        if not ok:
            self.problem(name, value)
            return default
        return value

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


@dataclass
class Planned(Generic[T]):
    line: int
    key: Key
    fields: dict[str, Any]


@dataclass
class TableKind:
    """What one kind of table needs to say; the rest is shared."""

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


def plan_rows(kind: TableKind, file: str, rows: Iterable[SourceRow], ctx: dict[str, Any]) -> tuple[list[Planned], list[RowProblem]]:
    planned: list[Planned] = []
    problems: list[RowProblem] = []
    seen: dict[Key, int] = {}
    memo: dict = {}
    for row in rows:
        reader = RowReader(file, row, kind.columns, memo)
        try:
            key, fields = kind.parse(reader, ctx)
            reader.done()
        except RowInvalid:
            problems.extend(reader.problems)
            continue
        if key in seen:
            problems.append(RowProblem(file, row.line, 0, "", " / ".join(key),
                                       _("the same key as line {line}").format(line=seen[key])))
            continue
        seen[key] = row.line
        planned.append(Planned(row.line, key, fields))
    return planned, problems


def _avoid_taken_ids(session: Session, kind: TableKind, inserts: list[dict[str, Any]]) -> None:
    """A key-derived id can be taken by a record whose key was edited since (a meeting renamed):
    the new record then gets a fresh random id instead of colliding."""
    ids = [row["id"] for row in inserts]
    taken: set[str] = set()
    for start in range(0, len(ids), 500):
        taken.update(session.scalars(select(kind.model.id).where(kind.model.id.in_(ids[start:start + 500]))))
    for row in inserts:
        if row["id"] in taken:
            row["id"] = new_id()


def apply_rows(session: Session, kind: TableKind, planned: list[Planned], ctx: dict[str, Any], result: ImportResult) -> None:
    """Create new records with one bulk insert, update changed ones through the ORM (captured)."""
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
