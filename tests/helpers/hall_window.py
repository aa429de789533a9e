"""The main window on the hall data, on its council, fiscal year 2026 and first meeting: the one
place the attendance tests reach into the view to select them (a rename is fixed here)."""

from __future__ import annotations

from app.ui.main_window import MainWindow
from app.ui.tasks import SyncRunner


def select_hall(qtbot, view, runner, meeting: bool = True) -> None:
    """Fiscal year 2026, the first council and (``meeting``) its first meeting, each step waited
    for until ``runner`` is idle (at once on the synchronous runner; on the real one the lists
    arrive from the worker)."""
    def settled(ready=lambda: True):
        qtbot.waitUntil(lambda: runner.idle and ready(), timeout=10_000)

    settled(lambda: view.fiscal_year.findData(2026) >= 0)
    view.fiscal_year.setCurrentIndex(view.fiscal_year.findData(2026))
    settled(lambda: bool(view.council_model._councils))
    assert view.select_council(view.council_model._councils[0][0].id)
    if meeting:
        settled(lambda: view.meetings_table.model().rowCount() > 0)
        view.meetings_table.selectRow(0)
        settled(lambda: view.roster_model.rowCount() > 0)


def open_hall(qtbot, ctx, runner=None, *, show: bool = True, meeting: bool = True) -> MainWindow:
    """A main window on ``ctx`` (already loaded with ``hall_data``), on ``runner`` (the
    synchronous one unless a test passes the real one), the hall selected."""
    runner = runner or SyncRunner()
    win = MainWindow(ctx, runner)
    qtbot.addWidget(win)
    if show:
        win.show()
    win.refresh()
    select_hall(qtbot, win.attendance_view, runner, meeting)
    return win
