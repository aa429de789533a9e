"""The command line (docs/cli.md): ``fielddesk`` / ``python -m app``.

Exit codes: 0 done · 2 bad input or usage (nothing written) · 3 a resource is unavailable
(nothing lost; try later) · 1 anything else. Messages go to stderr in the chosen language.
The GUI is imported only for ``gui``, so every other command runs without Qt.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from app import __version__
from app.errors import FieldDeskError, ImportRejected
from app.i18n import LANGUAGES, _, set_language
from app.paths import resolve_data_dir

log = logging.getLogger(__name__)
KIND_NAMES = ("staff", "councils", "meetings", "attendance", "routes", "walks", "walk_results",
              "surveys", "survey_questions", "survey_responses", "proposals")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # bad usage is exit code 2, as docs/cli.md says (argparse agrees)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="fielddesk", description=_("FieldDesk: council attendance, town walks and surveys, offline."))
    p.add_argument("--version", action="version", version=f"FieldDesk {__version__}")
    p.add_argument("--data-dir", help=_("data folder (default: FIELDDESK_DATA_DIR, else the per-user data folder)"))
    p.add_argument("--lang", choices=LANGUAGES, help=_("language of messages and the window"))
    p.set_defaults(self_test=False)  # `fielddesk` alone opens the window like `gui`
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
    gui = sub.add_parser("gui", help=_("open the window (the default)"))
    gui.add_argument("--self-test", action="store_true", help=_("open the window, render every tab once, print the time to first paint, exit"))
    sub.add_parser("demo", help=_("fill the store with sample data"))
    imp = sub.add_parser("import", help=_("import a table (.csv or .xlsx)"))
    imp.add_argument("kind", choices=KIND_NAMES)
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help=_("validate and report without writing"))
    exp = sub.add_parser("export", help=_("export a table (.csv or .xlsx)"))
    exp.add_argument("kind", choices=KIND_NAMES)
    exp.add_argument("--out", required=True, type=Path)
    exp.add_argument("--headers", choices=LANGUAGES, help=_("header language (default: the UI language)"))
    sub.add_parser("check", help=_("check the integrity of the local store"))
    from app.cli import backup as cli_backup
    from app.cli import key as cli_key
    from app.cli import report as cli_report
    from app.cli import sync as cli_sync

    cli_sync.add_parsers(sub)
    cli_key.add_parsers(sub)
    cli_backup.add_parsers(sub)
    cli_report.add_parsers(sub)
    return p


def _run(args: argparse.Namespace) -> int:
    if args.command == "restore":  # the lock only, never the store (cli_backup says why)
        from app.cli import backup as cli_backup

        return cli_backup.run_restore(args)
    if args.command == "import":  # the table kinds of the attendance tab need no ORM (app/cli/imports.py says why)
        from app.cli.imports import run_import

        return run_import(args)
    from app.context import AppContext
    from app.i18n import current_language

    ctx = AppContext.open(resolve_data_dir(args.data_dir), language=args.lang, lock_timeout=2.0)
    try:
        if args.command == "demo":
            from app.services.demo.load import load_demo

            counts = load_demo(ctx.store)
            print(_("Sample data loaded: {staff} staff, {councils} councils, {meetings} meetings, {attendance} marks.").format(**counts))
        elif args.command == "export":
            from app.services.transfer.files import export_file

            n = export_file(ctx.store, args.kind, args.out, lang=args.headers or current_language())
            print(_("{file}: {rows} rows written.").format(file=args.out, rows=n))
        elif args.command == "backup":
            from app.cli import backup as cli_backup

            return cli_backup.run_backup(args, ctx)
        elif args.command in ("sync", "conflicts"):
            from app.cli import sync as cli_sync

            return cli_sync.run(args, ctx)
        elif args.command == "key":
            from app.cli import key as cli_key

            return cli_key.run(args, ctx)
        elif args.command == "check":
            from app.services.admin.check import run_check

            report = run_check(ctx.store)
            for note in report.notes:
                print(note, file=sys.stderr)
            for problem in report.problems:
                print(problem, file=sys.stderr)
            counts = ", ".join(f"{k} {v}" for k, v in report.counts.items())
            if not report.ok:
                print(_("Check found {n} problems ({counts}).").format(n=len(report.problems), counts=counts), file=sys.stderr)
                return 1
            print(_("The store is intact ({counts}).").format(counts=counts))
        elif args.command == "report":
            from app.cli import report as cli_report

            out = cli_report.run(args, ctx)
            print(_("{file}: report written.").format(file=out))
        return 0
    finally:
        ctx.close()


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # --lang must be known before argparse writes any help or error text.
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv) and argv[i + 1] in LANGUAGES:
            set_language(argv[i + 1])
        elif arg.startswith("--lang=") and arg.split("=", 1)[1] in LANGUAGES:
            set_language(arg.split("=", 1)[1])
    args = build_parser().parse_args(argv)
    if args.command in (None, "gui"):
        import app.context  # noqa: F401 - SQLAlchemy before PySide6: Qt's import hook then skips it (~0.1 s)
        from app.ui.application import run_gui

        return run_gui(args)
    try:
        return _run(args)
    except ImportRejected as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(_("{file}: {n} problems; nothing was written.").format(file=exc.file, n=len(exc.problems)), file=sys.stderr)
        return exc.exit_code
    except FieldDeskError as exc:
        print(f"fielddesk: {exc}", file=sys.stderr)
        return exc.exit_code
    except Exception:
        log.exception("fielddesk %s failed", args.command)  # a bug: in fielddesk.log as well as on stderr
        raise
