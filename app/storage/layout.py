"""The columns of the tables the bulk import writes, known without the ORM.

Why a second description: importing SQLAlchemy and mapping the models costs ~0.4 s, as long as a
whole raw import of 40,000 marks; ``fielddesk import`` writes through ``app.storage.bulk`` with
plain sqlite3 and needs only names, defaults and kinds. The models stay the source of truth:
``tests/unit/test_bulk_import.py`` holds every layout here equal to its model's table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TableLayout:
    name: str
    # (column, Python default, kind) in the table's column order, ``id`` included; kind is one of
    # "str", "int", "bool", "date" (the value types of app.storage.codec).
    columns: tuple[tuple[str, Any, str], ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _default, _kind in self.columns)

    @property
    def fields(self) -> tuple[tuple[str, Any, str], ...]:
        """The synced fields: every column but the primary key."""
        return tuple(c for c in self.columns if c[0] != "id")


_ID_DELETED = (("id", None, "str"), ("deleted", False, "bool"))

LAYOUTS: dict[str, TableLayout] = {t.name: t for t in (
    TableLayout("council", (("code", None, "str"), ("name", None, "str"), ("district", None, "str"),
                            ("school_district", "", "str"), *_ID_DELETED)),
    TableLayout("staff", (("staff_no", None, "str"), ("name", None, "str"), ("kana", None, "str"),
                          ("department", "", "str"), ("housing", "", "str"), ("council_id", None, "str"),
                          ("active", True, "bool"), *_ID_DELETED)),
    TableLayout("meeting", (("council_id", None, "str"), ("date", None, "date"), ("kind", "meeting", "str"),
                            ("title", None, "str"), ("place", "", "str"), ("start", "", "str"), ("end", "", "str"),
                            ("residents", 0, "int"), ("notes", "", "str"), *_ID_DELETED)),
    TableLayout("attendance", (("meeting_id", None, "str"), ("staff_id", None, "str"), ("status", None, "str"),
                               ("note", "", "str"), ("marked_at", "", "str"), *_ID_DELETED)),
)}
