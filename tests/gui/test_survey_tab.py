"""The survey tab's other pages on real widgets: the proposal workflow with its reasons beside
the fields, overdue rows, the charts of the summary, surveys from the template and last year's,
and the PDFs from the tab."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from app.context import AppContext
from app.services.admin.check import run_check
from app.services.survey.defs import save_survey, template
from tests.helpers.survey import FY, make_survey, respond
from tests.helpers.survey_tab import open_survey_tab

TODAY = date(FY, 8, 1)


@pytest.fixture
def tab(qtbot, tmp_path):
    ctx = AppContext.open(tmp_path / "data")
    form = make_survey(ctx.store)
    respond(ctx.store, form, idea="古い提案", received=date(FY, 6, 1))  # 61 days: overdue
    respond(ctx.store, form, idea="新しい提案", received=date(FY, 7, 20), single="多い", rating=5)
    widget = open_survey_tab(qtbot, ctx, TODAY)
    yield widget
    widget.close()
    ctx.close()


def test_the_workflow_editor_refuses_a_rejection_without_reason(tab):
    page, ctl = tab.proposals, tab.proposals_controller
    assert page.model.rowCount() == 2
    assert page.model.data(page.model.index(0, 0), Qt.ItemDataRole.BackgroundRole) is not None  # overdue in red
    assert page.model.data(page.model.index(1, 0), Qt.ItemDataRole.BackgroundRole) is None
    ctl.select(0)
    assert [page.status.itemData(i) for i in range(page.status.count())] == ["received", "reviewing"]
    page.status.setCurrentIndex(1)
    page.department.setText("総務課")
    page.save_button.click()
    assert ctl.current.status == "reviewing"
    page.status.setCurrentIndex(page.status.findData("rejected"))
    page.save_button.click()
    assert page.error_text("reason") == "不採用にするには理由が必要です"
    page.reason.setPlainText("既に対応済みのため")
    page.feedback.setPlainText("ありがとうございました")
    page.feedback_date.set_date(date(FY, 7, 31))
    page.save_button.click()
    assert page.error_text("reason") == "" and ctl.current.status == "rejected" and not ctl.current.overdue
    assert run_check(tab.ctx.store).ok


def test_filters_overdue_status_and_department(tab):
    page = tab.proposals
    page.overdue_only.setChecked(True)
    assert [page.model.row_at(i).idea for i in range(page.model.rowCount())] == ["古い提案"]
    page.overdue_only.setChecked(False)
    page.status_filter.setCurrentIndex(page.status_filter.findData("reviewing"))
    assert page.model.rowCount() == 0


def test_the_summary_draws_each_question(tab):
    tab.pages.setCurrentWidget(tab.summary)
    summary = tab.summary_controller.summary
    assert summary.responses == 2
    single, rating, multiple = tab.summary.charts
    assert single.rows == [("多い", 1), ("適切", 1), ("少ない", 0)] and single.share(1) == "50%"
    assert rating.rows[4] == ("5", 1) and tab.summary.funnel.rows[0] == ("受付", 2)
    assert single.grab().width() > 0


def test_template_and_copy_of_last_year_from_the_surveys_page(tab):
    page = tab.surveys
    page.template_button.click()
    assert page.title.text() == "業務改善アンケート" and page.question_model.rowCount() == 7
    page.save_button.click()
    assert page.status.text() == "保存しました。"
    page.copy_button.click()
    assert page.status.text() == "複製できる前年度のアンケートがありません。"
    save_survey(tab.ctx.store, template(FY - 1))
    page.copy_button.click()
    assert page.code.text() == f"KAIZEN-{FY}"  # exists already: the save is refused beside the field
    page.save_button.click()
    assert page.error_text("code") == "同じコードのアンケートが既にあります"
    page.code.setText(f"KAIZEN-{FY}-B")
    page.save_button.click()
    assert [r.code for r in page.model.rows()][:2] == [f"KAIZEN-{FY}", f"KAIZEN-{FY}-B"]


def test_pdfs_from_the_tab(tab, tmp_path):
    written = []
    tab.proposals_controller.select(0)
    tab.save_pdf("feedback", tmp_path / "letter.pdf", written.append)
    tab.save_pdf("proposals", tmp_path / "list.pdf", written.append)
    tab.pages.setCurrentWidget(tab.summary)
    tab.save_pdf("survey", tmp_path / "summary.pdf", written.append)
    assert [p.name for p in written] == ["letter.pdf", "list.pdf", "summary.pdf"]
    assert "古い提案" in PdfReader(written[0]).pages[0].extract_text()
