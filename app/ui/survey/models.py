"""Table models of the survey tab: declarative columns over the services' DTOs."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.domain.survey import QuestionKind, format_receipt_code
from app.domain.wareki import fiscal_year_label, format_date
from app.i18n import _
from app.services.survey.defs import QuestionInput, SurveyRow
from app.services.survey.proposals import ProposalRow
from app.services.survey.summary import DepartmentSummary, FeedbackDays
from app.ui.widgets.table_model import DtoTableModel, RowStyle, TableColumn

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
OVERDUE = RowStyle(background="#fde2e1", foreground="#7a0010", bold=True)


def surveys_model(parent=None) -> DtoTableModel[SurveyRow]:
    return DtoTableModel([
        TableColumn(lambda: _("Fiscal year"), lambda r: fiscal_year_label(r.fiscal_year)),
        TableColumn(lambda: _("Code"), lambda r: r.code),
        TableColumn(lambda: _("Title"), lambda r: r.title),
        TableColumn(lambda: _("Questions"), lambda r: r.questions, RIGHT),
        TableColumn(lambda: _("Responses"), lambda r: r.responses, RIGHT),
        TableColumn(lambda: _("Proposals"), lambda r: r.proposals, RIGHT),
    ], parent)


def questions_model(parent=None) -> DtoTableModel[QuestionInput]:
    return DtoTableModel([
        TableColumn(lambda: _("No."), lambda q: q.position, RIGHT),
        TableColumn(lambda: _("Kind"), lambda q: QuestionKind(q.kind).label()),
        TableColumn(lambda: _("Question"), lambda q: q.text),
        TableColumn(lambda: _("Choices"), lambda q: "｜".join(q.choices)),
        TableColumn(lambda: _("Required"), lambda q: "✓" if q.required else ""),
    ], parent)


def proposals_model(parent=None) -> DtoTableModel[ProposalRow]:
    return DtoTableModel([
        TableColumn(lambda: _("Receipt no."), lambda r: format_receipt_code(r.receipt_code)),
        TableColumn(lambda: _("Received on"), lambda r: format_date(r.received)),
        TableColumn(lambda: _("Progress"), lambda r: r.status_label),
        TableColumn(lambda: _("Days"), lambda r: r.days_open, RIGHT),
        TableColumn(lambda: _("Assigned department"), lambda r: r.department),
        TableColumn(lambda: _("Target work"), lambda r: r.target_work),
        TableColumn(lambda: _("Improvement idea"), lambda r: r.idea),
        TableColumn(lambda: _("Feedback date"), lambda r: format_date(r.feedback_date) if r.feedback_date else ""),
        TableColumn(lambda: _("Delivered"), lambda r: "✓" if r.delivered else ""),
        TableColumn(lambda: _("Submitter"), lambda r: _("anonymous") if r.anonymous else (r.submitter or r.staff_no)),
    ], parent, row_style=lambda r: OVERDUE if r.overdue else None)


def departments_model(parent=None) -> DtoTableModel[DepartmentSummary]:
    return DtoTableModel([
        TableColumn(lambda: _("Department"), lambda d: d.department or _("(not given)")),
        TableColumn(lambda: _("Responses"), lambda d: d.responses, RIGHT),
        TableColumn(lambda: _("Proposals"), lambda d: d.proposals, RIGHT),
        TableColumn(lambda: _("Adopted"), lambda d: d.adopted, RIGHT),
    ], parent)


def feedback_days_model(parent=None) -> DtoTableModel[FeedbackDays]:
    return DtoTableModel([
        TableColumn(lambda: _("Fiscal year"), lambda f: fiscal_year_label(f.fiscal_year)),
        TableColumn(lambda: _("Proposals"), lambda f: f.proposals, RIGHT),
        TableColumn(lambda: _("With feedback"), lambda f: f.with_feedback, RIGHT),
        TableColumn(lambda: _("Median days to feedback"),
                    lambda f: "—" if f.median_days is None else f"{f.median_days:g}", RIGHT),
    ], parent)
