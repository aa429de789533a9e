"""Small readers shared by the backup and restore tests: councils in a store or in a bare file,
and a byte-for-byte picture of a data folder (to show a refused command changed nothing)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.services.attendance import records
from app.storage.models import Council


def council(store, code: str, name: str = "") -> str:
    return records.save_council(store, records.CouncilInput(code, name or f"協議会 {code}", "芝"))


def names(store) -> list[str]:
    with store.read() as session:
        return sorted(c.code for c in session.query(Council))


def codes_in(db: Path) -> list[str]:
    """Council codes read with plain sqlite3 (a backup file is not a store to open)."""
    conn = sqlite3.connect(db)
    try:
        return sorted(r[0] for r in conn.execute("SELECT code FROM council"))
    finally:
        conn.close()


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes (the lock and logs aside)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "fielddesk.lock" and "logs" not in p.parts}
