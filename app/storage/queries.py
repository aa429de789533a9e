"""Small queries the editing services share: is a code taken, where does a new sibling go, move
one up or down.

Every one looks at live records only (``deleted`` is false), so a soft-deleted record frees its
code and its place. They take the caller's session: a clash check runs in a ``Store.read()``, a
position change in the ``Store.session()`` that writes it (so the change is captured).
``code_in_use`` opens the read session itself, for validation before a save.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.storage.store import Store


def code_taken(session: Session, column: InstrumentedAttribute, value: Any, *scope: ColumnElement[bool],
               exclude_id: str | None = None) -> bool:
    """Does another live record already hold ``value`` in ``column`` (within ``scope``: the rest of
    a natural key, e.g. the council and date of a meeting)? ``exclude_id`` is the record being
    edited, which may keep its own code."""
    model = column.class_
    stmt = select(model.id).where(column == value, *scope, model.deleted.is_(False))
    if exclude_id:
        stmt = stmt.where(model.id != exclude_id)
    return session.scalar(stmt.limit(1)) is not None


def code_in_use(store: Store, column: InstrumentedAttribute, value: Any, *scope: ColumnElement[bool],
                exclude_id: str | None = None) -> bool:
    """``code_taken`` in a read session of its own: a dialog's validation, before any write."""
    with store.read() as session:
        return code_taken(session, column, value, *scope, exclude_id=exclude_id)


def next_position(session: Session, column: InstrumentedAttribute, *where: ColumnElement[bool]) -> int:
    """The position after the last live sibling (``where`` picks the siblings); 1 for the first."""
    model = column.class_
    last = session.scalar(select(func.max(column)).where(*where, model.deleted.is_(False)))
    return (last or 0) + 1


def siblings(session: Session, column: InstrumentedAttribute, *where: ColumnElement[bool]) -> list:
    """The live siblings in their order."""
    model = column.class_
    return list(session.scalars(select(model).where(*where, model.deleted.is_(False)).order_by(column)))


def renumber(rows: list, column: InstrumentedAttribute) -> None:
    """Positions 1, 2, 3 … in the order of ``rows``; only a position that differs is written, so
    only real moves become changes."""
    for n, row in enumerate(rows, 1):
        if getattr(row, column.key) != n:
            setattr(row, column.key, n)


def swap_with_neighbour(session: Session, record, column: InstrumentedAttribute, delta: int,
                        *where: ColumnElement[bool]) -> None:
    """Swap ``record`` with its neighbour (``delta`` -1 up, +1 down; nothing at either end) and
    close any gaps among its siblings."""
    rows = siblings(session, column, *where)
    i = rows.index(record)
    j = i + delta
    if 0 <= j < len(rows):
        rows[i], rows[j] = rows[j], rows[i]
    renumber(rows, column)


def close_gap(session: Session, column: InstrumentedAttribute, *where: ColumnElement[bool]) -> None:
    """After a delete: the live siblings renumbered 1 … n (flushes first, so the deleted one is out)."""
    session.flush()
    renumber(siblings(session, column, *where), column)


def assign_changed(record, values: dict[str, Any]) -> None:
    """Set only the fields whose value differs, so change capture sees exactly the fields an edit
    changed (was written out in three services)."""
    for name, value in values.items():
        if getattr(record, name) != value:
            setattr(record, name, value)
