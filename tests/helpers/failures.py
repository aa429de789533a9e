"""Real environmental failures for tests: a read-only folder, a full disk, a locked store, a
migration that fails. Each is made the way it happens on a laptop (a mount, a filled file system,
another program's lock), not by patching our code.

Root ignores permission bits, so as root a read-only folder is a read-only bind mount and a full
disk a small tmpfs; without root, ``chmod`` gives the read-only folder and the full disk is skipped.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


def _mount(*argv: str) -> None:
    done = subprocess.run(["mount", *argv], capture_output=True, text=True, timeout=30)
    if done.returncode != 0:
        pytest.skip(f"mount {' '.join(argv)} is not permitted here: {done.stderr.strip()}")


def _umount(path: Path) -> None:
    subprocess.run(["umount", "-l", str(path)], capture_output=True, timeout=30, check=False)


@contextlib.contextmanager
def read_only_folder(path: Path) -> Iterator[Path]:
    """``path`` (created) cannot be written while the block runs: EROFS as root, EACCES else."""
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        path.chmod(0o555)
        try:
            yield path
        finally:
            path.chmod(0o755)
        return
    _mount("--bind", str(path), str(path))
    try:
        _mount("-o", "remount,bind,ro", str(path))
        yield path
    finally:
        _umount(path)


@contextlib.contextmanager
def small_disk(path: Path, size: str = "4m") -> Iterator[Path]:
    """A file system of ``size`` at ``path`` (a tmpfs; root only), unmounted after the block."""
    if os.geteuid() != 0:
        pytest.skip("a small file system needs root (mount -t tmpfs)")
    path.mkdir(parents=True, exist_ok=True)
    _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path))
    try:
        yield path
    finally:
        _umount(path)


def fill_disk(folder: Path) -> Path:
    """Write a ballast file until the file system holding ``folder`` has no byte left."""
    ballast = folder / "ballast.bin"
    block = b"\0" * 65536
    with open(ballast, "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(block)
        except OSError:
            pass
        try:  # the last partial block
            while True:
                fh.write(b"\0" * 512)
        except OSError:
            pass
    return ballast


@contextlib.contextmanager
def locked_store(db: Path) -> Iterator[sqlite3.Connection]:
    """Another program holds the store's write lock (a database tool, a stuck command, left in
    the middle of a transaction): no one else can write until the block ends."""
    conn = sqlite3.connect(db, isolation_level=None, timeout=10, check_same_thread=False)
    try:
        conn.execute("BEGIN IMMEDIATE")
        yield conn
    finally:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        conn.close()


def break_next_migration(db: Path) -> str:
    """Make the store look one schema older while the newest migration's table is already there:
    the upgrade then fails inside Alembic ("table … already exists"), as a migration with a bug
    would. Returns the revision the store now claims."""
    conn = sqlite3.connect(db)
    try:
        newest = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        older = f"{int(newest) - 1:04d}"
        with conn:
            conn.execute("UPDATE alembic_version SET version_num = ?", (older,))
    finally:
        conn.close()
    return older
