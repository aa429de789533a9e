"""Import and export of tables: the use cases behind ``fielddesk import/export`` and the File menu."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import ImportRejected, RowProblem, UserError
from app.i18n import _
from app.services.transfer.kinds import KINDS
from app.services.transfer.tables import (
    PADDED,
    STAFF_NO_WIDTH,
    BulkKind,
    ImportResult,
    TableKind,
    apply_rows,
    plan_rows,
)
from app.tabular.reader import SourceRow, iter_rows, read_rows
from app.tabular.writer import write_rows

if TYPE_CHECKING:
    from app.services.transfer.bulk import BulkTarget
    from app.storage.store import Store


class _DryRun(Exception):
    """Unwinds the transaction of a dry run after the result is known."""


def kind_named(name: str) -> TableKind | BulkKind:
    try:
        return KINDS[name]
    except KeyError:
        raise UserError(
            _("Unknown kind {kind!r}; choose one of: {kinds}").format(kind=name, kinds=", ".join(KINDS))
        ) from None


def import_rows(store: Store | BulkTarget, kind: TableKind | BulkKind, file: str, rows: Sequence[SourceRow], *,
                dry_run: bool = False) -> ImportResult:
    """Validate every row, then apply all of them in one transaction — or none."""
    if isinstance(kind, BulkKind):
        from app.services.transfer.bulk import import_bulk

        return import_bulk(store, kind, file, rows, dry_run=dry_run, again=lambda: rows)
    result = ImportResult(kind=kind.name, file=file, rows=len(rows), dry_run=dry_run,
                          staff_no_width=store.staff_no_width)
    try:
        with store.session() as session:
            ctx = kind.context(session)
            ctx[STAFF_NO_WIDTH] = store.staff_no_width
            planned, problems = plan_rows(kind, file, rows, ctx, result.notes)
            result.padded = ctx.get(PADDED, 0)
            if problems:
                raise ImportRejected(file, problems)
            apply_rows(session, kind, planned, ctx, result)
            if dry_run:
                raise _DryRun()
    except _DryRun:
        pass
    return result


def import_summary(result: ImportResult) -> str:
    """What the command line prints and the window shows after an import (or a dry run)."""
    template = _("{file}: {rows} rows checked; would create {created}, update {updated}, leave {unchanged} unchanged (dry run, nothing written).") \
        if result.dry_run else _("{file}: {rows} rows; created {created}, updated {updated}, unchanged {unchanged}.")
    text = template.format(file=result.file, rows=result.rows, created=result.created,
                           updated=result.updated, unchanged=result.unchanged)
    if result.padded:
        text += " " + _("{n} staff numbers were shorter than {width} digits and were read with leading zeros "
                        "(10099 → 010099).").format(n=result.padded, width=result.staff_no_width)
    return "\n".join([text, *result.note_lines()])


def import_file(store: Store | BulkTarget, kind_name: str, path: Path, *, dry_run: bool = False) -> ImportResult:
    """Import a .csv or .xlsx file. A bulk kind streams it (any length, bounded memory); the
    others read it whole first. ``store`` is a ``Store``, or a ``DirectStore`` for a bulk kind."""
    kind = kind_named(kind_name)
    path = Path(path)
    if isinstance(kind, BulkKind):
        from app.services.transfer.bulk import import_bulk

        problems: list[RowProblem] = []
        return import_bulk(store, kind, str(path), iter_rows(path, kind.columns, problems), dry_run=dry_run,
                           reader_problems=problems, again=lambda: iter_rows(path, kind.columns, []))
    rows = read_rows(path, kind.columns)
    return import_rows(store, kind, str(path), rows, dry_run=dry_run)


def export_file(store: Store, kind_name: str, path: Path, *, lang: str = "ja") -> int:
    """Write the kind's live records to ``path`` (.csv or .xlsx); returns the number of rows."""
    kind = kind_named(kind_name)
    if Path(path).suffix.lower() not in (".csv", ".xlsx"):
        raise UserError(_("{file}: the file name must end in .csv or .xlsx").format(file=path))
    with store.read() as session:
        rows = kind.export(session, lang)
    return write_rows(Path(path), kind.columns, rows, lang=lang)
