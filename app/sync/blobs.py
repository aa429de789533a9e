"""Attachments (town-walk photos …) travel as content-addressed files (docs/dev/sync.md "blobs"):
``<share>/FieldDesk/v1/blobs/<sha256>``. A record names its file by hash in a field the model
declares as ``__blob_field__``; the bytes are copied to the share once, and fetched by any laptop
whose records name a file it lacks. A file is trusted only if it hashes to its name.

On a sealed tree the file is sealed like a segment and named by ``WardKey.blob_name`` (a keyed
hash: the name cannot confirm that a known photo is there); it is opened and hash-checked before
it is kept (docs/dev/sealed_share.md).
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
from app.sync.seal import SealError, seal, unseal

HASH = re.compile(r"^[0-9a-f]{64}$")
MAX_BLOB_BYTES = 256 * 1024 * 1024  # a sealed attachment is opened in memory: a larger one is not taken


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _write_new(dst: Path, fill) -> bool:
    """Write ``dst`` through a temporary file that ``fill(handle)`` fills (False: drop it); never
    replace a file. True when ``dst`` is there afterwards."""
    tmp = dst.with_name(f".{uuid.uuid4()}.part")
    try:
        dst.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "xb") as fout:
            ok = fill(fout)
            fout.flush()
            os.fsync(fout.fileno())
        if not ok or dst.exists():
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


def _copy_checked(src: Path, dst: Path, digest: str) -> bool:
    """Copy in blocks and keep the copy only if it hashes right."""
    def fill(fout) -> bool:
        h = hashlib.sha256()
        with open(src, "rb") as fin:
            for block in iter(lambda: fin.read(1 << 20), b""):
                h.update(block)
                fout.write(block)
        return h.hexdigest() == digest
    return _write_new(dst, fill)


def _sealed_copy(dst: Path, data: bytes) -> bool:
    """Write ``data`` (already sealed, or opened and checked)."""
    return _write_new(dst, lambda fout: fout.write(data) is not None)


def _remote(folder: ShareFolder, digest: str) -> Path:
    return folder.base / "blobs" / (folder.key.blob_name(digest) if folder.key else digest)


def _push_one(folder: ShareFolder, src: Path, digest: str) -> bool:
    remote = _remote(folder, digest)
    if folder.key is None:
        return _copy_checked(src, remote, digest)
    try:
        plain = src.read_bytes()
    except OSError:
        return False
    if hashlib.sha256(plain).hexdigest() != digest:
        return False  # damaged on this laptop: check reports it; never spread it
    return _sealed_copy(remote, seal(folder.key, f"blobs/{remote.name}", plain))


def _pull_one(folder: ShareFolder, digest: str, dest: Path) -> bool:
    source = _remote(folder, digest)
    if not folder.exists(source):
        return False
    if folder.key is None:
        return _copy_checked(source, dest, digest)
    try:
        with open(source, "rb") as fh:  # bounded: a huge file put there by someone must not sink the round
            data = fh.read(MAX_BLOB_BYTES + 1)
        if len(data) > MAX_BLOB_BYTES:
            return False
        plain = unseal(folder.key, f"blobs/{source.name}", data)
    except (OSError, SealError):
        return False  # not there now, or forged: still missing, fetched again next round
    return hashlib.sha256(plain).hexdigest() == digest and _sealed_copy(dest, plain)


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
    for entry in os.scandir(local):
        # None: the share cannot say now (EIO, a vanished folder …): the file goes next round.
        if HASH.match(entry.name) and folder.exists(_remote(folder, entry.name)) is False:
            sent += _push_one(folder, Path(entry.path), entry.name)
    return sent


def pull(store: Store, folder: ShareFolder) -> tuple[int, list[str]]:
    """Fetch the blobs that records name and this laptop lacks: (fetched, still missing)."""
    local = store.paths.root / "blobs"
    fetched, missing = 0, []
    for digest in sorted(needed(store)):
        if (local / digest).exists():
            continue
        if _pull_one(folder, digest, local / digest):
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
