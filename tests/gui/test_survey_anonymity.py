"""Every path of the survey tab that can set 匿名, on real widgets: a number typed and then made
anonymous leaves no trace in the store (with its WAL), a real share segment, a real backup or the
logs; a named response is found by the same grep (so the tests can fail). A named response cannot
be turned anonymous from the window's import either: the clerk withdraws it in 回答照会 and keys
the answers again as a new anonymous response."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt, QUrl
from sqlalchemy import select

from app.context import AppContext
from app.services.admin.check import run_check
from app.storage.models.survey import SurveyResponse
from app.ui.tasks import SyncRunner
from tests.helpers.survey import FY, STAFF_NO, make_survey, publish_and_back_up, ten_digit_ward, traces
from tests.helpers.survey_tab import open_survey_tab


@pytest.fixture
def opened(qtbot, tmp_path):
    ten_digit_ward(tmp_path / "data")
    ctx = AppContext.open(tmp_path / "data")
    make_survey(ctx.store)
    tab = open_survey_tab(qtbot, ctx, date(FY, 6, 20))
    yield tab
    tab.close()
    ctx.close()


def _key_in(tab, qtbot, *, anonymous: bool) -> None:
    """The clerk types the staff number, then (for an anonymous form) ticks 匿名 after all."""
    tab.pages.setCurrentWidget(tab.entry)
    form = tab.entry.form
    form.staff_no.setFocus()
    qtbot.keyClicks(form.staff_no, STAFF_NO)
    if anonymous:
        form.anonymous.setFocus()
        qtbot.keyClick(form.anonymous, Qt.Key.Key_Space)
        assert form.staff_no.text() == "" and not form.staff_no.isEnabled()
    form.answers[form.form.questions[0].id].setText("2")
    form.answers[form.form.questions[1].id].setText("4")
    form.parts["idea"].insert("申請を電子化する")
    tab.entry_controller.save()
    assert tab.entry.status.text().startswith("保存しました"), tab.entry.status.text()


@pytest.mark.parametrize("anonymous", [True, False], ids=["anonymous", "named-control"])
def test_a_keyed_response_made_anonymous_leaves_no_trace(opened, qtbot, cli, tmp_path, anonymous):
    _key_in(opened, qtbot, anonymous=anonymous)
    data_dir = opened.ctx.paths.root
    assert (data_dir / "fielddesk.sqlite3-wal").exists()
    open_hits = traces(data_dir)  # the store and its WAL as they are while the window is open
    opened.close()
    opened.ctx.close()
    share, backup = publish_and_back_up(cli, data_dir, tmp_path)
    hits = {"open": open_hits, "data": traces(data_dir), "share": traces(share), "backup": traces(backup)}
    if anonymous:
        assert hits == {"open": [], "data": [], "share": [], "backup": []}
    else:
        assert all(hits.values()), hits


def test_the_window_refuses_the_turn_and_the_clerk_withdraws_instead(qtbot, tmp_path, contexts):
    from app.ui.dialogs.transfer import ProblemsDialog
    from app.ui.main_window import MainWindow

    ten_digit_ward(tmp_path / "data")
    ctx = AppContext.open(tmp_path / "data")
    contexts.append(ctx)
    form = make_survey(ctx.store)
    window = MainWindow(ctx, SyncRunner())
    qtbot.addWidget(window)
    window.show()
    named = tmp_path / "named.csv"
    named.write_text(f"受付番号,アンケートコード,匿名,職員番号,受付日\nACE34FGH67,{form.code},記名,{STAFF_NO},2026-06-10\n",
                     encoding="utf-8")
    window.run_import("survey_responses", named)
    turned = tmp_path / "turned.csv"
    turned.write_text(f"受付番号,アンケートコード,匿名,職員番号,受付日\nACE34FGH67,{form.code},匿名,,2026-06-10\n",
                      encoding="utf-8")
    window.run_import("survey_responses", turned)
    dialog = window.last_dialog
    assert isinstance(dialog, ProblemsDialog)
    cells = [dialog.table.item(0, c).text() for c in range(4)]
    assert cells[:2] == ["2", "3: 匿名"] and "取下げ" in cells[3] and "新しい匿名の回答" in cells[3]
    dialog.close()
    # 回答照会 in the survey tab: the clerk finds the named response by number and withdraws it
    tab = window.survey
    tab.pages.setCurrentWidget(tab.lookup)
    tab.lookup.query.setText(STAFF_NO)
    tab.lookup.search()
    [view] = tab.lookup.last
    assert "この回答を取り下げる" in tab.lookup.results.toPlainText()
    asked = []
    tab.lookup.confirm_withdraw = lambda v: asked.append(v.receipt_code) or True
    tab.lookup.results.anchorClicked.emit(QUrl(f"withdraw:{view.receipt_code}"))  # the link in the results
    assert asked == ["ACE34FGH67"] and tab.lookup.last == []
    assert "新しい受付番号" in tab.lookup.status.text()
    tab.lookup.search()
    assert tab.lookup.last == []
    with ctx.store.read() as session:
        rows = session.execute(select(SurveyResponse.anonymous, SurveyResponse.deleted)).all()
    assert rows == [(False, True)]  # withdrawn, still named: never turned
    assert run_check(ctx.store).ok
    window.close()
