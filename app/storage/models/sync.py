"""Tables of the shared-folder sync (docs/dev/sync.md): what was imported or quarantined, what waits.

``ConflictResolution`` and ``DeleteView`` travel (they are SyncedBase: a "keep" or "restore mine"
closes a conflict on every laptop; what a deleter had seen decides on every laptop which edits the
delete hid); the others are this laptop's own bookkeeping.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.models.base import Base, SyncedBase


class ConflictResolution(SyncedBase):
    """A user's answer to one overwritten edit: 'keep' (the current value) or 'restore' (theirs)."""

    __tablename__ = "conflict_resolution"
    __natural_key__ = ("cid",)

    cid: Mapped[str] = mapped_column(String(120), index=True)  # the overwritten change
    action: Mapped[str] = mapped_column(String(16))


class DeleteView(SyncedBase):
    """What the author of a delete had seen of the record (docs/dev/sync.md fault 9): for each field, the
    changes that were heads of its history on the deleting laptop. An edit that is none of them nor
    an ancestor of one was made without the deleter knowing it, whatever its stamp: a conflict.

    Written by change capture in the deleting transaction; its id derives from (table, record, tx)
    so the conflict finder locates it from the delete change alone."""

    __tablename__ = "delete_view"
    __natural_key__ = ("tbl", "row_id", "tx")

    tbl: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[str] = mapped_column(String(36))
    tx: Mapped[str] = mapped_column(String(36))  # the deleting transaction
    seen: Mapped[str] = mapped_column(Text, default="{}")  # JSON: field -> ["ms.counter.tx" of each head]


class SyncFile(Base):
    """A file seen on the share: imported (names are immutable, so never read again) or
    quarantined (re-checked when its size or time changes: a cloud client may still be writing)."""

    __tablename__ = "sync_file"

    path: Mapped[str] = mapped_column(String(500), primary_key=True)  # relative to the share's v1 folder
    status: Mapped[str] = mapped_column(String(16))  # imported | quarantined | ignored
    origin: Mapped[str] = mapped_column(String(36), default="")
    first: Mapped[int] = mapped_column(Integer, default=0)
    last: Mapped[int] = mapped_column(Integer, default=0)
    size: Mapped[int] = mapped_column(Integer, default=0)
    mtime_ns: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    salvaged: Mapped[int] = mapped_column(Integer, default=0)
    reported: Mapped[int] = mapped_column(Integer, default=0)  # 1 once the user was told


class SyncPending(Base):
    """A received change this version cannot apply (unknown table or field, a value that does not
    fit): kept verbatim and replayed after an upgrade, never dropped."""

    __tablename__ = "sync_pending"

    cid: Mapped[str] = mapped_column(String(120), primary_key=True)
    record: Mapped[str] = mapped_column(Text)  # the JSON line as received
    reason: Mapped[str] = mapped_column(Text, default="")


class SyncWaitingRow(Base):
    """A record whose changes arrived before the record it refers to (segments can arrive out of
    order): its changes are in the log; the row appears once the referenced one does. ``wants``
    names that record (empty: the record's own creation has not arrived yet), so its arrival
    wakes exactly the records waiting for it."""

    __tablename__ = "sync_waiting_row"
    __table_args__ = (Index("ix_sync_waiting_row_wants", "wants_tbl", "wants_id"),)

    tbl: Mapped[str] = mapped_column(String(64), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    wants_tbl: Mapped[str | None] = mapped_column(String(64), default=None)
    wants_id: Mapped[str | None] = mapped_column(String(36), default=None)


class SyncHeld(Base):
    """A received change of a transaction that spans segments and is not complete here yet: held
    out of the log (and the tables) until every change of its transaction is here, then applied
    with them at once (docs/dev/sync.md "Transactions across segments")."""

    __tablename__ = "sync_held"
    __table_args__ = (Index("ix_sync_held_tx", "tx", "origin", "seq"),)

    origin: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    hash: Mapped[str] = mapped_column(String(32), primary_key=True)
    tbl: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[str] = mapped_column(String(36))
    field: Mapped[str] = mapped_column(String(64))
    value: Mapped[str] = mapped_column(Text)
    ms: Mapped[int] = mapped_column(Integer)
    counter: Mapped[int] = mapped_column(Integer)
    base: Mapped[str | None] = mapped_column(String(120), default=None)
    user: Mapped[str] = mapped_column(String(200), default="")
    tx: Mapped[str] = mapped_column(String(36))


class SyncHeldTx(Base):
    """A transaction named in a segment's ``parts``: how many changes it has in all (as its segments
    say), how many are held, how many were already in the log when it was first named (a copy
    applied as it came), and whether it was applied (later copies of its changes then apply as
    they come: a repair, a straggler)."""

    __tablename__ = "sync_held_tx"

    tx: Mapped[str] = mapped_column(String(36), primary_key=True)
    total: Mapped[int] = mapped_column(Integer)
    held: Mapped[int] = mapped_column(Integer, default=0)
    logged: Mapped[int] = mapped_column(Integer, default=0)
    applied: Mapped[bool] = mapped_column(Boolean, default=False)


class LocalMeta(Base):
    """This laptop's own facts (device id, clock): never synced."""

    __tablename__ = "local_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class SyncChange(Base):
    """The change log (transactional outbox): one row per changed field, local or received."""

    __tablename__ = "sync_change"
    __table_args__ = (
        Index("ix_sync_change_row", "row_id"),  # small entries: it also carries the primary key
        {"sqlite_with_rowid": False},  # clustered on (origin, seq, hash): appends stay cheap
    )

    origin: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    hash: Mapped[str] = mapped_column(String(32), primary_key=True)
    tbl: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[str] = mapped_column(String(36))
    field: Mapped[str] = mapped_column(String(64))
    value: Mapped[str] = mapped_column(Text)  # JSON
    ms: Mapped[int] = mapped_column(Integer)
    counter: Mapped[int] = mapped_column(Integer)
    base: Mapped[str | None] = mapped_column(String(120), default=None)  # "origin:seq:hash"
    user: Mapped[str] = mapped_column(String(200), default="")
    tx: Mapped[str] = mapped_column(String(36))
