"""The town-walk tab opened on a store, at a fixed time (the field-mode stamps depend on it)."""

from __future__ import annotations

from datetime import datetime

from app.context import AppContext
from app.ui.tasks import SyncRunner
from app.ui.townwalk import TownWalkTab

NOW = datetime(2026, 6, 12, 10, 30)


def open_tab(qtbot, folder, runner=None) -> tuple[AppContext, TownWalkTab]:
    """The tab on its own, on ``runner`` (the synchronous one unless a test passes the real one)."""
    ctx = AppContext.open(folder)
    tab = TownWalkTab(ctx, runner or SyncRunner(), clock=lambda: NOW, open_reports=False)
    qtbot.addWidget(tab)
    tab.resize(1280, 800)
    tab.show()
    tab.reload()
    tab.walks.select_year(2026)
    return ctx, tab
