"""The main window on the hall data, on its council, fiscal year 2026 and first meeting: the one
place the attendance tests reach into the view to select them (a rename is fixed here)."""

from __future__ import annotations

from app.ui.main_window import MainWindow
from app.ui.tasks import SyncRunner


def select_hall(view, meeting: bool = True) -> None:
    """Fiscal year 2026, the first council and (``meeting``) its first meeting."""
    view.fiscal_year.setCurrentIndex(view.fiscal_year.findData(2026))
    assert view.select_council(view.council_model._councils[0][0].id)
    if meeting:
        view.meetings_table.selectRow(0)


def open_hall(qtbot, ctx, runner=None, *, show: bool = True, meeting: bool = True) -> MainWindow:
    """A main window on ``ctx`` (already loaded with ``hall_data``), on ``runner`` (the
    synchronous one unless a test passes the real one), the hall selected."""
    win = MainWindow(ctx, runner or SyncRunner())
    qtbot.addWidget(win)
    if show:
        win.show()
    win.refresh()
    select_hall(win.attendance_view, meeting)
    return win
