"""``fielddesk report …``: every PDF report of the three tabs, its arguments and its dispatch.

Dates and fiscal years are read as users write them (2026-11-23, 令和8年11月23日, 令和8年度); a
value that cannot be read is a usage error (exit 2) naming it. The services are imported only
when a report is made, so ``--help`` loads no reportlab.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.i18n import _

SURVEY_REPORTS = ("survey", "proposals", "feedback")
TOWNWALK_REPORTS = ("route", "walk", "coverage")


def date_arg(text: str):
    from app.domain.parsing import parse_date

    try:
        return parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def fiscal_year_arg(text: str) -> int:
    from app.domain.wareki import parse_fiscal_year

    try:
        return parse_fiscal_year(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_parsers(sub) -> None:
    rep = sub.add_parser("report", help=_("make a PDF report"))
    reports = rep.add_subparsers(dest="report", required=True, parser_class=type(rep))
    _add_attendance_reports(reports)
    _add_townwalk_reports(reports)
    _add_survey_reports(reports)



def _out(r) -> None:
    r.add_argument("--out", required=True, type=Path, help=_("the PDF file to write"))


def _fiscal_year(r) -> None:
    r.add_argument("--fiscal-year", required=True, type=fiscal_year_arg, help=_("fiscal year (2026, 令和8年度 …)"))


def _add_attendance_reports(reports) -> None:
    for name, text in (("signin", _("the sign-in sheet to print before a meeting")),
                       ("meeting", _("the record of a meeting"))):
        r = reports.add_parser(name, help=text)
        r.add_argument("--council", required=True, help=_("council code"))
        r.add_argument("--date", required=True, type=date_arg, help=_("date of the meeting (2026-11-23, 令和8年11月23日 …)"))
        r.add_argument("--title", required=True, help=_("title of the meeting"))
        _out(r)
    r = reports.add_parser("participation", help=_("the fiscal year summary of council participation"))
    _fiscal_year(r)
    r.add_argument("--council", help=_("only this council (code)"))
    _out(r)


def _add_townwalk_reports(reports) -> None:
    r = reports.add_parser("route", help=_("the route sheet to walk with on paper"))
    r.add_argument("--route", required=True, help=_("route code"))
    _out(r)
    r = reports.add_parser("walk", help=_("the record of a town walk: by route and date, or by walk id"))
    which = r.add_mutually_exclusive_group(required=True)
    which.add_argument("--route", help=_("route code (with --date)"))
    which.add_argument("--walk", help=_("walk id (or its first 8 characters)"))
    r.add_argument("--date", type=date_arg, help=_("date of the walk (2026-11-23, 令和8年11月23日 …)"))
    _out(r)
    r = reports.add_parser("coverage", help=_("town-walk coverage of a fiscal year, with the not-yet list"))
    _fiscal_year(r)
    _out(r)


def _add_survey_reports(reports) -> None:
    r = reports.add_parser("survey", help=_("the summary of a survey, with charts"))
    r.add_argument("--survey", required=True, help=_("survey code"))
    _out(r)
    r = reports.add_parser("proposals", help=_("the improvement proposals of a fiscal year, with status and feedback"))
    _fiscal_year(r)
    _out(r)
    r = reports.add_parser("feedback", help=_("the answer to one proposal (回答書), to hand back"))
    r.add_argument("--proposal", required=True, help=_("the proposal's id or receipt code"))
    _out(r)


def run(args: argparse.Namespace, ctx) -> Path:
    """Make the report ``args`` name; returns the file written."""
    if args.report in SURVEY_REPORTS:
        return _survey_report(args, ctx)
    if args.report in TOWNWALK_REPORTS:
        return _townwalk_report(args, ctx)
    from app.services.attendance import reports

    if args.report == "participation":
        return reports.participation_report(ctx.store, ctx.settings, args.fiscal_year, args.council, args.out)
    make = reports.signin_sheet if args.report == "signin" else reports.meeting_record
    return make(ctx.store, ctx.settings, args.council, args.date, args.title, args.out)


def _townwalk_report(args: argparse.Namespace, ctx) -> Path:
    from app.services.townwalk import reports

    if args.report == "route":
        return reports.route_sheet(ctx.store, ctx.settings, args.route, args.out)
    if args.report == "walk":
        return reports.walk_record(ctx.store, ctx.settings, _walk_ref(args, ctx), args.out)
    return reports.coverage_report(ctx.store, ctx.settings, args.fiscal_year, args.out)


def _walk_ref(args: argparse.Namespace, ctx) -> str:
    """``report walk``: the walk named by --walk, or found by --route and --date."""
    from app.errors import UserError
    from app.services.townwalk import reports

    if args.walk is not None:
        if args.date is not None:
            raise UserError(_("--date goes with --route, not with --walk."))
        return args.walk
    if args.date is None:
        raise UserError(_("--route needs --date: which day's walk of the route?"))
    return reports.find_walk_on(ctx.store, args.route, args.date)


def _survey_report(args: argparse.Namespace, ctx) -> Path:
    from app.services.survey import reports

    if args.report == "survey":
        return reports.survey_summary_report(ctx.store, ctx.settings, args.survey, args.out)
    if args.report == "proposals":
        return reports.proposals_report(ctx.store, ctx.settings, args.fiscal_year, args.out)
    return reports.feedback_letter(ctx.store, ctx.settings, args.proposal, args.out)
