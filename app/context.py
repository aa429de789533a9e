"""What every front end opens first: the data folder, its lock, the settings and the store."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.i18n import set_language
from app.logs import setup_logging
from app.paths import DataPaths
from app.settings import Settings
from app.storage.lock import InstanceLock

if TYPE_CHECKING:
    from app.storage.store import Store


@dataclass
class AppContext:
    paths: DataPaths
    settings: Settings
    store: Store | None  # None between ``prepare`` and ``open_store``
    lock: InstanceLock

    @classmethod
    def prepare(cls, root: Path, *, language: str | None = None, lock_timeout: float = 0.0) -> AppContext:
        """Everything before the store: the folder, its settings, the lock (before anything is
        written, so a second instance changes nothing), then file logging. The window can be
        shown and the crash hook write its log from here on, before a migration runs."""
        paths = DataPaths(root).ensure()
        settings = Settings.load(paths.settings)
        set_language(language or settings.language)
        lock = InstanceLock(paths.lock).acquire(timeout=lock_timeout)
        setup_logging(paths.logs)
        return cls(paths, settings, None, lock)

    def open_store(self) -> Store:
        """Open (and migrate) the store; on failure the lock is kept, for the caller's ``close``."""
        from app.storage.store import Store

        store = Store.open(self.paths, user=self.settings.user_name)
        store.staff_no_width = self.settings.staff_no_width
        try:
            repair_stored_numbers(store)
        except BaseException:
            store.close()
            raise
        self.store = store
        return store

    @classmethod
    def open(cls, root: Path, *, language: str | None = None, lock_timeout: float = 0.0) -> AppContext:
        """Lock the folder before anything touches the store, so a second instance changes nothing."""
        ctx = cls.prepare(root, language=language, lock_timeout=lock_timeout)
        try:
            ctx.open_store()
        except BaseException:
            ctx.close()
            raise
        return ctx

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
        self.lock.release()


def repair_stored_numbers(store: Store) -> None:
    """Old records with ``０１００９９`` or two records for one number become one person (see
    app/services/staff/numbers.py). A store that cannot be written now still opens: next time."""
    from app.errors import FieldDeskError
    from app.services.staff.numbers import repair_staff_numbers

    try:
        repair_staff_numbers(store)
    except FieldDeskError as exc:
        logging.getLogger(__name__).warning("staff numbers not repaired now: %s", exc)
