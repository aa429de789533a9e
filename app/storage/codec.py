"""Field values as they travel in the change log: JSON text, the same on every laptop.

The log is read by other versions of FieldDesk, so values are plain JSON (dates as ISO text,
booleans as true/false), never pickles or driver-specific types.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from json.encoder import encode_basestring
from typing import Any

from sqlalchemy import Boolean, Date, Integer

from app.storage.changelog import encode_value, to_sql  # noqa: F401 - defined apart from the ORM
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


@cache
def default_values(model: type[SyncedBase]) -> tuple[tuple[str, Any], ...]:
    """(field, Python default) pairs in column order."""
    return tuple(
        (c.key, c.default.arg if c.default is not None and c.default.is_scalar else None)
        for c in model.__table__.columns if c.key != "id"
    )


def encode(model: type[SyncedBase], field: str, value: Any) -> str:
    if type(value) is str:
        return encode_basestring(value)  # json.dumps of a str, without its per-call set-up
    return encode_value(value)


_RAW = json.JSONDecoder().raw_decode


def loads(text: str) -> Any:
    """``json.loads``, without its whitespace scans for the values we write (none around them)."""
    try:
        value, end = _RAW(text)
        if end == len(text):
            return value
    except ValueError:
        pass
    return json.loads(text)  # the judge: accepts and refuses exactly what json.loads does


def decode(model: type[SyncedBase], field: str, text: str) -> Any:
    """Turn logged JSON back into the Python value of the column; ValueError when it does not fit."""
    value = loads(text)
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

