"""``fielddesk check``: SQLite's own integrity check plus FieldDesk's invariants.

The invariants are what the rest of the design relies on: every table equals the fold of its
change log (so no write bypassed capture), this laptop's sequence numbers have no gap, each change
hashes to its id, foreign keys resolve, and live natural keys are unique.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select, text

from app.i18n import _
from app.services.survey_check import anonymity_problems
from app.storage import codec
from app.storage.capture import CHANGE_COLUMNS, change_hash
from app.storage.fold import winning_values
from app.storage.models import SYNCED_MODELS, SyncChange, synced_fields
from app.storage.store import Store


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def run_check(store: Store, *, max_listed: int = 50) -> CheckReport:
    report = CheckReport()
    with store.session(capture_changes=False) as session:
        conn = session.connection()
        result = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").all()]
        if result != ["ok"]:
            report.problems += [_("SQLite integrity: {detail}").format(detail=r) for r in result[:max_listed]]
        for row in conn.exec_driver_sql("PRAGMA foreign_key_check").all()[:max_listed]:
            report.problems.append(_("Broken reference in {table} (row {rowid})").format(table=row[0], rowid=row[1]))
        for tbl, model in SYNCED_MODELS.items():
            report.counts[tbl] = session.scalar(select(func.count()).select_from(model)) or 0
            _check_fold(conn, tbl, model, report, max_listed)
            _check_keys(conn, tbl, model.__natural_key__, report)
        report.counts["sync_change"] = session.scalar(select(func.count()).select_from(SyncChange)) or 0
        report.problems += anonymity_problems(conn, max_listed)
        _check_log(session, store.device_id, report, max_listed)
    return report


def _check_fold(conn, tbl, model, report: CheckReport, max_listed: int) -> None:
    fields = synced_fields(model)
    defaults = codec.defaults(model)
    logged: dict[str, dict[str, str]] = {}
    for row_id, fld, value in winning_values(conn, tbl):
        logged.setdefault(row_id, {})[fld] = value
    listed = 0
    # A record waiting for one it refers to (it arrived first) keeps its old reference meanwhile.
    waiting = {r[0] for r in conn.exec_driver_sql("SELECT row_id FROM sync_waiting_row WHERE tbl = ?", (tbl,))}
    columns = ", ".join(f'"{f}"' for f in ("id", *fields))
    for row in conn.exec_driver_sql(f"SELECT {columns} FROM {model.__tablename__}"):  # noqa: S608 - names from ORM metadata
        row_id = row[0]
        winners = logged.pop(row_id, None)
        if winners is None:
            report.problems.append(_("{table} {id}: the record has no change history (written around change capture)").format(table=tbl, id=row_id))
            listed += 1
        elif row_id not in waiting:
            record = model.__table__.columns
            for fld, raw in zip(fields, row[1:], strict=True):
                value = codec.encode(model, fld, _python(record[fld], raw))
                expected = winners.get(fld, defaults[fld])
                if value != expected:
                    report.problems.append(_("{table} {id}: field {field} is {value} but its history says {expected}").format(
                        table=tbl, id=row_id, field=fld, value=value, expected=expected))
                    listed += 1
        if listed >= max_listed:
            return
    for row_id in [r for r in logged if r not in waiting][: max_listed - listed]:
        report.problems.append(_("{table} {id}: changes are logged but the record is missing").format(table=tbl, id=row_id))


def _python(column, raw):
    """SQLite hands back stored text/ints; bring them to the Python type capture encoded."""
    from datetime import date

    from sqlalchemy import Boolean, Date

    if raw is None:
        return None
    if isinstance(column.type, Date):
        return date.fromisoformat(raw)
    if isinstance(column.type, Boolean):
        return bool(raw)
    return raw


def _check_keys(conn, tbl: str, key: tuple[str, ...], report: CheckReport) -> None:
    if not key:
        return
    cols = ", ".join(f'"{k}"' for k in key)
    sql = f"SELECT {cols}, COUNT(*) FROM {tbl} WHERE deleted = 0 GROUP BY {cols} HAVING COUNT(*) > 1"  # noqa: S608
    for row in conn.exec_driver_sql(sql).all():
        report.problems.append(_("{table}: {count} live records share the key {key}").format(
            table=tbl, count=row[-1], key=" / ".join(str(v) for v in row[:-1])))


def _check_log(session, device_id: str, report: CheckReport, max_listed: int) -> None:
    conn = session.connection()
    count, top = conn.execute(text("SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM sync_change WHERE origin = :o"),
                              {"o": device_id}).one()
    if count != top:
        report.problems.append(_("This laptop's change numbers have gaps: {count} changes up to number {top}").format(
            count=count, top=top))
    cols = ", ".join(f'"{c}"' for c in CHANGE_COLUMNS)
    bad = 0
    for row in conn.exec_driver_sql(f"SELECT {cols}, hash FROM sync_change"):  # noqa: S608
        if change_hash(tuple(row[:-1])) != row[-1]:
            if bad < max_listed:
                report.problems.append(_("Change {origin}:{seq} does not match its hash").format(origin=row[0], seq=row[1]))
            bad += 1
