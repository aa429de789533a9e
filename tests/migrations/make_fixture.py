"""Write ``fixtures/schema_<rev>.sql``: a small store made by the schema now at head.

Run once per released schema (``python -m tests.migrations.make_fixture``) and commit the file;
the migration tests then upgrade every kept fixture to the newest schema.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from datetime import date
from pathlib import Path

from app.services.demo.attendance import DemoData, generate
from app.services.demo.load import load_data
from app.storage.migrate import head_revision
from app.storage.store import open_store

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp), user="fixture")
        data = generate(date(2025, 1, 15), seed=7, staff_count=40)
        keep = {c["code"] for c in data.councils[:3]}
        meetings = [m for m in data.meetings if m["council_code"] in keep][:12]
        keys = {(m["council_code"], m["date"], m["title"]) for m in meetings}
        load_data(store, DemoData(
            staff=[s if s["council_code"] in keep else {**s, "council_code": ""} for s in data.staff],
            councils=[c for c in data.councils if c["code"] in keep],
            meetings=meetings,
            attendance=[a for a in data.attendance if (a["council_code"], a["date"], a["title"]) in keys],
        ))
        db = store.paths.db
        store.close()
        conn = sqlite3.connect(db)
        target = FIXTURES / f"schema_{head_revision()}.sql"
        target.write_text("\n".join(conn.iterdump()) + "\n", encoding="utf-8")
        conn.close()
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
