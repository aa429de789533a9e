"""Feedback lookup (回答照会), in the tab and in the kiosk: the status, reason and feedback of each
matching response. Read-only at the kiosk, and by receipt code only there: a staff number is no
secret, so typed at the kiosk it would show another person's proposals to whoever stands there.
The signed-in clerk's page also takes a staff number and can withdraw (取下げ) a response — the
way to turn a named response into an anonymous one (a new response, with a new receipt code).
The typed text is emptied when the kiosk moves on, and never logged."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain.survey import format_receipt_code, looks_like_receipt_code
from app.domain.wareki import format_date
from app.i18n import _
from app.services.survey.entry import withdraw_response
from app.services.survey.lookup import FeedbackView, lookup, lookup_receipt

WITHDRAW = "withdraw"  # the scheme of the 取下げ links in the clerk's results


def render_views(views: list[FeedbackView], *, withdraw: bool = False) -> str:
    if not views:
        hint = (_("Nothing found. Check the receipt code (10 characters) or the staff number.") if withdraw
                else _("Nothing found. Check the receipt code (10 characters on your slip)."))
        return "<p>" + escape(hint) + "</p>"
    parts = []
    for v in views:
        kind = _("anonymous") if v.anonymous else _("named")
        parts.append(f"<h3>{escape(format_receipt_code(v.receipt_code))}　{escape(v.survey_title)}"
                     f"（{escape(kind)}）</h3>")
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
        if withdraw:
            parts.append(f"<p><a href='{WITHDRAW}:{escape(v.receipt_code)}'>{escape(_('Withdraw this response…'))}"
                         "</a></p>")
    return "".join(parts)


class LookupView(QWidget):
    """``kiosk=True``: receipt codes only, nothing to change. Otherwise the clerk's page."""

    def __init__(self, ctx, runner, parent: QWidget | None = None, *, kiosk: bool = False,
                 on_withdrawn: Callable[[], None] | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.kiosk = kiosk
        self.on_withdrawn = on_withdrawn
        # Asked before a withdrawal; tests replace it: (FeedbackView) -> bool.
        self.confirm_withdraw: Callable[[FeedbackView], bool] = self._ask_withdraw
        self.query = QLineEdit(self)
        self.query.setObjectName("lookup_query")
        self.query.setPlaceholderText(_("Receipt code (e.g. ACE34-FGH67)") if kiosk
                                      else _("Receipt code (e.g. ACE34-FGH67) or staff number"))
        self.button = QPushButton(_("Look up"), self)
        self.results = QTextBrowser(self)
        self.results.setObjectName("lookup_results")
        self.results.setOpenLinks(False)
        self.results.anchorClicked.connect(self._link)
        self.status = QLabel(self)
        self.status.setObjectName("lookup_status")
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Receipt code") if kiosk else _("Receipt code or staff no."), self))
        row.addWidget(self.query, 1)
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        self.query.returnPressed.connect(self.search)
        self.button.clicked.connect(self.search)
        self.last: list[FeedbackView] = []

    def search(self) -> None:
        text = self.query.text()
        if not text.strip():
            return
        self.status.setText("")
        if self.kiosk and not looks_like_receipt_code(text):
            self.last = []
            self.results.clear()
            self.status.setText(_("Type the receipt code of your slip (10 characters, e.g. ACE34-FGH67). "
                                  "A lookup by staff number is made by the survey clerk."))
            return
        store, find = self.ctx.store, lookup_receipt if self.kiosk else lookup
        self.runner.submit(lambda: find(store, text), self._show)

    def _show(self, views: list[FeedbackView]) -> None:
        self.last = views
        self.results.setHtml(render_views(views, withdraw=not self.kiosk))

    def clear(self) -> None:
        self.query.setText("")
        self.results.clear()
        self.status.setText("")
        self.last = []
        self.query.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- withdrawing (the clerk's page only) ---------------------------------------------------
    def _link(self, url: QUrl) -> None:
        if url.scheme() == WITHDRAW:
            self.withdraw(url.path())

    def withdraw(self, receipt_code: str) -> None:
        view = next((v for v in self.last if v.receipt_code == receipt_code), None)
        if self.kiosk or view is None or not self.confirm_withdraw(view):
            return
        store = self.ctx.store
        self.runner.submit(lambda: withdraw_response(store, receipt_code), lambda _id: self._withdrawn(view))

    def _withdrawn(self, view: FeedbackView) -> None:
        code = format_receipt_code(view.receipt_code)
        self.status.setText(
            _("Response {code} is withdrawn. To send it anonymously, enter the answers again on the Entry page "
              "with 匿名 ticked: it gets a new receipt code, with no link to the withdrawn one.").format(code=code)
            if not view.anonymous else _("Response {code} is withdrawn.").format(code=code))
        self.last = [v for v in self.last if v.receipt_code != view.receipt_code]
        self.results.setHtml(render_views(self.last, withdraw=True))
        if self.on_withdrawn is not None:
            self.on_withdrawn()

    def _ask_withdraw(self, view: FeedbackView) -> bool:
        answer = QMessageBox.question(
            self, _("Withdraw"),
            _("Withdraw response {code} and its proposal? It no longer counts anywhere; its history stays.").format(
                code=format_receipt_code(view.receipt_code)))
        return answer == QMessageBox.StandardButton.Yes
