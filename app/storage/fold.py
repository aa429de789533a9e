"""State as a pure function of the change log: the winner of each field (docs/dev/sync.md "Merge").

Used by ``check`` to prove that the tables hold exactly what the log says, and by the history
view. The winner is the change with the greatest ``(ms, counter, origin, seq, hash)``.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Connection, text

_WINNERS = text("""
    SELECT row_id, field, value FROM (
        SELECT row_id, field, value, ROW_NUMBER() OVER (
            PARTITION BY row_id, field
            ORDER BY ms DESC, counter DESC, origin DESC, seq DESC, hash DESC) AS rank
        FROM sync_change WHERE tbl = :tbl)
    WHERE rank = 1
""")


def winning_values(conn: Connection, tbl: str) -> Iterator[tuple[str, str, str]]:
    """(row_id, field, encoded value) of every field's winner in ``tbl``."""
    yield from conn.execute(_WINNERS, {"tbl": tbl})
