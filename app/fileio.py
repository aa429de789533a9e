"""Writing a file so that a failure never leaves half a file, or replaces a good one with it."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TypeVar

T = TypeVar("T")


def atomic_write(path: Path, write: Callable[[BinaryIO], T]) -> T:
    """Call ``write`` on a new temporary file beside ``path``, fsync it, then rename it over
    ``path``. On any error the temporary file is removed and ``path`` is untouched; the OSError
    (or whatever ``write`` raised) goes to the caller, who says what to do."""
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        with open(fd, "wb") as fh:
            result = write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, path)
        return result
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def free_path(path: Path) -> Path:
    """``path``, or the first of ``name (2).ext``, ``name (3).ext`` … that no file has: a name
    offered by default never points at another file (the user may still choose to replace one)."""
    if not path.exists():
        return path
    n = 2
    while (candidate := path.with_name(f"{path.stem} ({n}){path.suffix}")).exists():
        n += 1
    return candidate
