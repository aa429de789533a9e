"""The window's first frame while the store opens, and what the next start will paint
(docs/dev/startup.md). Light on purpose: Qt and app/last_state.py only, nothing that loads
SQLAlchemy, so the frame is drawn before the store's libraries are imported."""

from __future__ import annotations

import importlib

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QStatusBar, QVBoxLayout, QWidget

from app.i18n import _
from app.last_state import LastState

# What MainWindow.compose imports: loaded on the worker right after the store opens
# (app/ui/application.py), so the GUI thread, which only builds the widgets, stays free to repaint.
TAB_MODULES = ("app.ui.attendance.tab", "app.ui.staff.tab", "app.ui.survey.tab", "app.ui.townwalk.tab",
               "app.ui.sync_controller", "app.ui.backup_actions", "app.ui.conflict_actions", "app.ui.demo_actions",
               "app.ui.transfer_actions")


def preload() -> None:
    for name in TAB_MODULES:
        importlib.import_module(name)


def attendance_placeholder(parent: QWidget, heading: str) -> QWidget:
    """The attendance tab as it will look: the meeting's heading where the roster's heading is
    (the right-hand pane, in its bold, larger font)."""
    page = QWidget(parent)
    row = QHBoxLayout(page)
    row.addStretch(48)
    column = QVBoxLayout()
    label = QLabel(heading, page)
    label.setObjectName("last_meeting_title")
    label.setWordWrap(True)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.2)
    font.setBold(True)
    label.setFont(font)
    column.addWidget(label)
    column.addStretch(1)
    row.addLayout(column, 52)
    return page


class OpeningIndicator(QWidget):
    """「データを開いています…」 and a busy bar in the status bar: a migration's length is not known."""

    def __init__(self, status_bar: QStatusBar):
        super().__init__(status_bar)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(_("Opening the data…"), self))
        bar = QProgressBar(self)
        bar.setRange(0, 0)
        bar.setMaximumWidth(120)
        bar.setMaximumHeight(14)
        row.addWidget(bar)
        status_bar.addPermanentWidget(self)

    def finish(self, status_bar: QStatusBar) -> None:
        status_bar.removeWidget(self)
        self.deleteLater()


def state_to_keep(window) -> LastState | None:
    """The window's state for the next start: the counts shown, the laptop, the open meeting (or
    the one still to be shown again, when the close comes before it)."""
    from app.ui.attendance.models import meeting_heading

    summary, store = window._summary, window.ctx.store
    if summary is None or store is None:
        return None
    state = LastState(bool(summary.empty), summary.staff, summary.councils, summary.meetings, summary.attendance,
                      store.device_id)
    roster, council = window.attendance.roster, window.attendance_view.selected_council()
    last = window._last
    if roster is not None and council is not None:
        state.council_id = council.id
        state.fiscal_year = int(window.attendance_view.fiscal_year.currentData() or 0)
        state.meeting_id, state.meeting_title = roster.meeting.id, meeting_heading(roster.meeting)
    elif window.attendance.reopening and last is not None:
        state.council_id, state.fiscal_year = last.council_id, last.fiscal_year
        state.meeting_id, state.meeting_title = last.meeting_id, last.meeting_title
    return state
