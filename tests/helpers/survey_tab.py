"""The survey tab on its own, opened as the survey tests need it: a fixed day (deadlines and
overdue proposals depend on it) and no PDF viewer afterwards."""

from __future__ import annotations

from datetime import date

from app.ui.survey.tab import SurveyTab
from app.ui.tasks import SyncRunner


def open_survey_tab(qtbot, ctx, today: date, runner=None, *, size: tuple[int, int] | None = None,
                    focus: bool = False) -> SurveyTab:
    """The tab on ``ctx`` as of ``today``, on ``runner`` (the synchronous one unless a test passes
    the real one); ``focus`` for the tests that type into it."""
    tab = SurveyTab(ctx, runner or SyncRunner(), today=lambda: today)
    tab.open_after = False
    qtbot.addWidget(tab)
    if size:
        tab.resize(*size)
    tab.show()
    if focus:
        tab.activateWindow()
    tab.reload()
    return tab
