"""Attachments (town-walk photos …) travel as content-addressed files (docs/dev/sync.md "blobs"):
``<share>/FieldDesk/v1/blobs/<sha256>``. A record names its file by hash in a field the model
declares as ``__blob_field__``; the bytes are copied to the share once, and fetched by any laptop
whose records name a file it lacks. A file is trusted only if it hashes to its name.
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from pathlib import Path

from sqlalchemy import select

from app.storage.models import SYNCED_MODELS
from app.storage.store import Store
from app.sync.folder import ShareFolder

HASH = re.compile(r"^[0-9a-f]{64}$")


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _copy_checked(src: Path, dst: Path, digest: str) -> bool:
    """Copy through a temporary file and keep it only if it hashes right; never replace a file."""
    tmp = dst.with_name(f".{uuid.uuid4()}.part")
    try:
        dst.parent.mkdir(parents=True, exist_ok=True)
        h = hashlib.sha256()
        with open(src, "rb") as fin, open(tmp, "xb") as fout:
            for block in iter(lambda: fin.read(1 << 20), b""):
                h.update(block)
                fout.write(block)
            fout.flush()
            os.fsync(fout.fileno())
        if h.hexdigest() != digest or dst.exists():
            tmp.unlink(missing_ok=True)
            return dst.exists()
        os.replace(tmp, dst)
        return True
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass  # the share went away: a stale .part, removed by nobody's harm
        return False


def needed(store: Store) -> set[str]:
    """Every hash that some live record names."""
    wanted: set[str] = set()
    with store.read() as session:
        for model in SYNCED_MODELS.values():
            name = getattr(model, "__blob_field__", None)
            if name:
                column = getattr(model, name)
                wanted |= {h for h in session.scalars(select(column).where(model.deleted.is_(False))) if h and HASH.match(h)}
    return wanted


def push(store: Store, folder: ShareFolder) -> int:
    """Copy this laptop's blobs that the share lacks; returns how many were sent."""
    local = store.paths.root / "blobs"
    if not local.is_dir():
        return 0
    sent = 0
    remote = folder.base / "blobs"
    for entry in os.scandir(local):
        # None: the share cannot say now (EIO, a vanished folder …): the file goes next round.
        if HASH.match(entry.name) and folder.exists(remote / entry.name) is False:
            sent += _copy_checked(Path(entry.path), remote / entry.name, entry.name)
    return sent


def pull(store: Store, folder: ShareFolder) -> tuple[int, list[str]]:
    """Fetch the blobs that records name and this laptop lacks: (fetched, still missing)."""
    local = store.paths.root / "blobs"
    fetched, missing = 0, []
    for digest in sorted(needed(store)):
        if (local / digest).exists():
            continue
        source = folder.base / "blobs" / digest
        if folder.exists(source) and _copy_checked(source, local / digest, digest):
            fetched += 1
        else:
            missing.append(digest)
    return fetched, missing


def verify_local(store: Store) -> list[str]:
    """Local blobs whose bytes no longer match their name (for check)."""
    local = store.paths.root / "blobs"
    if not local.is_dir():
        return []
    return [e.name for e in os.scandir(local) if HASH.match(e.name) and _digest(Path(e.path)) != e.name]
