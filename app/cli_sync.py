"""``fielddesk sync`` and ``fielddesk conflicts``: the command-line side of sync (for the nightly
script and for tests), printing summaries a person and a script can both read."""

from __future__ import annotations

import argparse
import json
import sys

from app.i18n import _


def add_parsers(sub) -> None:
    sync = sub.add_parser("sync", help=_("one sync round through the shared folder: publish, then import"))
    sync.add_argument("--share", help=_("the shared folder (default: the one in Settings)"))
    conflicts = sub.add_parser("conflicts", help=_("list the open conflicts (overwritten edits)"))
    conflicts.add_argument("--json", action="store_true", help=_("one JSON object per line"))


def run(args: argparse.Namespace, ctx) -> int:
    from app.services.sync import open_conflicts, sync_now

    if args.command == "sync":
        summary = sync_now(ctx.store, ctx.settings, args.share)
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
            print(_("{n} changes in the shared folder could not be read on this laptop; see the warnings above. "
                    "They arrive once the laptop that wrote them syncs again.").format(
                n=sum(r.lacking for r in summary.refused)), file=sys.stderr)
            return 1
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
