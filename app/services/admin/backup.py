"""Backups of the local store: one on demand (``fielddesk backup``, the File menu), one a day
automatically, and a restore that never loses what the store holds now.

Copies are made with SQLite's online backup API — a consistent snapshot even while the window
writes — into a temporary file beside the target, checked (SQLite's integrity check, a FieldDesk
schema), then renamed: a failure never leaves half a backup under the final name. A restore checks
the file first and writes nothing for a bad one; it keeps the current store as
``backups/pre-restore-<stamp>.sqlite3``, puts the backup in place by a rename and gives it a new
device id (``app/sync/restored.py`` says why and what the next sync does with it).
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.errors import StorageError, UnavailableError, UserError
from app.i18n import _
from app.paths import DataPaths
from app.storage.migrate import MIGRATIONS
from app.sync.restored import mark_restored

AUTO = re.compile(r"^auto-(\d{8})-(\d{6})\.sqlite3$")  # only these are ever pruned
SQLITE_MAGIC = b"SQLite format 3\x00"
_DAMAGE = re.compile(r"malformed|not a database|corrupt", re.IGNORECASE)  # the store, not the target


@dataclass(frozen=True)
class BackupFile:
    path: Path
    size: int
    revision: str  # the schema of the store in it


@dataclass(frozen=True)
class Restored:
    source: Path
    kept: Path | None  # the store as it was before the restore (None: there was none)
    device_id: str  # the restored store's new id
    revision: str


class _Invalid(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def format_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def stamp(now: datetime | None = None) -> str:
    return (now or datetime.now()).strftime("%Y%m%d-%H%M%S")


def known_revisions() -> set[str]:
    """Every schema this FieldDesk can open (older ones are migrated when the store opens)."""
    return {p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py")}


def _check(conn: sqlite3.Connection) -> str:
    """The schema revision of a FieldDesk store that passes SQLite's integrity check."""
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    if rows != ["ok"]:
        raise _Invalid(_("it is damaged ({detail})").format(detail="; ".join(rows[:3])))
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone() if "alembic_version" in tables else None
    if row is None or not {"local_meta", "sync_change"} <= tables:
        raise _Invalid(_("it is an SQLite file but not a FieldDesk store"))
    return str(row[0])


def _fsync(path: Path, *, folder: bool = False) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        if folder:
            return  # Windows cannot open a folder; NTFS orders the rename itself
        raise
    try:
        os.fsync(fd)
    except OSError:
        if not folder:
            raise
    finally:
        os.close(fd)


def _copy(src: sqlite3.Connection, out: Path, *, verify: bool,
          prepare: Callable[[sqlite3.Connection], None] | None = None) -> str | None:
    """Snapshot ``src`` into a temp file beside ``out``, optionally adjust and check it, rename."""
    temp = out.with_name(f".{out.name}.{secrets.token_hex(4)}.tmp")
    try:
        dst = sqlite3.connect(temp)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            if prepare is not None:
                prepare(dst)
                dst.commit()
            revision = _check(dst) if verify else None
        finally:
            dst.close()
        _fsync(temp)
        os.replace(temp, out)
        _fsync(out.parent, folder=True)
        return revision
    except BaseException:
        for leftover in (temp, Path(f"{temp}-journal")):
            leftover.unlink(missing_ok=True)
        raise


def _unwritable(path: Path, exc: BaseException) -> UnavailableError:
    reason = getattr(exc, "strerror", None) or str(exc)
    return UnavailableError(_("Could not write {path} ({reason}). Check the free disk space and that the folder "
                              "is writable; nothing was changed.").format(path=path, reason=reason))


def make_backup(paths: DataPaths, out: Path) -> BackupFile:
    """A checked copy of the store at ``out`` (replaced atomically if it exists)."""
    out = Path(out).expanduser().absolute()
    if out.is_dir():
        raise UserError(_("{path} is a folder: give the backup a file name.").format(path=out))
    if not out.parent.is_dir():
        raise UserError(_("The folder {folder} does not exist; nothing was written.").format(folder=out.parent))
    if not paths.db.is_file():
        raise UserError(_("There is no store in {folder} to back up.").format(folder=paths.root))
    try:
        src = sqlite3.connect(paths.db, timeout=30)
        try:
            revision = _copy(src, out, verify=True)
        finally:
            src.close()
    except (_Invalid, sqlite3.DatabaseError) as exc:
        reason = exc.reason if isinstance(exc, _Invalid) else str(exc)
        if isinstance(exc, sqlite3.DatabaseError) and not _DAMAGE.search(reason):
            raise _unwritable(out, exc) from exc  # disk full, read-only, cannot create the file
        raise StorageError(_("The copy of {path} did not pass the check: {reason}. No backup was kept; "
                             "run `fielddesk check`.").format(path=paths.db, reason=reason)) from exc
    except (OSError, sqlite3.Error) as exc:
        raise _unwritable(out, exc) from exc
    return BackupFile(out, out.stat().st_size, revision or "")


