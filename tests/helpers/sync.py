"""Shared pieces of the sync tests: fast stores on real SQLite files, settable clocks, a change
generator, an oracle computed independently of app.sync, and the state every replica must agree on.

Stores are copies of one migrated template (a fresh migration costs ~0.25 s, a copy ~5 ms) that
each get their own device id and install nonce, exactly as a new installation would.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import Connection

from app.paths import DataPaths
from app.storage import codec
from app.storage.capture import change_hash
from app.storage.models import SYNCED_MODELS, synced_fields
from app.storage.store import DEVICE_ID, INSTALL_NONCE, Store, open_store
from app.sync.conflicts import find_conflicts
from app.sync.segments import Change

BASE_MS = 1_767_225_600_000  # 2026-01-01 UTC: tests never depend on the real clock
YEAR_MS = 365 * 86_400_000
LOG_COLS = "origin, seq, tbl, row_id, field, value, ms, counter, base, user, tx, hash"


def fast_tmp(prefix: str = "fd-sync-") -> Path:
    """A temporary folder in RAM when the machine has one (fsync is free there), else in /tmp."""
    shm = Path("/dev/shm")
    where = str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None
    return Path(tempfile.mkdtemp(prefix=prefix, dir=where))


class Clock:
    """A laptop's wall clock in ms: the true time plus an offset the test can jump (±3 years)."""

    def __init__(self, true_time: list[int], offset: int = 0):
        self.true_time = true_time  # shared, one-element list: the world's time
        self.offset = offset

    def __call__(self) -> int:
        return self.true_time[0] + self.offset


_TEMPLATE: Path | None = None


def _template_db() -> Path:
    global _TEMPLATE
    if _TEMPLATE is None or not _TEMPLATE.exists():
        import atexit

        root = fast_tmp("fd-template-")
        atexit.register(shutil.rmtree, root, True)
        open_store(root / "data").close()
        _TEMPLATE = DataPaths(root / "data").db
    return _TEMPLATE


def new_store(root: Path, clock_ms=None, user: str = "") -> Store:
    """A new, empty, migrated store in ``root`` with its own identity."""
    paths = DataPaths(root)
    paths.ensure()
    shutil.copyfile(_template_db(), paths.db)
    with sqlite3.connect(paths.db) as conn:
        conn.execute("UPDATE local_meta SET value = ? WHERE key = ?", (str(uuid.uuid4()), DEVICE_ID))
        conn.execute("UPDATE local_meta SET value = ? WHERE key = ?", (str(uuid.uuid4()), INSTALL_NONCE))
    conn.close()
    return open_store(root, clock_ms=clock_ms, user=user)


# --- changes --------------------------------------------------------------------------------


def make_change(origin: str, seq: int, tbl: str, row_id: str, field: str, value: str, ms: int, counter: int,
                base: str | None = None, user: str = "", tx: str = "tx") -> Change:
    values = (origin, seq, tbl, row_id, field, value, ms, counter, base, user, tx)
    return Change(*values, hash=change_hash(values))


def log_of(store: Store) -> list[Change]:
    with store.read() as session:
        rows = session.connection().exec_driver_sql(f"SELECT {LOG_COLS} FROM sync_change").all()  # noqa: S608
    return [Change(*r) for r in rows]


def content_key(c: Change) -> tuple:
    """What a change says, whoever numbers it: survives a new device id (renumbering)."""
    return (c.tbl, c.row_id, c.field, c.value, c.ms, c.counter, c.user, c.tx)


def oracle(changes: Iterable[Change]) -> dict[tuple[str, str], dict[str, str]]:
    """The state the design promises, computed here from scratch: per field the value of the change
    with the greatest (ms, counter, origin, seq, hash); fields never changed keep their default."""
    best: dict[tuple[str, str, str], tuple[tuple, str]] = {}
    for c in changes:
        key = (c.tbl, c.row_id, c.field)
        order = (c.ms, c.counter, c.origin, c.seq, c.hash)
        if key not in best or order > best[key][0]:
            best[key] = (order, c.value)
    state: dict[tuple[str, str], dict[str, str]] = {}
    for (tbl, row_id, field), (_order, value) in best.items():
        record = state.setdefault((tbl, row_id), dict(codec.defaults(SYNCED_MODELS[tbl])))
        record[field] = value
    return state


def state_of(store: Store) -> dict[tuple[str, str], dict[str, str]]:
    """Every synced record of the store, each field encoded as it travels."""
    from app.services.admin.check import _python

    out: dict[tuple[str, str], dict[str, str]] = {}
    with store.read() as session:
        conn = session.connection()
        for tbl, model in SYNCED_MODELS.items():
            fields = synced_fields(model)
            columns = model.__table__.columns
            names = ", ".join(f'"{f}"' for f in ("id", *fields))
            for row in conn.exec_driver_sql(f"SELECT {names} FROM {tbl}"):  # noqa: S608 - ORM names
                out[(tbl, row[0])] = {f: codec.encode(model, f, _python(columns[f], raw))
                                      for f, raw in zip(fields, row[1:], strict=True)}
    return out


def conflicts_of(store: Store) -> set:
    with store.read() as session:
        return set(find_conflicts(session.connection()))


def exports_of(store: Store, folder: Path) -> dict[str, bytes]:
    """Every export kind as CSV bytes (English headers)."""
    from app.services.transfer.files import export_file
    from app.services.transfer.kinds import KINDS

    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for kind in KINDS:
        path = folder / f"{kind}.csv"
        export_file(store, kind, path, lang="en")
        out[kind] = path.read_bytes()
    return out


# --- a deliberately wrong merge, for showing that the tests catch one ------------------------

def last_applied_wins(conn: Connection, changes: list[Change], **kwargs) -> None:
    """Log and apply every change like the real merge, then let each field take the value that
    ARRIVED last (what a naive sync does) instead of the greatest stamp."""
    from sqlalchemy.exc import IntegrityError

    from app.sync.apply import apply_changes

    applied = apply_changes(conn, changes, now_ms=kwargs.get("now_ms", BASE_MS))
    for c in changes:
        model = SYNCED_MODELS.get(c.tbl)
        if model is None:
            continue
        table = model.__table__
        try:
            with conn.begin_nested():
                conn.execute(table.update().where(table.c.id == c.row_id)
                             .values({c.field: codec.decode(model, c.field, c.value)}))
        except (IntegrityError, ValueError, KeyError):
            pass  # a value the table cannot take now: the naive merge just skips it
    return applied


def dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, default=str)
