"""``fielddesk backup`` and ``fielddesk restore``: the command-line side of backups.

``backup`` opens the data folder like every command (lock, store). ``restore`` takes only the
lock, never the store: the store may be the very thing that is broken, and it must be closed when
its file is swapped. While a FieldDesk window holds the folder, restore refuses and says so.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.i18n import _


def add_parsers(sub) -> None:
    backup = sub.add_parser("backup", help=_("copy the local store to a backup file"))
    backup.add_argument("--out", required=True, type=Path, help=_("the backup file to write"))
    restore = sub.add_parser("restore", help=_("replace the local store with a backup (the current one is kept)"))
    restore.add_argument("file", type=Path, help=_("the backup file"))


def run_backup(args: argparse.Namespace, ctx) -> int:
    from app.services.admin.backup import format_size, make_backup

    made = make_backup(ctx.paths, args.out)
    print(_("Backup written: {file} ({size}).").format(file=made.path, size=format_size(made.size)))
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from app.errors import UnavailableError
    from app.i18n import set_language
    from app.logs import setup_logging
    from app.paths import DataPaths, resolve_data_dir
    from app.services.admin.backup import restore_backup
    from app.settings import Settings
    from app.storage.lock import InstanceLock

    paths = DataPaths(resolve_data_dir(args.data_dir)).ensure()
    set_language(args.lang or Settings.load(paths.settings).language)
    lock = InstanceLock(paths.lock)
    try:
        lock.acquire(timeout=2.0)
    except UnavailableError as exc:
        raise UnavailableError(_("FieldDesk is open on the data folder {folder}. Close its window first, then "
                                 "restore again; nothing was changed.").format(folder=paths.root)) from exc
    try:
        setup_logging(paths.logs)
        done = restore_backup(paths, args.file)
    finally:
        lock.release()
    print(_("Restored {file} (schema {revision}); this laptop now syncs as {device}.").format(
        file=done.source, revision=done.revision, device=done.device_id))
    if done.kept is not None:
        print(_("The data from before the restore was kept as {file}.").format(file=done.kept))
    return 0