def automatic_backups(folder: Path) -> list[Path]:
    """The automatic backups in ``folder``, oldest first (the name carries the time)."""
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return []
    return [folder / name for name in sorted(names) if AUTO.match(name)]


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` automatic backups; nothing else is touched."""
    autos = automatic_backups(folder)
    doomed = autos[:-max(1, keep)]
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


def daily_backup(paths: DataPaths, keep: int, *, now: datetime | None = None) -> BackupFile | None:
    """Today's automatic backup, unless there is one already (local date); then prune to ``keep``."""
    now = now or datetime.now()
    try:
        paths.backups.mkdir(parents=True, exist_ok=True)
        made = None
        if not any(AUTO.match(p.name)[1] == now.strftime("%Y%m%d") for p in automatic_backups(paths.backups)):
            made = make_backup(paths, paths.backups / f"auto-{stamp(now)}.sqlite3")
        prune(paths.backups, keep)
    except OSError as exc:
        raise _unwritable(paths.backups, exc) from exc
    return made


def inspect_backup(source: Path) -> BackupFile:
    """The file as a backup this FieldDesk can restore, or a UserError naming it and the reason."""
    source = Path(source).expanduser().absolute()

    def refused(reason: str) -> UserError:
        return UserError(_("{file} cannot be restored: {reason}. Nothing was changed.").format(file=source, reason=reason))

    if not source.is_file():
        raise refused(_("there is no such file"))
    try:
        with open(source, "rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise refused(exc.strerror or str(exc)) from exc
    if head != SQLITE_MAGIC:
        raise refused(_("it is not an SQLite database"))
    try:
        conn = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
        try:
            revision = _check(conn)
        finally:
            conn.close()
    except _Invalid as exc:
        raise refused(exc.reason) from exc
    except sqlite3.Error as exc:
        raise refused(_("it is damaged ({detail})").format(detail=exc)) from exc
    if revision not in known_revisions():
        raise refused(_("it was written by a newer FieldDesk (schema {revision}); install that version to restore it")
                      .format(revision=revision))
    return BackupFile(source, source.stat().st_size, revision)


def _unique(folder: Path, stem: str) -> Path:
    path, n = folder / f"{stem}.sqlite3", 1
    while path.exists():
        n += 1
        path = folder / f"{stem}-{n}.sqlite3"
    return path


def _keep_current(paths: DataPaths, when: str) -> Path | None:
    """Copy the current store (its WAL checkpointed into it first) to ``backups/pre-restore-…``.
    A store SQLite cannot read is kept byte for byte, with its WAL."""
    if not paths.db.exists():
        return None
    paths.backups.mkdir(parents=True, exist_ok=True)
    target = _unique(paths.backups, f"pre-restore-{when}")
    try:
        conn = sqlite3.connect(paths.db, timeout=30)
        try:
            busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            if busy:  # someone else has the store open: its WAL cannot be emptied, so it must stay
                raise UnavailableError(_("{path} is in use by another program. Close other FieldDesk windows or "
                                         "commands and try again.").format(path=paths.db))
            _copy(conn, target, verify=False)
        finally:
            conn.close()
    except sqlite3.Error:
        for suffix in ("-wal", ""):
            source = Path(f"{paths.db}{suffix}")
            if source.exists():
                temp = target.with_name(f".{target.name}{suffix}.tmp")
                shutil.copyfile(source, temp)
                _fsync(temp)
                os.replace(temp, Path(f"{target}{suffix}"))
    return target


def restore_backup(paths: DataPaths, source: Path, *, now: datetime | None = None) -> Restored:
    """Put a backup in place of the store. The caller holds the data folder's lock and has closed
    its own store; a bad file is refused before anything is written."""
    info = inspect_backup(source)
    staged = paths.root / f".{paths.db.name}.{secrets.token_hex(4)}.restore"
    ids: list[str] = []
    try:
        paths.ensure()
        src = sqlite3.connect(f"{info.path.as_uri()}?mode=ro", uri=True)
        try:
            _copy(src, staged, verify=True, prepare=lambda conn: ids.extend(mark_restored(conn)))
        finally:
            src.close()
        kept = _keep_current(paths, stamp(now))
        # The old store's WAL is in the kept copy (checkpointed); a stale one must never meet the new file.
        for suffix in ("-wal", "-shm"):
            Path(f"{paths.db}{suffix}").unlink(missing_ok=True)
        os.replace(staged, paths.db)
        _fsync(paths.root, folder=True)
    except _Invalid as exc:  # the copy of a good file failed its check: the disk, not the file
        raise _unwritable(paths.db, OSError(exc.reason)) from exc
    except (OSError, sqlite3.Error) as exc:
        raise _unwritable(paths.db, exc) from exc
    finally:
        staged.unlink(missing_ok=True)
    return Restored(info.path, kept, ids[1], info.revision)
