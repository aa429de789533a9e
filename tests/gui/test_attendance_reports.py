"""The tab's PDF buttons write real reports (read back with pypdf) for what is selected."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from app.context import AppContext
from app.services.demo.load import load_data
from tests.helpers.attendance import hall_data
from tests.helpers.hall_window import open_hall


@pytest.fixture
def window(qtbot, tmp_path):
    ctx = AppContext.open(tmp_path / "data")
    load_data(ctx.store, hall_data())
    win = open_hall(qtbot, ctx)
    win.reports.open_after = False  # no PDF viewer in a test
    yield win
    win.close()
    ctx.close()


def text_of(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_signin_sheet_of_the_selected_meeting(window, tmp_path):
    written = []
    window.reports.save("signin", tmp_path / "signin.pdf", written.append)
    assert written == [tmp_path / "signin.pdf"]
    text = text_of(tmp_path / "signin.pdf")
    assert "芝小学校区地域防災協議会" in text and "第1回 定例会" in text and "令和8年6月12日" in text
    assert "髙橋　1郎" in text or "髙橋 1郎" in text
    assert "22郎" not in text  # the retired resident is not on the sheet
    assert "保存しました" in window.attendance_view.confirmation.text()


def test_meeting_record_shows_the_marks_made_in_the_tab(window, tmp_path):
    window.attendance.mark_row(0, "present")
    window.attendance.mark_row(1, "excused")
    window.reports.save("meeting", tmp_path / "record.pdf")
    text = text_of(tmp_path / "record.pdf")
    assert "出席" in text and "公欠" in text and "第1回 定例会" in text


def test_participation_report_of_the_chosen_year(window, tmp_path):
    view = window.attendance_view
    view.pages.setCurrentWidget(view.participation)
    window.reports.save("participation", tmp_path / "participation.pdf")
    text = text_of(tmp_path / "participation.pdf")
    assert "令和8年度（2026）" in text and "芝小学校区地域防災協議会" in text
