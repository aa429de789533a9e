"""The survey's PDF reports under ``fielddesk report``: ``survey``, ``proposals`` and ``feedback``.
Kept beside cli.py so the survey adds three lines there, not a screenful."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.i18n import _

REPORTS = ("survey", "proposals", "feedback")


def add_report_parsers(reports, fiscal_year_arg) -> None:
    r = reports.add_parser("survey", help=_("the summary of a survey, with charts"))
    r.add_argument("--survey", required=True, help=_("survey code"))
    r.add_argument("--out", required=True, type=Path, help=_("the PDF file to write"))
    r = reports.add_parser("proposals", help=_("the improvement proposals of a fiscal year, with status and feedback"))
    r.add_argument("--fiscal-year", required=True, type=fiscal_year_arg, help=_("fiscal year (2026, 令和8年度 …)"))
    r.add_argument("--out", required=True, type=Path, help=_("the PDF file to write"))
    r = reports.add_parser("feedback", help=_("the answer to one proposal (回答書), to hand back"))
    r.add_argument("--proposal", required=True, help=_("the proposal's id or receipt code"))
    r.add_argument("--out", required=True, type=Path, help=_("the PDF file to write"))


def run_report(args: argparse.Namespace, ctx) -> Path:
    from app.services import survey_reports

    if args.report == "survey":
        return survey_reports.survey_summary_report(ctx.store, ctx.settings, args.survey, args.out)
    if args.report == "proposals":
        return survey_reports.proposals_report(ctx.store, ctx.settings, args.fiscal_year, args.out)
    return survey_reports.feedback_letter(ctx.store, ctx.settings, args.proposal, args.out)
