"""``fielddesk check``: SQLite's own integrity check plus FieldDesk's invariants.

The invariants are what the rest of the design relies on: every table equals the fold of its
change log (so no write bypassed capture), this laptop's sequence numbers have no gap, each change
hashes to its id, foreign keys resolve, and live natural keys are unique. Check also says what this
laptop knows exists and lacks: changes in files of the share it could not read (damaged, too big)
and not received from elsewhere since — a problem — and changes that wait for the rest of their
transaction or for a newer FieldDesk (notes).

It streams: one pass over the change log in record order, merged with each table read in id
order, so time grows linearly with the log and memory stays flat. It reads a snapshot without
taking the write lock, so marks can be saved while it runs.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Boolean, Date

from app.i18n import _
from app.services.survey.check import anonymity_problems
from app.storage import codec
from app.storage.capture import change_hash
from app.storage.models import SYNCED_MODELS, synced_fields
from app.storage.store import Store


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # worth knowing, not a fault of this store

    @property
    def ok(self) -> bool:
        return not self.problems


def run_check(store: Store, *, max_listed: int = 50) -> CheckReport:
    report = CheckReport()
    with store.reading() as conn:
        cur = conn.connection.driver_connection.cursor()
        result = [r[0] for r in cur.execute(f"PRAGMA integrity_check({int(max_listed)})")]
        if result != ["ok"]:
            report.problems += [_("SQLite integrity: {detail}").format(detail=r) for r in result[:max_listed]]
        for row in itertools.islice(cur.execute("PRAGMA foreign_key_check"), max_listed):
            report.problems.append(_("Broken reference in {table} (row {rowid})").format(table=row[0], rowid=row[1]))
        for tbl, model in SYNCED_MODELS.items():
            report.counts[tbl] = cur.execute(f'SELECT COUNT(*) FROM "{tbl}"').fetchone()[0]  # noqa: S608 - ORM names
            _check_keys(cur, tbl, model.__natural_key__, report)
        report.counts["sync_change"] = _check_log(conn, report, max_listed)
        _check_own_numbers(cur, store.device_id, report)
        report.problems += anonymity_problems(conn, max_listed)
        _check_received(conn, report)
    return report


def _encoder(model, fld: str):
    """Raw SQLite value -> the field's encoded value as capture logs it."""
    kind = model.__table__.columns[fld].type

    def encode(raw):
        if type(raw) is str and not isinstance(kind, Date):
            return codec.encode(model, fld, raw)
        if raw is None:
            return "null"
        if isinstance(kind, Date):
            return codec.encode(model, fld, date.fromisoformat(raw))
        if isinstance(kind, Boolean):
            return codec.encode(model, fld, bool(raw))
        return codec.encode(model, fld, raw)

    return encode


class _Table:
    """One synced table read in id order, next to the log read in record order."""

    def __init__(self, conn, tbl: str, model):
        self.tbl, self.model = tbl, model
        self.fields = synced_fields(model)
        self.encoders = [_encoder(model, f) for f in self.fields]
        defaults = codec.defaults(model)
        self.defaults = [defaults[f] for f in self.fields]
        columns = ", ".join(f'"{f}"' for f in ("id", *self.fields))  # names from the ORM metadata
        self.rows = conn.connection.driver_connection.cursor().execute(
            f'SELECT {columns} FROM "{tbl}" ORDER BY id')  # noqa: S608
        self.current = next(self.rows, None)


def _check_log(conn, report: CheckReport, max_listed: int) -> int:
    """Every change's hash, and every table against the winners of its log (a merge of sorted
    streams); returns how many changes there are."""
    cur = conn.connection.driver_connection.cursor()
    tables = {tbl: _Table(conn, tbl, model) for tbl, model in SYNCED_MODELS.items()}
    waiting = _Waiting(conn)
    listed = bad_hashes = count = 0

    def problem(text: str) -> None:
        nonlocal listed
        if listed < max_listed:
            report.problems.append(text)
        listed += 1

    changes = cur.execute("SELECT origin, seq, tbl, row_id, field, value, ms, counter, base, user, tx, hash "
                          "FROM sync_change INDEXED BY ix_sync_change_row ORDER BY row_id")
    for row_id, group in itertools.groupby(changes, key=lambda r: r[3]):
        best: dict[str, dict[str, tuple]] = {}
        for c in group:
            count += 1
            if change_hash(c[:11]) != c[11]:
                if bad_hashes < max_listed:
                    report.problems.append(_("Change {origin}:{seq} does not match its hash").format(origin=c[0], seq=c[1]))
                bad_hashes += 1
            fields = best.setdefault(c[2], {})
            order = (c[6], c[7], c[0], c[1], c[11])
            held = fields.get(c[4])
            if held is None or order > held[0]:
                fields[c[4]] = (order, c[5])
        for tbl, fields in best.items():
            table = tables.get(tbl)
            if table is not None and listed < max_listed:
                _compare(table, str(row_id), fields, waiting, problem)
    for table in tables.values():
        while table.current is not None and listed < max_listed:
            _no_history(table, problem)
    return count


