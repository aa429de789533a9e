"""Import and export of tables: the use cases behind ``fielddesk import/export`` and the File menu."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from app.errors import ImportRejected, UserError
from app.i18n import _
from app.services.kinds import KINDS
from app.services.tables import PADDED, STAFF_NO_WIDTH, ImportResult, TableKind, apply_rows, plan_rows
from app.storage.store import Store
from app.tabular.reader import SourceRow, read_rows
from app.tabular.writer import write_rows


class _DryRun(Exception):
    """Unwinds the transaction of a dry run after the result is known."""


def kind_named(name: str) -> TableKind:
    try:
        return KINDS[name]
    except KeyError:
        raise UserError(
            _("Unknown kind {kind!r}; choose one of: {kinds}").format(kind=name, kinds=", ".join(KINDS))
        ) from None


def import_rows(store: Store, kind: TableKind, file: str, rows: Sequence[SourceRow], *,
                dry_run: bool = False) -> ImportResult:
    """Validate every row, then apply all of them in one transaction — or none."""
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


def import_file(store: Store, kind_name: str, path: Path, *, dry_run: bool = False) -> ImportResult:
    kind = kind_named(kind_name)
    rows = read_rows(Path(path), kind.columns)
    return import_rows(store, kind, str(path), rows, dry_run=dry_run)


def export_file(store: Store, kind_name: str, path: Path, *, lang: str = "ja") -> int:
    """Write the kind's live records to ``path`` (.csv or .xlsx); returns the number of rows."""
    kind = kind_named(kind_name)
    if Path(path).suffix.lower() not in (".csv", ".xlsx"):
        raise UserError(_("{file}: the file name must end in .csv or .xlsx").format(file=path))
    with store.session(capture_changes=False) as session:
        rows = kind.export(session, lang)
    return write_rows(Path(path), kind.columns, rows, lang=lang)
