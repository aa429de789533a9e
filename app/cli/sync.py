"""``fielddesk sync`` and ``fielddesk conflicts``: the command-line side of sync (for the nightly
script and for tests), printing summaries a person and a script can both read."""

from __future__ import annotations

import argparse
import json
import sys
import threading

from app.errors import UnavailableError
from app.i18n import _

TIMEOUT_S = 60.0  # about what Windows itself waits on an SMB server that went away
NOTICE_S = 5.0  # a person at the terminal hears after this long why nothing happens


def add_parsers(sub) -> None:
    sync = sub.add_parser("sync", help=_("one sync round through the shared folder: publish, then import"))
    sync.add_argument("--share", help=_("the shared folder (default: the one in Settings)"))
    sync.add_argument("--timeout", type=float, default=TIMEOUT_S, metavar="SECONDS",
                      help=_("give up (exit 3, nothing lost) when the shared folder has not answered one call "
                             "for this long; a slow folder that answers is waited for (default: {seconds})")
                      .format(seconds=int(TIMEOUT_S)))
    conflicts = sub.add_parser("conflicts", help=_("list the open conflicts (overwritten edits)"))
    conflicts.add_argument("--json", action="store_true", help=_("one JSON object per line"))


def run(args: argparse.Namespace, ctx) -> int:
    from app.services.admin.sync import open_conflicts, sync_now

    if args.command == "sync":
        summary = _watched(lambda: sync_now(ctx.store, ctx.settings, args.share), ctx, args)
        print(_("Sync: sent {sent}, received {received}, conflicts {conflicts}, pending {pending}.").format(
            sent=summary.sent, received=summary.received, conflicts=summary.conflicts, pending=summary.pending))
        if summary.new_device_id:
            print(_("This store was copied or restored: it now publishes as laptop {device}.").format(
                device=summary.new_device_id))
        if summary.republished:
            print(_("Republished {n} files of changes other laptops were missing.").format(n=summary.republished))
        for name in summary.ignored:
            print(_("Ignored (not a FieldDesk file): {name}").format(name=name))
        for name in summary.quarantined:
            print(_("Quarantined (damaged; intact changes kept): {name}").format(name=name))
        for warning in summary.warnings:
            print(_("Warning: {text}").format(text=warning), file=sys.stderr)
        if summary.refused:  # changes known to exist that this laptop could not take: never a silent 0
            print(_("{n} changes in the shared folder could not be read on this laptop (see the warnings above). "
                    "Nothing here was lost; they arrive at a later sync, once the laptop that wrote them (or "
                    "another that holds them) publishes them again.").format(
                n=sum(r.lacking for r in summary.refused)), file=sys.stderr)
            return 3  # not available now, nothing lost, try later (as a share that cannot be reached)
        return 0
    found = open_conflicts(ctx.store)
    for c in found:
        if args.json:
            print(json.dumps(c.__dict__, ensure_ascii=False, default=str))
        else:
            kept = _("deleted") if c.kind == "deleted" else repr(c.kept_value)  # the record was deleted under the edit
            print(f"{c.tbl} {c.row_id} {c.field}: {c.lost_value!r} ({c.lost_user}, {c.lost_origin[:8]}) "
                  f"→ {kept} ({c.kept_user}, {c.kept_origin[:8]}) [{c.kind}]")
    print(_("{n} open conflicts.").format(n=len(found)), file=sys.stderr)
    return 0


def _watched(round_, ctx, args):
    """Run the round on its own thread and give up when the share stops answering.

    A share that hangs (a mapped drive whose server is gone) would otherwise hold the command, and
    with it the data folder's lock (the window cannot open), for as long as the server is away. A
    round that moves on, however slowly, is never cut off; one call that has not returned for
    ``--timeout`` seconds ends the command with exit 3. Nothing is lost: no transaction is open
    across a share call (sync/round.py), the thread is left behind and ends with the process."""
    from app.services.admin.sync import share_of
    from app.sync.watch import CallWatch

    out: dict = {}

    def run() -> None:
        try:
            out["summary"] = round_()
        except BaseException as exc:  # re-raised on the main thread
            out["error"] = exc

    worker = threading.Thread(target=run, name="fielddesk-share", daemon=True)
    worker.start()
    watch, told = CallWatch(worker.ident), False
    while worker.is_alive():
        worker.join(0.25)
        stuck = watch.sample()
        if stuck >= NOTICE_S and not told:
            told = True
            print(_("The shared folder is not answering; waiting up to {seconds} s…").format(
                seconds=int(args.timeout)), file=sys.stderr)
        if stuck >= args.timeout:
            raise UnavailableError(_(
                "The shared folder {folder} has not answered for {seconds} s. Nothing was lost: your changes wait "
                "on this laptop and go out at the next sync. Check the network or the server, then sync again."
            ).format(folder=share_of(ctx.settings, args.share), seconds=int(stuck)))
    if "error" in out:
        raise out["error"]
    return out["summary"]
