"""Keyed entry of paper forms on real widgets: 50 forms without the mouse, reasons beside the
field, the duplicate warning for named respondents, and every model through the model tester."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from app.context import AppContext
from app.services.admin.check import run_check
from app.storage.models.survey import SurveyProposal, SurveyResponse
from tests.helpers.survey import FY, make_survey
from tests.helpers.survey_tab import open_survey_tab

TODAY = date(FY, 6, 20)


@pytest.fixture
def tab(qtbot, tmp_path):
    ctx = AppContext.open(tmp_path / "data")
    make_survey(ctx.store)
    widget = open_survey_tab(qtbot, ctx, TODAY, size=(1200, 800), focus=True)
    widget.pages.setCurrentWidget(widget.entry)
    yield widget
    widget.close()
    ctx.close()


def focused():
    return QApplication.focusWidget()


def key(qtbot, k=Qt.Key.Key_Tab):
    qtbot.keyClick(focused(), k)


def type_ascii(qtbot, text: str):
    qtbot.keyClicks(focused(), text)


def type_japanese(text: str):
    focused().insert(text)  # qtbot cannot type Japanese: what an IME commits, inserted at the cursor


def key_one_form(qtbot, n: int) -> None:
    """One paper form, from the 匿名 box at the top to Enter in the last field."""
    anonymous = n % 3 == 0
    assert focused().objectName() == "anonymous"
    if anonymous:
        key(qtbot, Qt.Key.Key_Space)
    key(qtbot)
    if not anonymous:
        assert focused().objectName() == "staff_no"
        type_ascii(qtbot, f"{100000 + n}")
        key(qtbot, Qt.Key.Key_Return)
    assert focused().objectName() == "department"
    type_japanese("総務課" if n % 2 else "人事課")
    key(qtbot, Qt.Key.Key_Return)
    type_ascii(qtbot, str(n % 3 + 1))  # Q1 single
    key(qtbot, Qt.Key.Key_Return)
    type_ascii(qtbot, str(n % 5 + 1))  # Q2 rating
    key(qtbot)
    type_ascii(qtbot, "13" if n % 2 else "2")  # Q3 multiple
    key(qtbot, Qt.Key.Key_Return)
    if n % 5 == 0:  # the proposal block
        type_japanese("紙の回覧が多い")
        key(qtbot, Qt.Key.Key_Return)
        type_japanese(f"電子回覧にする（{n}）")
        key(qtbot, Qt.Key.Key_Return)
        key(qtbot, Qt.Key.Key_Return)
        type_japanese("文書管理")
        key(qtbot, Qt.Key.Key_Return)
    else:
        for _i in range(4):
            key(qtbot)
    assert focused().objectName() == "q5"
    key(qtbot, Qt.Key.Key_Return)  # Enter in the last field: save and next


def test_a_clerk_keys_50_forms_without_the_mouse(tab, qtbot):
    for n in range(50):
        key_one_form(qtbot, n)
        assert tab.entry.status.text().startswith("保存しました"), tab.entry.status.text()
    assert tab.entry_controller.entered == 50 and tab.entry.count.text() == "50 件入力"
    store = tab.ctx.store
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(SurveyResponse)) == 50
        assert session.scalar(select(func.count()).select_from(SurveyResponse).where(SurveyResponse.anonymous)) == 17
        ideas = session.scalars(select(SurveyProposal.idea).order_by(SurveyProposal.idea)).all()
        assert len(ideas) == 10 and "電子回覧にする（5）" in ideas
    summary = tab.summary_controller.summary
    assert summary.responses == 50
    assert dict(summary.questions[2].counts) == {"紙": 25, "会議": 25, "照会": 25}
    assert run_check(store).ok


def test_required_fields_are_checked_beside_the_field(tab, qtbot):
    form = tab.entry.form
    key(qtbot)  # to 職員番号, named by default
    key(qtbot)  # leaving it empty
    assert form.error_text("staff_no") == "記名の回答では必須です（または匿名を選んでください）"
    form.answers[form.form.questions[1].id].setFocus()
    type_ascii(qtbot, "9")
    key(qtbot)
    assert form.error_text(f"q:{form.form.questions[1].id}") == "1〜5を入力してください"
    tab.entry_controller.save()
    assert form.error_text(f"q:{form.form.questions[0].id}") == "必須です"
    assert tab.entry.status.text() == "赤で示した項目を確かめてください。"


def test_the_same_named_respondent_twice_is_warned(tab, qtbot):
    asked = []
    tab.entry_controller.confirm_duplicate = lambda exc: asked.append(exc.earlier) or len(asked) > 1

    def fill():
        form = tab.entry.form
        form.staff_no.setText("123456")
        form.answers[form.form.questions[0].id].setText("1")
        form.answers[form.form.questions[1].id].setText("3")
        tab.entry_controller.save()

    fill()
    assert asked == []
    fill()  # declined: nothing saved, the form keeps what was typed
    assert len(asked) == 1 and tab.entry.form.staff_no.text() == "123456"
    tab.entry_controller.save()  # confirmed the second time
    assert len(asked) == 2 and tab.entry_controller.entered == 2


def test_every_model_passes_the_model_tester(tab, qtmodeltester, qtbot):
    tab.entry.form.staff_no.setText("1")
    tab.entry.form.answers[tab.entry.form.form.questions[0].id].setText("1")
    tab.entry.form.answers[tab.entry.form.form.questions[1].id].setText("2")
    tab.entry.form.parts["idea"].setText("案")
    tab.entry_controller.save()
    tab.surveys.table.selectRow(0)
    for model in (tab.surveys.model, tab.surveys.question_model, tab.proposals.model, tab.summary.departments,
                  tab.summary.feedback_days):
        assert model.rowCount() > 0
        qtmodeltester.check(model)
