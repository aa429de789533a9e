"""Feedback lookup (フィードバック照会), in the tab and in the kiosk: a receipt code or a staff
number in, the status, reason and feedback of each matching response out. Read-only; the
typed text is emptied when the kiosk moves on, and never logged."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from app.domain.survey import format_receipt_code
from app.domain.wareki import format_date
from app.i18n import _
from app.services.survey_lookup import FeedbackView, lookup


def render_views(views: list[FeedbackView]) -> str:
    if not views:
        return "<p>" + escape(_("Nothing found. Check the receipt code (10 characters) or the staff number.")) + "</p>"
    parts = []
    for v in views:
        parts.append(f"<h3>{escape(format_receipt_code(v.receipt_code))}　{escape(v.survey_title)}</h3>")
        rows = [(_("Received on"), format_date(v.received)),
                (_("Progress"), v.status_label or _("(no proposal in this response)"))]
        if v.has_proposal:
            rows.append((_("Improvement idea"), v.idea))
            if v.reason:
                rows.append((_("Reason"), v.reason))
            rows.append((_("Feedback"), v.feedback or _("(not given yet)")))
            if v.feedback_date:
                rows.append((_("Feedback date"), format_date(v.feedback_date)))
        parts.append("<table cellpadding='3'>" + "".join(
            f"<tr><td><b>{escape(k)}</b></td><td>{escape(val)}</td></tr>" for k, val in rows) + "</table>")
    return "".join(parts)


class LookupView(QWidget):
    def __init__(self, ctx, runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.query = QLineEdit(self)
        self.query.setObjectName("lookup_query")
        self.query.setPlaceholderText(_("Receipt code (e.g. ACE34-FGH67) or staff number"))
        self.button = QPushButton(_("Look up"), self)
        self.results = QTextBrowser(self)
        self.results.setObjectName("lookup_results")
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Receipt code or staff no."), self))
        row.addWidget(self.query, 1)
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.results, 1)
        self.query.returnPressed.connect(self.search)
        self.button.clicked.connect(self.search)
        self.last: list[FeedbackView] = []

    def search(self) -> None:
        text = self.query.text()
        if not text.strip():
            return
        store = self.ctx.store
        self.runner.submit(lambda: lookup(store, text), self._show)

    def _show(self, views: list[FeedbackView]) -> None:
        self.last = views
        self.results.setHtml(render_views(views))

    def clear(self) -> None:
        self.query.setText("")
        self.results.clear()
        self.last = []
        self.query.setFocus(Qt.FocusReason.OtherFocusReason)
