"""The local store: one SQLite file in the data folder, opened, migrated and identified.

``Store.session()`` is the one path by which edits reach the database: a session with change
capture, committed as one transaction, SQLite failures turned into messages that say what to do.
``Store.read()`` is for reading and refuses writes; ``Store.uncaptured()`` writes without capture,
for sync's own bookkeeping only (docs/dev/storage.md "Session kinds").
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy import Connection, Engine, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from app.domain.staff_no import DEFAULT_WIDTH
from app.paths import DataPaths
from app.storage import capture, migrate, readonly
from app.storage.errors import explain
from app.storage.models import LocalMeta

DEVICE_ID = "device_id"
INSTALL_NONCE = "install_nonce"


class Store:
    def __init__(self, paths: DataPaths, *, user: str = "", clock_ms: Callable[[], int] | None = None):
        self.paths = paths
        self.user = user
        # The ward's staff-number width (a setting, like ``user``): every service that takes a
        # staff number reads it here, so import, quick entry and the dialogs pad alike.
        self.staff_no_width = DEFAULT_WIDTH
        # Wall clock in ms for change stamps; tests step it back and forth like a real laptop's.
        self.clock_ms: Callable[[], int] = clock_ms or (lambda: int(time.time() * 1000))
        self.engine: Engine | None = None
        self.device_id = ""
        self._factory: sessionmaker[Session] | None = None

    @classmethod
    def open(cls, paths: DataPaths, *, user: str = "", clock_ms: Callable[[], int] | None = None) -> Store:
        store = cls(paths, user=user, clock_ms=clock_ms)
        store._open()
        return store

    def _open(self) -> None:
        from app.storage.engine import make_engine

        self.paths.ensure()
        try:
            self._refuse_foreign_file()
            self.engine = make_engine(self.paths.db)
            migrate.upgrade(self.engine, self.paths.db, self.paths.backups)
            self._factory = sessionmaker(self.engine, expire_on_commit=False)
            readonly.install(self._factory)  # first: a read session's write is refused as such
            capture.install(self._factory)
            self.device_id = self._ensure_identity()
        except (DBAPIError, sqlite3.Error, OSError) as exc:
            self.close()
            explained = explain(exc, self.paths.db)
            if explained is None:
                raise
            raise explained from exc

    def _refuse_foreign_file(self) -> None:
        from app.storage.direct import refuse_foreign_file

        refuse_foreign_file(self.paths.db)

    def _ensure_identity(self) -> str:
        with self.uncaptured() as session:  # LocalMeta: this laptop's own, never synced
            device = session.get(LocalMeta, DEVICE_ID)
            if device is None:
                device = LocalMeta(key=DEVICE_ID, value=str(uuid.uuid4()))
                session.add(device)
                session.add(LocalMeta(key=INSTALL_NONCE, value=str(uuid.uuid4())))
            return device.value

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """One captured transaction: committed when the block ends, rolled back (nothing written)
        on error. Every edit of the ward's data goes through here, so it is logged and synced."""
        with self._transaction(captured=True) as session:
            yield session

    @contextlib.contextmanager
    def uncaptured(self) -> Iterator[Session]:
        """A write transaction whose changes are NOT logged, so they never sync. Only for what is
        not ward data or is in the log already: sync applying received changes and its bookkeeping
        (``sync_*`` tables, repairs, renumbering), ``LocalMeta``, the bulk path. Allowed only in
        the modules listed in tests/unit/test_read_sessions.py; a plain read uses ``read()``."""
        with self._transaction(captured=False) as session:
            yield session

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading only: never committed, and any write inside it (a flush, an ORM
        insert/update/delete, raw SQL) raises ``ReadSessionWrite`` (``app.storage.readonly``)."""
        if self._factory is None:
            raise RuntimeError("store is closed")
        session = self._factory(info={readonly.READ_SESSION: True})
        locked = False
        try:
            conn = session.connection()
            readonly.lock(conn)
            locked = True  # from here a "readonly database" error is our lock, not the file's permissions
            try:
                yield session
                session.flush()  # an edit left pending is refused too, never dropped in silence
            finally:
                readonly.unlock(conn)
        except (DBAPIError, sqlite3.Error) as exc:
            refused = readonly.refused(exc) if locked else None
            if refused is not None:
                raise refused from exc
            explained = explain(exc, self.paths.db)
            if explained is not None:
                raise explained from exc
            raise
        finally:
            session.close()  # ends the transaction uncommitted; loaded objects stay readable

    @contextlib.contextmanager
    def _transaction(self, *, captured: bool) -> Iterator[Session]:
        if self._factory is None:
            raise RuntimeError("store is closed")
        session = self._factory()
        if captured:
            session.info["device_id"] = self.device_id
            session.info["user"] = self.user
            session.info["clock_ms"] = self.clock_ms
        try:
            yield session
            session.commit()
        except DBAPIError as exc:
            session.rollback()
            explained = explain(exc, self.paths.db)
            if explained is not None:
                raise explained from exc
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextlib.contextmanager
    def reading(self) -> Iterator[Connection]:
        """A read-only snapshot of the store (a deferred transaction, rolled back at the end): for
        long reads like ``check``, which must not hold the write lock while they run."""
        from app.storage.engine import READ_ONLY

        if self.engine is None:
            raise RuntimeError("store is closed")
        try:
            with self.engine.connect().execution_options(**{READ_ONLY: True}) as conn:
                with conn.begin() as tx:
                    yield conn
                    tx.rollback()
        except DBAPIError as exc:
            explained = explain(exc, self.paths.db)
            if explained is not None:
                raise explained from exc
            raise

    @contextlib.contextmanager
    def bulk_transaction(self) -> Iterator[sqlite3.Connection]:
        """One transaction on the driver's own connection, for the bulk writes of ``app.storage.bulk``
        (the same transaction rules as ``session``; the ORM's capture hooks see none of it)."""
        with self.uncaptured() as session:
            try:
                yield session.connection().connection.driver_connection
            except sqlite3.Error as exc:
                explained = explain(exc, self.paths.db)
                if explained is not None:
                    raise explained from exc
                raise

    def meta(self, key: str) -> str | None:
        with self.read() as session:
            return session.execute(select(LocalMeta.value).where(LocalMeta.key == key)).scalar_one_or_none()

    def close(self) -> None:
        if self.engine is not None:
            self.engine.dispose()
            self.engine = None
        self._factory = None

    def reopen(self) -> None:
        """Open the file again after a restore swapped it: the same object, so every holder of it
        (the window's controllers) keeps working, now on the restored data and identity."""
        self.close()
        self._open()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_store(root: Path, *, user: str = "", clock_ms: Callable[[], int] | None = None) -> Store:
    return Store.open(DataPaths(root), user=user, clock_ms=clock_ms)
