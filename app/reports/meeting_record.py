"""The record of one meeting (会議記録): what was held, who came, each person's status and note,
and the counts a manager files."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.units import mm

from app.i18n import _
from app.reports.tables import Col, data_table, facts_table, gap, heading
from app.reports.template import ReportHeader, render

WIDTH = 180 * mm


@dataclass(frozen=True)
class RecordLine:
    staff_no: str
    name: str
    department: str
    status: str  # already a label in the report's language (出席, 欠席 …)
    note: str
    expected: bool  # a resident of the council, not only added for this meeting


def build_meeting_record(header: ReportHeader, facts: Sequence[tuple[str, str]],
                         counts: Sequence[tuple[str, str]], lines: Sequence[RecordLine]) -> bytes:
    count_cols = [Col(label, WIDTH / len(counts), "CENTER") for label, _value in counts]
    cols = [Col(_("No."), 10 * mm, "RIGHT"), Col(_("Staff no."), 20 * mm), Col(_("Name"), 34 * mm),
            Col(_("Department"), 40 * mm), Col(_("Attendance"), 16 * mm, "CENTER"), Col(_("Roster"), 16 * mm, "CENTER"),
            Col(_("Note"), 44 * mm, wrap=True)]
    rows = [[str(i), line.staff_no, line.name, line.department, line.status,
             _("Resident") if line.expected else _("Added"), line.note] for i, line in enumerate(lines, 1)]
    story = [
        facts_table(facts, WIDTH),
        *heading(_("Counts")),
        data_table(count_cols, [[value for _label, value in counts]], size=10),
        *heading(_("Attendance of staff")),
        data_table(cols, rows, empty=_("Nobody is on the roster of this meeting.")),
        gap(),
    ]
    return render(header, story)
