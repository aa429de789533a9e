"""The sign-in sheet (出席者署名簿): printed before a meeting, signed on paper when no laptop is
at hand, keyed in afterwards. Expected attendees first, then blank rows for walk-ins."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.units import mm

from app.i18n import _
from app.reports.fonts import MAIN
from app.reports.tables import Col, data_table, facts_table, gap, note
from app.reports.template import ReportHeader, render
from app.reports.text import TextCell

ROW = 11 * mm  # room for a signature or a seal


@dataclass(frozen=True)
class SigninPerson:
    staff_no: str
    name: str
    kana: str
    department: str


def _name_cell(person: SigninPerson) -> TextCell:
    """Reading above the name, as on a Japanese form (ふりがな line)."""
    return TextCell([(person.kana, 6.5, MAIN), (person.name, 10.5, MAIN)])


def build_signin(header: ReportHeader, people: Sequence[SigninPerson], *, facts: Sequence[tuple[str, str]] = (),
                 blank_rows: int = 6) -> bytes:
    cols = [Col(_("No."), 10 * mm, "RIGHT"), Col(_("Staff no."), 22 * mm), Col(_("Name"), 40 * mm),
            Col(_("Department"), 42 * mm), Col(_("Signature"), 44 * mm), Col(_("Remarks"), 22 * mm)]
    rows = [[str(i), p.staff_no, _name_cell(p), p.department, "", ""] for i, p in enumerate(people, 1)]
    rows += [[str(len(people) + i), "", "", "", "", ""] for i in range(1, blank_rows + 1)]
    table = data_table(cols, rows, size=9.5, row_height=ROW)
    story = []
    if facts:
        story += [facts_table(facts, sum(c.width for c in cols)), gap()]
    story += [
        table,
        note(_("Expected attendees: {n}. Walk-ins: write your staff number and name in a blank row.")
             .format(n=len(people))),
    ]
    return render(header, story)
