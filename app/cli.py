"""The command line (FORMATS.md): ``fielddesk`` / ``python -m app``.

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
    def error(self, message: str):  # bad usage is exit code 2, as FORMATS.md says (argparse agrees)
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
    from app import cli_backup, cli_sync

    cli_sync.add_parsers(sub)
    cli_backup.add_parsers(sub)
    rep = sub.add_parser("report", help=_("make a PDF report"))
    reports = rep.add_subparsers(dest="report", required=True, parser_class=_Parser)
    for name, text in (("signin", _("the sign-in sheet to print before a meeting")),
                       ("meeting", _("the record of a meeting"))):
        r = reports.add_parser(name, help=text)
        r.add_argument("--council", required=True, help=_("council code"))
        r.add_argument("--date", required=True, type=_date_arg, help=_("date of the meeting (2026-11-23, 令和8年11月23日 …)"))
        r.add_argument("--title", required=True, help=_("title of the meeting"))
        r.add_argument("--out", required=True, type=Path, help=_("the PDF file to write"))
    r = reports.add_parser("participation", help=_("the fiscal year summary of council participation"))
    r.add_argument("--fiscal-year", required=True, type=_fiscal_year_arg, help=_("fiscal year (2026, 令和8年度 …)"))
    r.add_argument("--council", help=_("only this council (code)"))
    r.add_argument("--out", required=True, type=Path, help=_("the PDF file to write"))
    _add_townwalk_reports(reports)
    from app import cli_survey

    cli_survey.add_report_parsers(reports, _fiscal_year_arg)
    return p


def _add_townwalk_reports(reports) -> None:
    r = reports.add_parser("route", help=_("the route sheet to walk with on paper"))
    r.add_argument("--route", required=True, help=_("route code"))
    r.add_argument("--out", required=True, type=Path, help=_("the PDF file to write"))
    r = reports.add_parser("walk", help=_("the record of a town walk: by route and date, or by walk id"))
    which = r.add_mutually_exclusive_group(required=True)
    which.add_argument("--route", help=_("route code (with --date)"))
    which.add_argument("--walk", help=_("walk id (or its first 8 characters)"))
    r.add_argument("--date", type=_date_arg, help=_("date of the walk (2026-11-23, 令和8年11月23日 …)"))
    r.add_argument("--out", required=True, type=Path, help=_("the PDF file to write"))
    r = reports.add_parser("coverage", help=_("town-walk coverage of a fiscal year, with the not-yet list"))
    r.add_argument("--fiscal-year", required=True, type=_fiscal_year_arg, help=_("fiscal year (2026, 令和8年度 …)"))
    r.add_argument("--out", required=True, type=Path, help=_("the PDF file to write"))


def _date_arg(text: str):
    from app.domain.parsing import parse_date

    try:
        return parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _fiscal_year_arg(text: str) -> int:
    from app.domain.wareki import parse_fiscal_year

    try:
        return parse_fiscal_year(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _walk_ref(args: argparse.Namespace, ctx) -> str:
    """``report walk``: the walk named by --walk, or found by --route and --date."""
    from app.errors import UserError
    from app.services import townwalk_reports as tw

    if args.walk is not None:
        if args.date is not None:
            raise UserError(_("--date goes with --route, not with --walk."))
        return args.walk
    if args.date is None:
        raise UserError(_("--route needs --date: which day's walk of the route?"))
    return tw.find_walk_on(ctx.store, args.route, args.date)


def _run(args: argparse.Namespace) -> int:
    if args.command == "restore":  # the lock only, never the store (cli_backup says why)
        from app import cli_backup

        return cli_backup.run_restore(args)
    if args.command == "import":  # the table kinds of the attendance tab need no ORM (cli_import says why)
        from app.cli_import import run_import

        return run_import(args)
    from app.context import AppContext
    from app.i18n import current_language

    ctx = AppContext.open(resolve_data_dir(args.data_dir), language=args.lang, lock_timeout=2.0)
    try:
        if args.command == "demo":
            from app.services.demo import load_demo

            counts = load_demo(ctx.store)
            print(_("Sample data loaded: {staff} staff, {councils} councils, {meetings} meetings, {attendance} marks.").format(**counts))
        elif args.command == "export":
            from app.services.transfer import export_file

            n = export_file(ctx.store, args.kind, args.out, lang=args.headers or current_language())
            print(_("{file}: {rows} rows written.").format(file=args.out, rows=n))
        elif args.command == "backup":
            from app import cli_backup

            return cli_backup.run_backup(args, ctx)
        elif args.command in ("sync", "conflicts"):
            from app import cli_sync

            return cli_sync.run(args, ctx)
        elif args.command == "check":
            from app.services.check import run_check

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
            from app import cli_survey
            from app.services import reports

            if args.report in cli_survey.REPORTS:
                out = cli_survey.run_report(args, ctx)
            elif args.report in ("route", "walk", "coverage"):
                from app.services import townwalk_reports as tw

                out = {"route": lambda: tw.route_sheet(ctx.store, ctx.settings, args.route, args.out),
                       "walk": lambda: tw.walk_record(ctx.store, ctx.settings, _walk_ref(args, ctx), args.out),
                       "coverage": lambda: tw.coverage_report(ctx.store, ctx.settings, args.fiscal_year, args.out)}[
                    args.report]()
            elif args.report == "participation":
                out = reports.participation_report(ctx.store, ctx.settings, args.fiscal_year, args.council, args.out)
            else:
                make = reports.signin_sheet if args.report == "signin" else reports.meeting_record
                out = make(ctx.store, ctx.settings, args.council, args.date, args.title, args.out)
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
