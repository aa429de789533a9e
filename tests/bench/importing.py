"""Benchmark (a): CSV import through the real importer against plain ``csv`` + ``sqlite3``.

Both sides read the same files (written once with the app's own writer and Japanese headers) into
a fresh database with the same tables and indexes, one transaction per file, WAL and
``synchronous=FULL``. The baseline does only what any loader must: read the cells, resolve the
codes to ids, insert. What FieldDesk adds — validation, the all-or-nothing plan, natural ids, the
change log — is the difference the ratio shows.
"""

from __future__ import annotations

import cProfile
import csv
import io
import pstats
import sqlite3
import time
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.services.demo.attendance import generate_bulk
from app.services.transfer.files import import_file
from app.services.transfer.kinds import IMPORT_ORDER, KINDS
from app.storage.models import ID_NAMESPACE, Attendance, Council, Meeting, Staff
from app.storage.store import open_store
from app.tabular.writer import write_rows
from tests.bench.common import BenchError

# A fixed "today" keeps the data identical from run to run (and from machine to machine).
TODAY = date(2025, 3, 15)
GOAL_KINDS = ("staff", "attendance")  # what the goal is about; councils and meetings are prerequisites


@dataclass(frozen=True)
class Dataset:
    files: dict[str, Path]  # kind -> CSV file, in IMPORT_ORDER
    counts: dict[str, int]


def write_dataset(folder: Path, *, staff: int, marks: int) -> Dataset:
    """The rows of ``generate_bulk`` as the CSV files a user would import (Japanese headers)."""
    data = generate_bulk(TODAY, staff=staff, marks=marks)
    folder.mkdir(parents=True, exist_ok=True)
    files, counts = {}, {}
    for name in IMPORT_ORDER:
        columns = KINDS[name].columns
        records = getattr(data, name, None)
        if records is None:  # the kinds of other tabs are not part of (a)
            continue
        files[name] = folder / f"{name}.csv"
        counts[name] = write_rows(files[name], columns, [[r[c.name] for c in columns] for r in records], lang="ja")
    return Dataset(files, counts)


# --- FieldDesk --------------------------------------------------------------------------------


def import_ours(dataset: Dataset, data_dir: Path) -> dict[str, float]:
    """Seconds per kind for ``import_file`` into a fresh store (opening the store is not timed)."""
    times = {}
    store = open_store(data_dir, user="bench")
    try:
        for name, path in dataset.files.items():
            start = time.perf_counter()
            result = import_file(store, name, path)
            times[name] = time.perf_counter() - start
            if result.created != dataset.counts[name]:
                raise BenchError(f"FieldDesk import of {name}: created {result.created} of {dataset.counts[name]} rows")
    finally:
        store.close()
    return times


def profile_attendance(dataset: Dataset, data_dir: Path, top: int = 20) -> str:
    """cProfile of the attendance import alone (the prerequisites are imported unprofiled)."""
    store = open_store(data_dir, user="bench")
    try:
        for name in ("councils", "staff", "meetings"):
            import_file(store, name, dataset.files[name])
        profiler = cProfile.Profile()
        profiler.enable()
        import_file(store, "attendance", dataset.files["attendance"])
        profiler.disable()
    finally:
        store.close()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


# --- baseline: csv + sqlite3 ------------------------------------------------------------------


def _schema() -> list[str]:
    """CREATE TABLE / CREATE INDEX of the four tables, compiled from the models themselves."""
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable

    dialect = sqlite.dialect()
    ddl = []
    for model in (Council, Staff, Meeting, Attendance):
        table = model.__table__
        ddl.append(str(CreateTable(table).compile(dialect=dialect)))
        ddl.extend(str(CreateIndex(index).compile(dialect=dialect)) for index in table.indexes)
    return ddl


def _connect(db: Path) -> sqlite3.Connection:
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("PRAGMA foreign_keys=ON")
    return con


def _read(path: Path, kind: str) -> list[list[str]]:
    """Data rows with cells in the kind's column order, found by the (Japanese) header."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        at = [header.index(c.header("ja")) for c in KINDS[kind].columns]
        return [[cells[i] for i in at] for cells in reader]


def _id(kind: str, *key: str) -> str:
    return str(uuid.uuid5(ID_NAMESPACE, "\x1f".join((kind, *key))))


def _load(con: sqlite3.Connection, kind: str, rows: list[list[str]]) -> None:
    if kind == "councils":
        con.executemany("INSERT INTO council (id, deleted, code, name, district, school_district) "
                        "VALUES (?, 0, ?, ?, ?, ?)", [(_id("council", r[0]), *r) for r in rows])
    elif kind == "staff":
        councils = dict(con.execute("SELECT code, id FROM council WHERE deleted = 0"))
        con.executemany(
            "INSERT INTO staff (id, deleted, staff_no, name, kana, department, housing, council_id, active) "
            "VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?)",
            [(_id("staff", no), no, name, kana, dept, housing, councils.get(code), active != "0")
             for no, name, kana, dept, housing, code, active in rows])
    elif kind == "meetings":
        councils = dict(con.execute("SELECT code, id FROM council WHERE deleted = 0"))
        con.executemany(
            "INSERT INTO meeting (id, deleted, council_id, date, kind, title, place, start, \"end\", residents, notes) "
            "VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?, ?, '')",
            [(_id("meeting", code, day, title), councils[code], day, kind_, title, place, start, end, int(residents or 0))
             for code, day, kind_, title, place, start, end, residents in rows])
    else:
        meetings = {(code, day, title): mid for code, day, title, mid in con.execute(
            "SELECT c.code, m.date, m.title, m.id FROM meeting m JOIN council c ON m.council_id = c.id "
            "WHERE m.deleted = 0")}
        staff = dict(con.execute("SELECT staff_no, id FROM staff WHERE deleted = 0"))
        values = []
        for code, day, title, no, status, note in rows:
            mid, sid = meetings[(code, day, title)], staff[no]
            values.append((_id("attendance", mid, sid), mid, sid, status or None, note))
        con.executemany("INSERT INTO attendance (id, deleted, meeting_id, staff_id, status, note, marked_at) "
                        "VALUES (?, 0, ?, ?, ?, ?, '')", values)


def import_baseline(dataset: Dataset, folder: Path) -> dict[str, float]:
    """Seconds per kind: read the CSV with ``csv``, resolve codes, ``executemany`` in one transaction."""
    folder.mkdir(parents=True, exist_ok=True)
    con = _connect(folder / "baseline.sqlite3")
    try:
        for statement in _schema():
            con.execute(statement)
        times = {}
        for name, path in dataset.files.items():
            start = time.perf_counter()
            con.execute("BEGIN IMMEDIATE")
            try:
                _load(con, name, _read(path, name))
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            times[name] = time.perf_counter() - start
        table = {"councils": "council", "staff": "staff", "meetings": "meeting", "attendance": "attendance"}
        for name, count in dataset.counts.items():
            stored = con.execute(f"SELECT count(*) FROM {table[name]}").fetchone()[0]
            if stored != count:
                raise BenchError(f"baseline load of {name}: {stored} of {count} rows stored")
    finally:
        con.close()
    return times
