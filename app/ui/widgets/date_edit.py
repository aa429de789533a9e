"""A date field that takes the date as the ward writes it (令和6年6月12日, R6.6.12, 2024/6/12 …).

Typing is the fast path, so the text is free and parsed by ``parse_date`` as it changes; the
calendar button is for the occasional look-up. The label beside the text shows the date in both
和暦 and western form with the weekday, so a mistyped era or day is seen before it is saved.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.parsing import parse_date
from app.domain.wareki import format_date
from app.i18n import _

ERROR_STYLE = "color: #b00020"


def describe_date(d: date) -> str:
    """``令和6年6月12日（2024-06-12・水）``: both calendars and the weekday, for reading back."""
    return format_date(d, weekday=True, western=True)


class WarekiDateEdit(QWidget):
    """Free-text date with a calendar popup; ``date()`` is None while the text is empty or wrong."""

    date_changed = Signal(object)  # date | None

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._date: date | None = None
        self._error: str | None = None
        self.line_edit = QLineEdit(self)
        self.line_edit.setObjectName("date_text")
        self.line_edit.setPlaceholderText(_("e.g. 令和6年4月1日"))
        self.line_edit.setToolTip(_("Write e.g. 令和6年4月1日, R6.4.1, 2024/4/1 or 2024-04-01"))
        self.line_edit.setAccessibleName(_("Date"))
        self.line_edit.textChanged.connect(self._on_text)
        self.calendar_button = QToolButton(self)
        self.calendar_button.setObjectName("date_calendar_button")
        self.calendar_button.setText(_("Calendar"))
        self.calendar_button.setToolTip(_("Choose from a calendar (Alt+Down)"))
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # keyboard: Alt+Down instead
        self.calendar_button.clicked.connect(self.open_calendar)
        shortcut = QShortcut(QKeySequence("Alt+Down"), self.line_edit)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(self.open_calendar)
        self.shown = QLabel(self)
        self.shown.setObjectName("date_shown")
        self.shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("date_error")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.calendar = QCalendarWidget(self)
        self.calendar.setObjectName("date_calendar")
        self.calendar.setWindowFlags(Qt.WindowType.Popup)
        self.calendar.setGridVisible(True)
        self.calendar.clicked.connect(self._on_calendar)
        self.calendar.activated.connect(self._on_calendar)

        metrics = self.line_edit.fontMetrics()
        widest = max(metrics.horizontalAdvance(t) for t in ("令和10年12月31日", self.line_edit.placeholderText()))
        self.line_edit.setFixedWidth(widest + 24)  # the room goes to the date read back beside it
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.line_edit)
        row.addWidget(self.calendar_button)
        row.addWidget(self.shown, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.error_label)
        self.setFocusProxy(self.line_edit)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    # -- API ---------------------------------------------------------------------------------

    def date(self) -> date | None:
        return self._date

    def set_date(self, value: date | None) -> None:
        self.line_edit.setText(format_date(value) if value else "")  # as shown everywhere; it parses back

    def error(self) -> str | None:
        """Why the text is not a date (the parse_date reason); None when empty or valid."""
        return self._error

    def text(self) -> str:
        return self.line_edit.text()

    def set_problem(self, reason: str | None) -> None:
        """Show a reason from outside (a required field, a service refusal) in the red line."""
        reason = reason or self._error
        self.error_label.setText(reason or "")
        self.error_label.setVisible(bool(reason))

    # -- calendar ----------------------------------------------------------------------------

    def open_calendar(self) -> None:
        shown = self._date or date.today()
        self.calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))
        self.calendar.adjustSize()
        self.calendar.move(self.line_edit.mapToGlobal(self.line_edit.rect().bottomLeft()))
        self.calendar.show()
        self.calendar.setFocus()

    def _on_calendar(self, picked: QDate) -> None:
        self.calendar.hide()
        self.set_date(date(picked.year(), picked.month(), picked.day()))
        self.line_edit.setFocus()

    # -- parsing -----------------------------------------------------------------------------

    def _on_text(self, text: str) -> None:
        parsed: date | None = None
        self._error = None
        if text.strip():
            try:
                parsed = parse_date(text)
            except ValueError as exc:
                self._error = str(exc)
        self.shown.setText(describe_date(parsed) if parsed else "")
        self.shown.setMinimumWidth(self.shown.fontMetrics().horizontalAdvance(self.shown.text()) + 8)
        self.set_problem(None)
        if parsed != self._date:
            self._date = parsed
            self.date_changed.emit(parsed)
