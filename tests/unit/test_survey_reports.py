"""The survey's PDFs, read back: what they say about the survey, the proposals and one answer."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from pypdf import PdfReader

from app.errors import UserError
from app.services.survey import reports as survey_reports
from app.services.survey.proposals import ProposalUpdate, save_update
from app.settings import Settings
from tests.helpers.survey import FY, make_survey, respond

NOW = datetime(2026, 11, 23, 9, 30)


def text_of(path) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(path).pages))


@pytest.fixture
def filled(store):
    form = make_survey(store)
    anon = respond(store, form, anonymous=True, staff_no="515151", idea="決裁を電子化する", received=date(FY, 6, 1))
    named = respond(store, form, anonymous=False, staff_no="400004", idea="様式を統一する", rating=5)
    save_update(store, ProposalUpdate(anon.proposal_id, "reviewing", "情報政策課", "課長"))
    save_update(store, ProposalUpdate(anon.proposal_id, "rejected", "情報政策課", "課長", "システム更新で対応するため",
                                      "今回は見送ります", date(FY, 7, 1), True))
    return form, anon, named


def test_the_three_pdfs_print_and_say_what_they_are(store, filled, tmp_path):
    form, anon, named = filled
    settings = Settings(device_name="MINATO-PC-017")
    summary = text_of(survey_reports.survey_summary_report(store, settings, "S-2026", tmp_path / "s.pdf", now=NOW))
    for expected in ("アンケート集計", "業務改善アンケート（S-2026）", "令和8年度", "Q1.業務量は適切ですか", "適切",
                     "回答数2件（うち匿名1件）", "所属別", "総務課", "提案の状況", "不採用", "回答までの日数", "課長"):
        assert expected in summary, expected
    listing = text_of(survey_reports.proposals_report(store, settings, FY, tmp_path / "p.pdf", today=date(FY, 8, 1),
                                                      now=NOW))
    for expected in ("業務改善提案一覧", "決裁を電子化する", "様式を統一する", "システム更新で対応するため", "★受付"):
        assert expected in listing, expected
    assert "400004" not in listing and "515151" not in listing  # submitters are not printed
    letter = text_of(survey_reports.feedback_letter(store, settings, anon.receipt_code, tmp_path / "f.pdf", now=NOW))
    code = anon.receipt_code
    for expected in ("業務改善提案への回答書", f"受付番号{code[:5]}-{code[5:]}の提案者様", "決裁を電子化する", "不採用",
                     "システム更新で対応するため", "今回は見送ります", "課長", "係長", "担当"):
        assert expected in letter, expected
    assert len(PdfReader(tmp_path / "f.pdf").pages) == 1


def test_unknown_survey_or_proposal_is_a_user_error(store, filled, tmp_path):
    with pytest.raises(UserError):
        survey_reports.survey_summary_report(store, Settings(), "NOPE", tmp_path / "x.pdf")
    with pytest.raises(UserError):
        survey_reports.feedback_letter(store, Settings(), "ZZZZZZZZZZ", tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_the_receipt_slip_carries_the_code_and_no_name(store, filled, tmp_path):
    _form, anon, _named = filled
    slip = text_of(survey_reports.receipt_slip(store, Settings(), anon.receipt_code, "業務改善アンケート",
                                               date(FY, 6, 1), tmp_path / "slip.pdf", now=NOW))
    assert f"{anon.receipt_code[:5]}-{anon.receipt_code[5:]}" in slip and "515151" not in slip


def test_the_letter_addresses_a_named_submitter_by_department_and_name(store, tmp_path):
    from app.services.attendance.records import StaffInput, save_staff

    form = make_survey(store)
    save_staff(store, StaffInput("100001", "渡邊 葵", "わたなべ あおい", department="総務課"))
    save_staff(store, StaffInput("100002", "髙橋 一", "たかはし はじめ"))
    known = respond(store, form, anonymous=False, staff_no="100001", department="", idea="押印をなくす")
    bare = respond(store, form, anonymous=False, staff_no="100002", department="", idea="様式を減らす")
    first = text_of(survey_reports.feedback_letter(store, Settings(), known.receipt_code, tmp_path / "a.pdf", now=NOW))
    second = text_of(survey_reports.feedback_letter(store, Settings(), bare.receipt_code, tmp_path / "b.pdf", now=NOW))
    assert "総務課渡邊葵様" in first  # the 所属 from the staff table, as a Japanese letter writes it
    assert "髙橋一様" in second and "様（" not in second  # never 「髙橋 一 様（−）」
