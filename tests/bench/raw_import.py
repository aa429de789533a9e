"""``python -m tests.bench.raw_import DB FILE``: the baseline of the import command — what any loader
must do to put an attendance CSV into the store, and nothing more.

Reads FILE with ``csv`` (UTF-8 with BOM, Japanese headers as FieldDesk writes them), resolves each
row's meeting and person to their ids with two queries, derives the record id (uuid5, as FieldDesk's
natural ids) and writes the rows with one ``sqlite3`` executemany in one transaction, on a
connection with the store's own pragmas (WAL, synchronous=FULL, foreign keys, 64 MiB cache). No
validation, no change log, no plan: the ratio to ``fielddesk import attendance`` is their cost.
Imports nothing of FieldDesk, so its start-up is Python's.
"""

from __future__ import annotations

import csv
import sqlite3
import sys
import uuid

ID_NAMESPACE = uuid.UUID("5f0c2a52-9a54-4b8e-9d3f-131032000000")  # app.storage.ids.ID_NAMESPACE
STATUS = {"出席": "present", "遅刻": "late", "欠席": "absent", "公欠": "excused", "": None}
HEADERS = ("協議会コード", "開催日", "件名", "職員番号", "出欠", "備考")


def load(db: str, path: str) -> int:
    con = sqlite3.connect(db, isolation_level=None)
    for pragma in ("busy_timeout=5000", "journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "cache_size=-65536"):
        con.execute(f"PRAGMA {pragma}")
    con.execute("BEGIN IMMEDIATE")
    try:
        meetings = {(code, day, title): mid for code, day, title, mid in con.execute(
            "SELECT c.code, m.date, m.title, m.id FROM meeting m JOIN council c ON m.council_id = c.id "
            "WHERE m.deleted = 0")}
        staff = dict(con.execute("SELECT staff_no, id FROM staff WHERE deleted = 0"))
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader)
            at = [header.index(h) for h in HEADERS]

            def rows():
                for cells in reader:
                    code, day, title, no, status, note = (cells[i] for i in at)
                    mid, sid = meetings[(code, day, title)], staff[no]
                    yield (str(uuid.uuid5(ID_NAMESPACE, f"attendance\x1f{mid}\x1f{sid}")), mid, sid, STATUS[status], note)

            cursor = con.executemany("INSERT INTO attendance (id, deleted, meeting_id, staff_id, status, note, marked_at) "
                                     "VALUES (?, 0, ?, ?, ?, ?, '')", rows())
            count = cursor.rowcount
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.close()
    return count


if __name__ == "__main__":
    print(f"{load(sys.argv[1], sys.argv[2])} rows")
