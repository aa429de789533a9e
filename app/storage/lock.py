"""One FieldDesk per data folder: a second instance must not touch the store.

An OS-level file lock (filelock) is released by the OS when the process dies, so a crash never
leaves a stale lock behind.
"""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock, Timeout

from app.errors import UnavailableError
from app.i18n import _


class InstanceLock:
    def __init__(self, path: Path):
        self.path = path
        self._lock = FileLock(str(path), is_singleton=False)

    def acquire(self, timeout: float = 0.0) -> InstanceLock:
        try:
            self._lock.acquire(timeout=timeout)
        except Timeout as exc:
            raise UnavailableError(
                _("FieldDesk is already open on the data folder {folder}. Use that window, or close it first.").format(
                    folder=self.path.parent
                )
            ) from exc
        return self

    def release(self) -> None:
        if self._lock.is_locked:
            self._lock.release(force=True)

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