def _no_history(table: _Table, problem) -> None:
    problem(_("{table} {id}: the record has no change history (written around change capture)").format(
        table=table.tbl, id=table.current[0]))
    table.current = next(table.rows, None)


def _compare(table: _Table, row_id: str, winners: dict[str, tuple], waiting, problem) -> None:
    while table.current is not None and str(table.current[0]) < row_id:
        _no_history(table, problem)
    row = table.current
    if row is None or str(row[0]) != row_id:
        if not waiting.has(table.tbl, row_id):
            problem(_("{table} {id}: changes are logged but the record is missing").format(table=table.tbl, id=row_id))
        return
    table.current = next(table.rows, None)
    # A record waiting for one it refers to (it arrived first) keeps its old reference meanwhile.
    for fld, encode, default, raw in zip(table.fields, table.encoders, table.defaults, row[1:], strict=True):
        expected = winners[fld][1] if fld in winners else default
        value = encode(raw)
        if value != expected and not waiting.has(table.tbl, row_id):
            problem(_("{table} {id}: field {field} is {value} but its history says {expected}").format(
                table=table.tbl, id=row_id, field=fld, value=value, expected=expected))


class _Waiting:
    """Records waiting for one they refer to, looked up only when a difference is found."""

    def __init__(self, conn):
        self.cur = conn.connection.driver_connection.cursor()

    def has(self, tbl: str, row_id: str) -> bool:
        return self.cur.execute("SELECT 1 FROM sync_waiting_row WHERE tbl = ? AND row_id = ?",
                                (tbl, row_id)).fetchone() is not None


def _check_keys(cur, tbl: str, key: tuple[str, ...], report: CheckReport) -> None:
    if not key:
        return
    cols = ", ".join(f'"{k}"' for k in key)
    sql = f"SELECT {cols}, COUNT(*) FROM {tbl} WHERE deleted = 0 GROUP BY {cols} HAVING COUNT(*) > 1"  # noqa: S608
    for row in cur.execute(sql).fetchall():
        report.problems.append(_("{table}: {count} live records share the key {key}").format(
            table=tbl, count=row[-1], key=" / ".join(str(v) for v in row[:-1])))


def _check_own_numbers(cur, device_id: str, report: CheckReport) -> None:
    count, top = cur.execute("SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM sync_change WHERE origin = ?",
                             (device_id,)).fetchone()
    if count != top:
        report.problems.append(_("This laptop's change numbers have gaps: {count} changes up to number {top}").format(
            count=count, top=top))


def _check_received(conn, report: CheckReport) -> None:
    """What the share holds that this laptop could not take (a problem), and what waits (notes)."""
    from app.sync import held, repairs

    for r in repairs.refused(conn):
        report.problems.append(_("{file} in the shared folder could not be read ({reason}): {n} of its changes are "
                                 "missing on this laptop. Ask the laptop that wrote it to sync again.").format(
            file=r.path, reason=r.reason, n=r.lacking))
    for w in held.waiting(conn):
        report.notes.append(_("{have} of {total} changes of a transaction from laptop {device} are here; the rest "
                              "is not in the shared folder yet. They are applied together once all are here.").format(
            have=w.have, total=w.total, device=w.origin[:8]))
    pending = conn.connection.driver_connection.execute("SELECT COUNT(*) FROM sync_pending").fetchone()[0]
    if pending:
        report.notes.append(_("{n} changes from a newer FieldDesk wait here until this one is updated.").format(n=pending))
    report.counts["sync_held"] = held.held_changes(conn)


def _python(column, raw):
    """SQLite hands back stored text/ints; bring them to the Python type capture encoded."""
    if raw is None:
        return None
    if isinstance(column.type, Date):
        return date.fromisoformat(raw)
    if isinstance(column.type, Boolean):
        return bool(raw)
    return raw
