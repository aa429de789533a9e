"""The fonts we ship, as files Qt and reportlab can open.

In a source tree they are plain ``resources/fonts/*.ttf``. The installed bundle carries them
xz-compressed (``*.ttf.xz``, 24 MB → 12 MB, which keeps the bundle under its size goal): the
first use unpacks each one into the user's cache folder, keyed by the compressed file's hash so an
update never uses a stale copy. Unpacking all four takes about half a second, once per install.
"""

from __future__ import annotations

import hashlib
import lzma
import os
import tempfile
from pathlib import Path

from app import APP_NAME
from app.paths import resources_dir

COMPRESSED = ".xz"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def _cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, appauthor=False)) / "fonts"


def _unpacked(packed: Path) -> Path:
    """The plain font for ``packed``, unpacked once into the cache (atomically)."""
    with packed.open("rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()[:16]
    name = packed.name.removesuffix(COMPRESSED)
    for folder in (_cache_dir(), Path(tempfile.gettempdir()) / f"{APP_NAME}-fonts"):
        target = folder / f"{digest}-{name}"
        if target.is_file():
            return target
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".part")
            with os.fdopen(fd, "wb") as out:
                out.write(lzma.decompress(packed.read_bytes()))
            os.replace(tmp, target)  # two processes racing both write the same bytes
            return target
        except OSError:
            continue  # a read-only or full cache folder: try the temp folder next
    raise OSError(f"cannot unpack {packed} into the cache or temp folder")


def font_path(name: str) -> Path:
    """``BIZUDGothic-Regular.ttf`` → a readable file, plain or unpacked from the bundle."""
    plain = fonts_dir() / name
    if plain.is_file():
        return plain
    return _unpacked(fonts_dir() / f"{name}{COMPRESSED}")


def font_names(pattern: str) -> list[str]:
    """Names of the shipped fonts matching ``pattern`` (e.g. ``Fallback*.ttf``), in name order."""
    folder = fonts_dir()
    names = {p.name for p in folder.glob(pattern)}
    names |= {p.name.removesuffix(COMPRESSED) for p in folder.glob(pattern + COMPRESSED)}
    return sorted(names)
