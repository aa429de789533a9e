"""Where FieldDesk keeps its files: one data folder per user, always on local disk.

Order of precedence: ``--data-dir`` on the command line, then ``FIELDDESK_DATA_DIR``, then the
per-user data folder of the OS (platformdirs). The store must never live on the network share:
SQLite locking is not reliable there (see docs/dev/sync.md), so sync uses its own folder protocol instead.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

from app import APP_NAME

ENV_DATA_DIR = "FIELDDESK_DATA_DIR"
DB_NAME = "fielddesk.sqlite3"


def default_data_dir() -> Path:
    return Path(user_data_dir(APP_NAME, appauthor=False, roaming=False))


def resolve_data_dir(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """The data folder to use, made absolute (not yet created)."""
    if cli_value:
        return Path(cli_value).expanduser().absolute()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser().absolute()
    return default_data_dir()


@dataclass(frozen=True)
class DataPaths:
    """Every file FieldDesk writes lives below ``root``."""

    root: Path

    @property
    def db(self) -> Path:
        return self.root / DB_NAME

    @property
    def settings(self) -> Path:
        return self.root / "settings.json"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def blobs(self) -> Path:
        """Attachment files by content (``blobs/<sha256>``); created when the first one is added."""
        return self.root / "blobs"

    @property
    def lock(self) -> Path:
        return self.root / "fielddesk.lock"

    def ensure(self) -> DataPaths:
        for folder in (self.root, self.logs, self.backups):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def shipped_root() -> Path:
    """Where the files we ship sit: the source tree's root, or the PyInstaller bundle's
    ``_internal`` folder, which keeps the same layout (``resources/``, ``docs/guide/``)."""
    import sys

    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) if bundle else Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    """``resources/``: fonts, icons, sample tables."""
    return shipped_root() / "resources"
