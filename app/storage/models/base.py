"""The declarative bases every table builds on; imports nothing of the tables back.

Synced tables share ``SyncedBase``: text UUID keys, a ``deleted`` tombstone. Natural keys (staff
number, council code, meeting key) are indexed but not UNIQUE in SQL: two laptops may create the
same key offline, and sync must be able to apply both; services keep keys unique locally and
``check`` reports duplicates. Records that have a natural key get a UUID derived from it
(``natural_id``) so the same person imported on two laptops is one record, not two.
"""

from __future__ import annotations

from sqlalchemy import Boolean, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.storage.ids import new_id


class Base(DeclarativeBase):
    pass


SYNCED_MODELS: dict[str, type[SyncedBase]] = {}  # table name -> model, filled as models are defined


class SyncedBase(Base):
    """Every table that travels between laptops. Change capture and sync handle exactly these,
    found by subclassing: a tab's models (one module per tab in this package) need no sync
    code of their own. ``__natural_key__`` names the columns ``check`` keeps unique."""

    __abstract__ = True
    __natural_key__: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if not cls.__dict__.get("__abstract__", False):
            SYNCED_MODELS[cls.__tablename__] = cls

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)



def synced_fields(model: type[SyncedBase]) -> tuple[str, ...]:
    """The fields that travel: every column but the primary key."""
    return tuple(c.key for c in model.__table__.columns if c.key != "id")
