"""What every front end opens first: the data folder, its lock, the settings and the store."""

from __future__ import annotations

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
        return cls(paths, settings, store, lock)

    def close(self) -> None:
        self.store.close()
        self.lock.release()
