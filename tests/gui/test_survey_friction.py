"""The survey's small frictions, on real widgets: the letter's file name carries the receipt code
and never names another file; 所属 comes from the staff number (and the letter reads
「総務課　渡邊 葵 様」, never 「渡邊 葵 様（−）」); a date outside the survey's period is asked
about; saved feedback without a date says so; choice texts are shown whole."""

from __future__ import annotations

import re
from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from app.context import AppContext
from app.services.attendance.records import StaffInput, save_staff
from app.services.survey.defs import load_survey, save_survey, template
from app.services.survey.proposals import ProposalUpdate, save_update
from app.storage.models.survey import SurveyResponse
from app.ui.survey.entry_form import EntryForm
from tests.helpers.survey import FY, make_survey, respond
from tests.helpers.survey_tab import open_survey_tab

TODAY = date(FY, 6, 20)


@pytest.fixture
def tab(qtbot, tmp_path):
    ctx = AppContext.open(tmp_path / "data")
    make_survey(ctx.store)
    save_staff(ctx.store, StaffInput("100001", "渡邊 葵", "わたなべ あおい", department="総務課"))
    save_staff(ctx.store, StaffInput("100002", "髙橋 一", "たかはし はじめ"))  # no 所属 in the staff table
    widget = open_survey_tab(qtbot, ctx, TODAY, size=(1200, 800), focus=True)
    yield widget
    widget.close()
    ctx.close()


def _text(path) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(path).pages))


def _responses(tab) -> int:
    with tab.ctx.store.read() as session:
        return session.scalar(select(func.count()).select_from(SurveyResponse))


def _fill(tab, qtbot, staff_no: str) -> EntryForm:
    tab.pages.setCurrentWidget(tab.entry)
    form = tab.entry.form
    form.staff_no.setFocus()
    qtbot.keyClicks(form.staff_no, staff_no)
    qtbot.keyClick(form.staff_no, Qt.Key.Key_Return)  # leaving the field
    form.answers[form.form.questions[0].id].setText("2")
    form.answers[form.form.questions[1].id].setText("4")
    form.parts["idea"].setText("押印をなくす")
    return form


def test_the_department_comes_from_the_staff_number_and_the_letter_reads_it(tab, qtbot, tmp_path):
    form = _fill(tab, qtbot, "100001")
    assert QApplication.focusWidget() is form.department and form.department.text() == "総務課"
    form.anonymous.setChecked(True)  # made anonymous: the number goes, and the 所属 that came from it
    assert form.department.text() == ""
    form.anonymous.setChecked(False)
    form.department.setText("人事課")  # typed by the clerk: kept
    form.staff_no.setText("100001")
    tab.entry_controller.fill_department()
    assert form.department.text() == "人事課"
    form.department.setText("")
    tab.entry_controller.fill_department()
    assert form.department.text() == "総務課"
    tab.entry_controller.save()
    assert tab.entry.status.text().startswith("保存しました"), tab.entry.status.text()
    _fill(tab, qtbot, "100002")  # known, with no 所属 anywhere
    tab.entry_controller.save()
    tab.pages.setCurrentWidget(tab.proposals)
    tab.proposals_controller.reload()
    letters = {}
    for row, p in enumerate(tab.proposals.model.rows()):
        tab.proposals_controller.select(row)
        tab.save_pdf("feedback", tmp_path / f"{p.staff_no}.pdf", lambda path, no=p.staff_no: letters.update({no: path}))
    assert "総務課渡邊葵様" in _text(letters["100001"])
    second = _text(letters["100002"])
    assert "髙橋一様" in second and "様（" not in second and "−" not in second and "—）" not in second


