"""What every front end opens first: the data folder, its lock, the settings and the store."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from app.i18n import set_language
from app.logs import setup_logging
from app.paths import DataPaths
from app.settings import Settings
from app.storage.lock import InstanceLock
from app.storage.store import Store


@dataclass
class AppContext:
    paths: DataPaths
    settings: Settings
    store: Store
    lock: InstanceLock

    @classmethod
    def open(cls, root: Path, *, language: str | None = None, lock_timeout: float = 0.0) -> AppContext:
        """Lock the folder before anything touches the store, so a second instance changes nothing."""
        paths = DataPaths(root).ensure()
        settings = Settings.load(paths.settings)
        set_language(language or settings.language)
        lock = InstanceLock(paths.lock).acquire(timeout=lock_timeout)
        setup_logging(paths.logs)
        try:
            store = Store.open(paths, user=settings.user_name)
        except BaseException:
            lock.release()
            raise
        store.staff_no_width = settings.staff_no_width
        try:
            repair_stored_numbers(store)
        except BaseException:
            store.close()
            lock.release()
            raise
        return cls(paths, settings, store, lock)

    def close(self) -> None:
        self.store.close()
        self.lock.release()


def repair_stored_numbers(store: Store) -> None:
    """Old records with ``０１００９９`` or two records for one number become one person (see
    app/services/staff_numbers.py). A store that cannot be written now still opens: next time."""
    from app.errors import FieldDeskError
    from app.services.staff_numbers import repair_staff_numbers

    try:
        repair_staff_numbers(store)
    except FieldDeskError as exc:
        logging.getLogger(__name__).warning("staff numbers not repaired now: %s", exc)
