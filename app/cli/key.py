"""``fielddesk key …``: the ward key from the command line (docs/admin/ward_key.md).

Passphrases are asked at the terminal (twice for a new file), or read from the first line of
``--passphrase-file`` for scripts; never an argument (it would show in the process list)."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from app.errors import UserError
from app.i18n import _


def add_parsers(sub) -> None:
    key = sub.add_parser("key", help=_("the ward key that seals the shared folder"))
    verbs = key.add_subparsers(dest="key_command", required=True)
    init = verbs.add_parser("init", help=_("create the ward key (once, on the administrator's laptop)"))
    rotate = verbs.add_parser("rotate", help=_("a new ward key after a lost laptop; others get it as a key file"))
    export = verbs.add_parser("export", help=_("write this laptop's key to a key file for another laptop"))
    for verb in (init, rotate):
        verb.add_argument("--file", type=Path, help=_("also write a key file for the other laptops"))
    export.add_argument("file", type=Path, nargs="?")
    join = verbs.add_parser("join", help=_("give this laptop the ward key: a key file, or --code"))
    join.add_argument("file", type=Path, nargs="?")
    join.add_argument("--code", nargs="?", const="", help=_(
        "the join code instead of a key file; without a value it is asked for, unseen (a value shows in "
        "the process list and the shell's history)"))
    for verb in (init, rotate, export, join):
        verb.add_argument("--passphrase-file", type=Path, help=_("read the passphrase from this file's first line"))
    for verb in (init, rotate, export):
        verb.add_argument("--show-code", action="store_true", help=_("also print the join code (it is the key)"))
    for name, text in (("status", _("this laptop's key and how far the shared folder has moved to it")),
                       ("finish-move", _("remove the older files once every laptop has moved"))):
        verb = verbs.add_parser(name, help=text)
        verb.add_argument("--share", help=_("the shared folder (default: the one in Settings)"))
        if name == "finish-move":
            verb.add_argument("--retired", action="append", default=[], metavar="DEVICE",
                              help=_("a laptop gone for good (its id, or its first 8 characters)"))


def _passphrase(args, *, new: bool) -> str:
    if args.passphrase_file:
        try:
            return args.passphrase_file.read_text(encoding="utf-8").splitlines()[0]
        except (OSError, IndexError, UnicodeDecodeError):
            raise UserError(_("{file}: no passphrase in its first line.").format(file=args.passphrase_file)) from None
    from app.services.admin.ward import check_passphrase

    first = getpass.getpass(_("Passphrase of the key file: "))
    if new:
        check_passphrase(first, getpass.getpass(_("The same passphrase again: ")))
    return first


def _hand_out(args, key) -> None:
    from app.services.admin import ward
    from app.sync.seal import join_code

    if getattr(args, "file", None):
        ward.write_key_file(args.file, key, _passphrase(args, new=True))
        print(_("{file}: key file written. Give it to each laptop (USB stick, not the shared folder) with its "
                "passphrase told separately; there: fielddesk key join {file}").format(file=args.file))
    if args.show_code:
        print(_("Join code (it is the key: read it out only in person): {code}").format(code=join_code(key)))


def run(args: argparse.Namespace, ctx) -> int:
    from app.services.admin import ward
    from app.services.admin.sync import share_of

    verb = args.key_command
    if verb in ("init", "rotate"):
        key = ward.create() if verb == "init" else ward.rotate()
        print(_("Ward key {key} (epoch {epoch}) created and kept in this computer's credential store. The next "
                "sync seals everything this laptop puts in the shared folder.").format(key=key.key_id, epoch=key.epoch))
        _hand_out(args, key)
    elif verb == "export":
        key = ward.current()
        if key is None:
            raise UserError(_("This laptop holds no ward key to export."))
        if not args.file and not args.show_code:
            raise UserError(_("Give a key file to write, or --show-code."))
        _hand_out(args, key)
    elif verb == "join":
        if bool(args.file) == (args.code is not None):
            raise UserError(_("Give a key file or --code (one of them)."))
        if args.code == "":
            args.code = getpass.getpass(_("The join code (58 letters and digits):"))
        key = ward.from_code(args.code) if args.code is not None else ward.read_key_file(
            args.file, _passphrase(args, new=False))
        ward.join(key)
        print(_("This laptop now holds ward key {key} (epoch {epoch}); the next sync uses it.").format(
            key=key.key_id, epoch=key.epoch))
    elif verb == "status":
        return _status(ward.status(share_of(ctx.settings, args.share) if (args.share or ctx.settings.share_folder)
                                   else None))
    else:
        gone = ward.finish_move(share_of(ctx.settings, args.share), set(args.retired))
        print(_("Removed from the shared folder: {trees}.").format(trees=", ".join(gone) or _("nothing")))
    return 0


def _status(st) -> int:
    if st.key is None:
        print(_("This laptop holds no ward key: it cannot use a sealed shared folder."))
        return 0
    print(_("Ward key {key}, epoch {epoch}.").format(key=st.key.key_id, epoch=st.key.epoch))
    labels = {"moved": _("moved"), "carried": _("not yet (its changes are held in the sealed folder)"),
              "waiting": _("not yet (some of its changes are only in the older files)")}
    for laptop in st.laptops:
        print(f"  {laptop.device}  {laptop.tree}  {laptop.top}  {labels[laptop.state]}")
    if st.waiting:
        print(_("{n} laptops have not moved yet: give them the ward key.").format(n=len(st.waiting)), file=sys.stderr)
    elif st.old_trees:
        print(_("Every laptop has moved: fielddesk key finish-move removes {trees}.").format(trees=", ".join(st.old_trees)))
    return 0
