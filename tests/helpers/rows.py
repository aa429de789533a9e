"""Files to import and rows to count: the import tests write real files in the encodings clerks
send and count what arrived, table by table."""

from __future__ import annotations

from sqlalchemy import func, select


def count(store, model) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(model))


def write(path, text: str, encoding: str = "utf-8"):
    path.write_bytes(text.encode(encoding))
    return path
