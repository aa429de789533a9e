"""``fielddesk import KIND FILE``: the bulk kinds through a direct store, the others as before.

A user waits for the whole command, and before this the wait was mostly start-up: SQLAlchemy and
the models (~0.4 s) for an import that a raw script does in ~0.6 s. The councils, staff, meetings
and attendance kinds are written by ``app.storage.bulk`` on a plain sqlite3 connection, so the
command opens the data folder as ``AppContext.open`` does (lock first, then settings, logging and
the store) but with ``DirectStore``; only a store that needs setting up (new, older schema, staff
numbers to repair) is opened once through ``Store`` first.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator

from app.i18n import set_language
from app.paths import DataPaths, resolve_data_dir
from app.settings import Settings
from app.storage.direct import DirectStore, NeedsStore


def run_import(args: argparse.Namespace) -> int:
    from app.services.transfer.files import import_file, import_summary, kind_named
    from app.services.transfer.tables import BulkKind

    if not isinstance(kind_named(args.kind), BulkKind):
        from app.context import AppContext

        ctx = AppContext.open(resolve_data_dir(args.data_dir), language=args.lang, lock_timeout=2.0)
        try:
            print(import_summary(import_file(ctx.store, args.kind, args.file, dry_run=args.dry_run)))
        finally:
            ctx.close()
        return 0
    with direct_store(resolve_data_dir(args.data_dir), language=args.lang) as store:
        print(import_summary(import_file(store, args.kind, args.file, dry_run=args.dry_run)))
    return 0


@contextlib.contextmanager
def direct_store(root, *, language: str | None = None, lock_timeout: float = 2.0) -> Iterator[DirectStore]:
    """The data folder opened in ``AppContext.open``'s order, its store as a ``DirectStore``."""
    from app.logs import setup_logging
    from app.storage.lock import InstanceLock

    paths = DataPaths(root).ensure()
    settings = Settings.load(paths.settings)
    set_language(language or settings.language)
    lock = InstanceLock(paths.lock).acquire(timeout=lock_timeout)
    try:
        setup_logging(paths.logs)
        store = _open(paths, settings)
        try:
            yield store
        finally:
            store.close()
    finally:
        lock.release()


def _open(paths: DataPaths, settings: Settings) -> DirectStore:
    try:
        store = DirectStore.open(paths, user=settings.user_name)
    except NeedsStore:
        _set_up(paths, settings)
        store = DirectStore.open(paths, user=settings.user_name)
    else:
        if _numbers_to_repair(store):
            store.close()
            _set_up(paths, settings)  # a store that cannot be written now still opens, as in AppContext
            store = DirectStore.open(paths, user=settings.user_name)
    store.staff_no_width = settings.staff_no_width
    return store


def _set_up(paths: DataPaths, settings: Settings) -> None:
    """What only the full store does: create or migrate the file, make its identity, repair numbers."""
    from app.context import repair_stored_numbers
    from app.storage.store import Store

    store = Store.open(paths, user=settings.user_name)
    try:
        store.staff_no_width = settings.staff_no_width
        repair_stored_numbers(store)
    finally:
        store.close()


def _numbers_to_repair(store: DirectStore) -> bool:
    from app.domain.staff_no import numbers_to_repair

    conn = store.conn
    staff = conn.execute("SELECT id, staff_no FROM staff WHERE deleted = 0")
    responses = conn.execute("SELECT id, staff_no FROM survey_response WHERE deleted = 0 AND anonymous = 0")
    wanted, bad_responses = numbers_to_repair(staff.fetchall(), responses.fetchall())
    return bool(wanted or bad_responses)