def test_the_letter_is_named_by_its_receipt_code_and_never_over_another_file(tab, tmp_path):
    respond(tab.ctx.store, tab.entry.form.form, anonymous=True, idea="案")
    tab.proposals_controller.reload()
    tab.proposals_controller.select(0)
    code = tab.proposals_controller.current.receipt_code
    tab.ctx.settings.file_folders["report"] = str(tmp_path)  # the folder the last report went to
    first = tab.default_pdf_path("feedback")
    assert first == tmp_path / f"回答書_{code[:5]}-{code[5:]}.pdf"
    first.write_bytes(b"another letter")
    second = tab.default_pdf_path("feedback")
    assert second.name == f"回答書_{code[:5]}-{code[5:]} (2).pdf"
    written = []
    tab.save_pdf("feedback", second, written.append)
    assert written == [second] and first.read_bytes() == b"another letter"
    assert tab.default_pdf_path("feedback").name.endswith(" (3).pdf")
    assert tab.default_pdf_path("proposals") == tmp_path / "提案一覧.pdf"


def test_a_date_outside_the_period_is_asked_about_first(tab, qtbot):
    asked = []
    tab.entry_controller.confirm_outside_period = lambda form, day: asked.append(day) or len(asked) > 1
    form = _fill(tab, qtbot, "100001")
    form.received.line_edit.setText("2026-07-15")  # the survey closes on 30 June
    tab.entry_controller.save()
    assert asked == [date(2026, 7, 15)] and _responses(tab) == 0
    assert tab.entry.status.text() == "保存していません：受付日がアンケートの期間外です。"
    assert form.parts["idea"].text() == "押印をなくす"  # nothing typed is lost
    tab.entry_controller.save()  # "yes" the second time
    assert len(asked) == 2 and _responses(tab) == 1
    form = _fill(tab, qtbot, "100002")
    form.received.line_edit.setText("2026-06-15")
    tab.entry_controller.save()
    assert len(asked) == 2 and _responses(tab) == 2  # inside the period: no question


def test_the_kiosk_asks_before_it_starts_outside_the_period(tab):
    asked = []
    tab.today = lambda: date(FY, 9, 1)
    tab.confirm_kiosk_outside_period = lambda form, day: asked.append(day) or False
    tab.surveys.table.selectRow(0)
    assert tab.set_kiosk_pin("2468")
    tab.start_kiosk(lock=False)
    assert asked == [date(FY, 9, 1)] and tab.kiosk is None
    assert "期間外" in tab.surveys.status.text()


def test_saved_feedback_without_a_date_says_so_in_the_editor(tab):
    saved = respond(tab.ctx.store, tab.entry.form.form, anonymous=True, idea="案")
    ctl, page = tab.proposals_controller, tab.proposals
    ctl.reload()
    ctl.select(0)
    assert not page.undated.isVisibleTo(page)
    save_update(tab.ctx.store, ProposalUpdate(saved.proposal_id, "reviewing", feedback="検討します"))
    ctl.reload()
    ctl.select(0)
    assert page.undated.isVisibleTo(page) and "回答日" in page.undated.text()
    page.feedback_date.set_date(date(FY, 7, 1))
    ctl.save()
    ctl.select(0)
    assert not page.undated.isVisibleTo(page)


def test_choice_texts_are_shown_whole(qtbot, tmp_path):
    ctx = AppContext.open(tmp_path / "data")
    try:
        form = load_survey(ctx.store, save_survey(ctx.store, template(FY)))
        entry = EntryForm(form, today=TODAY)
        qtbot.addWidget(entry)
        entry.resize(700, 900)  # narrower than the longest line of choices
        entry.show()
        qtbot.waitExposed(entry)
        entry.grab().save(str(tmp_path / "entry.png"))  # looked at: docs/dev/survey_privacy.md
        for q in form.questions:
            if q.kind not in ("single", "multiple"):
                continue
            label = entry.choice_notes[f"q:{q.id}"]
            shown = label.text().replace("\u2060", "").replace("\u00a0", " ")  # what keeps a choice on one line
            assert all(f"{n}. {c}" in shown for n, c in enumerate(q.choices, 1))
            assert label.isVisible() and label.height() >= label.heightForWidth(label.width())  # wrapped, not cut
            assert label.geometry().right() <= entry.width()
            assert not any(c in entry.answers[q.id].placeholderText() for c in q.choices)
    finally:
        ctx.close()
