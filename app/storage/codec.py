"""Field values as they travel in the change log: JSON text, the same on every laptop.

The log is read by other versions of FieldDesk, so values are plain JSON (dates as ISO text,
booleans as true/false), never pickles or driver-specific types.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import Boolean, Date, Integer

from app.storage.models import SyncedBase


def _column_type(model: type[SyncedBase], field: str):
    return model.__table__.columns[field].type


@cache
def defaults(model: type[SyncedBase]) -> dict[str, str]:
    """Each synced field's encoded default: the value a record has before any change to it."""
    out = {}
    for column in model.__table__.columns:
        if column.key == "id":
            continue
        default = column.default.arg if column.default is not None and column.default.is_scalar else None
        out[column.key] = encode(model, column.key, default)
    return out


def encode(model: type[SyncedBase], field: str, value: Any) -> str:
    if isinstance(value, date):
        value = value.isoformat()
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def decode(model: type[SyncedBase], field: str, text: str) -> Any:
    """Turn logged JSON back into the Python value of the column; ValueError when it does not fit."""
    value = json.loads(text)
    if value is None:
        return None
    kind = _column_type(model, field)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise ValueError(f"{field}: expected true/false")
        return value
    if isinstance(kind, Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{field}: expected an integer")
        return value
    if not isinstance(value, str):
        raise ValueError(f"{field}: expected text")
    return value
