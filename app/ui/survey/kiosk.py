"""Kiosk mode (職員による入力): a shared laptop on which staff answer the survey themselves.

One response at a time: start → form → receipt code → start again, every field emptied between
people, so nothing of anyone else's is ever on screen. Anonymous is preselected. Unlike clerk
entry, the kiosk never says whether a staff number has answered before (that would tell one
person something about another); duplicates are the clerks' to see, and so is a lookup by staff
number: the kiosk looks up by receipt code only. Closing the window, Escape and Alt+F4 are
refused: only the PIN (checked against its salted hash) ends kiosk mode, and until then no other
FieldDesk window can be seen or used (``kiosk_lock``).
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.survey import format_receipt_code
from app.errors import Invalid
from app.i18n import _
from app.services.survey.defs import SurveyInput
from app.services.survey.entry import Saved, save_response
from app.services.survey.kiosk import check_pin
from app.ui.survey.entry_form import EntryForm
from app.ui.survey.kiosk_idle import GRACE_MS, IDLE_MS, IdleReset
from app.ui.survey.kiosk_lock import KioskLock
from app.ui.survey.lookup_page import LookupView


def _big(widget: QWidget, factor: float) -> QWidget:
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    widget.setFont(font)
    return widget


class PinDialog(QDialog):
    """Asks for the PIN and checks it itself: a wrong PIN says so and the dialog stays open."""

    def __init__(self, settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings
        self.wrong = 0
        self.setWindowTitle(_("End kiosk mode"))
        self.pin = QLineEdit(self)
        self.pin.setObjectName("pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel(_("Enter the PIN to end kiosk mode."), self)
        self.message.setObjectName("pin_message")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.try_pin)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.pin)
        layout.addWidget(buttons)

    def try_pin(self) -> None:
        if check_pin(self.settings, self.pin.text()):
            self.accept()
            return
        self.wrong += 1
        self.pin.setText("")  # setText also drops the undo history
        self.message.setText(_("Wrong PIN. Try again (attempt {n}).").format(n=self.wrong))
        self.message.setStyleSheet("color: #b00020; font-weight: bold")
        self.pin.setFocus()


class KioskWindow(QWidget):
    finished = Signal()  # kiosk mode ended with the PIN
    saved = Signal(object)  # Saved

    def __init__(self, ctx, runner, form: SurveyInput, parent: QWidget | None = None, *, open_slips: bool = True,
                 idle_ms: int = IDLE_MS, grace_ms: int = GRACE_MS):
        super().__init__(parent, Qt.WindowType.Window)
        self.ctx = ctx
        self.runner = runner
        self.form_def = form
        self.open_slips = open_slips  # show the slip in the print preview; tests turn it off
        self.last_dialog: QWidget | None = None
        self.unlocked = False
        self.last: Saved | None = None
        self.pin_dialog: PinDialog | None = None
        self.lock = KioskLock(self)
        self.setWindowTitle(_("FieldDesk — survey kiosk"))
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._start_page())
        self.pages.addWidget(self._form_page())
        self.pages.addWidget(self._receipt_page())
        self.lookup = LookupView(ctx, runner, self, kiosk=True)
        self.pages.addWidget(self._with_back(self.lookup))
        self.exit_button = QPushButton(_("End kiosk mode…"), self)
        self.exit_button.setObjectName("kiosk_exit")
        self.exit_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.exit_button.clicked.connect(self.request_exit)
        top = QHBoxLayout()
        top.addWidget(_big(QLabel(f"{form.title}（{form.code}）", self), 1.5), 1)
        top.addWidget(self.exit_button)
        self.idle_warning = _big(QLabel(_("No one has touched the screen for a while: in {seconds} seconds it goes "
                                          "back to the start and what was typed is cleared. Touch the screen to go on.")
                                        .format(seconds=max(1, round(grace_ms / 1000))), self), 1.3)
        self.idle_warning.setWordWrap(True)
        self.idle_warning.setStyleSheet("background: #fff3c4; color: #5d4300; padding: 12px")
        self.idle_warning.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.idle_warning)
        layout.addWidget(self.pages, 1)
        self.idle = IdleReset(self, idle_ms=idle_ms, grace_ms=grace_ms)
        self.show_start()

    # -- pages ---------------------------------------------------------------------------------
    def _start_page(self) -> QWidget:
        page = QWidget(self)
        self.answer_button = _big(QPushButton(_("Answer the survey"), page), 1.8)
        self.lookup_button = _big(QPushButton(_("Look up the answer to my proposal"), page), 1.4)
        self.answer_button.setObjectName("kiosk_answer")
        self.answer_button.clicked.connect(self.show_form)
        self.lookup_button.clicked.connect(self.show_lookup)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(_big(QLabel(self.form_def.description, page), 1.2))
        layout.addWidget(self.answer_button)
        layout.addWidget(self.lookup_button)
        layout.addStretch(2)
        return page

    def _form_page(self) -> QWidget:
        page = QWidget(self)
        self.entry = EntryForm(self.form_def, page, channel="kiosk", staff_no_width=self.ctx.store.staff_no_width)
        self.entry.save_requested.connect(self.submit)
        scroll = QScrollArea(page)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.entry)
        self.submit_button = _big(QPushButton(_("Send"), page), 1.4)
        self.submit_button.setObjectName("kiosk_send")
        self.submit_button.clicked.connect(self.submit)
        cancel = QPushButton(_("Cancel (nothing is kept)"), page)
        cancel.clicked.connect(self.show_start)
        self.form_status = QLabel(page)
        self.form_status.setStyleSheet("color: #b00020")
        row = QHBoxLayout()
        row.addWidget(self.form_status, 1)
        row.addWidget(cancel)
        row.addWidget(self.submit_button)
        layout = QVBoxLayout(page)
        layout.addWidget(scroll, 1)
        layout.addLayout(row)
        return page

    def _receipt_page(self) -> QWidget:
        page = QWidget(self)
        self.receipt_code = _big(QLabel(page), 3.0)
        self.receipt_code.setObjectName("kiosk_receipt")
        self.receipt_code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.receipt_note = QLabel(page)
        self.receipt_note.setWordWrap(True)
        slip = QPushButton(_("Print the receipt slip"), page)
        slip.clicked.connect(self.print_slip)
        done = _big(QPushButton(_("Done"), page), 1.4)
        done.setObjectName("kiosk_done")
        done.clicked.connect(self.show_start)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(_big(QLabel(_("Thank you. Your receipt code:"), page), 1.4))
        layout.addWidget(self.receipt_code)
        layout.addWidget(self.receipt_note)
        layout.addWidget(slip)
        layout.addWidget(done)
        layout.addStretch(2)
        return page

    def _with_back(self, inner: QWidget) -> QWidget:
        page = QWidget(self)
        back = QPushButton(_("Back"), page)
        back.setObjectName("kiosk_back")
        back.clicked.connect(self.show_start)
        layout = QVBoxLayout(page)
        layout.addWidget(inner, 1)
        layout.addWidget(back)
        return page

    # -- flow ----------------------------------------------------------------------------------
    def show_idle_warning(self, shown: bool) -> None:
        self.idle_warning.setVisible(shown)

    def show_start(self) -> None:
        """Back to the start, forgetting whoever was here: every field, code and result emptied."""
        self.entry.reset(keep_date=False)
        self.lookup.clear()
        self.receipt_code.setText("")
        self.receipt_note.setText("")
        self.form_status.setText("")
        self.last = None
        self.pages.setCurrentIndex(0)
        self.answer_button.setFocus()

    def show_form(self) -> None:
        self.entry.reset(keep_date=False)
        self.pages.setCurrentIndex(1)
        self.entry.first_field().setFocus()

    def show_lookup(self) -> None:
        self.lookup.clear()
        self.pages.setCurrentIndex(3)
        self.lookup.query.setFocus()

    def submit(self) -> None:
        problems = self.entry.problems()
        self.entry.set_problems(problems)
        if problems:
            self.form_status.setText(_("Check the fields marked in red."))
            return
        store, form, item = self.ctx.store, self.form_def, self.entry.value()
        self.runner.submit(lambda: save_response(store, form, item, allow_duplicate=True), self._saved, self._failed)

    def _saved(self, saved: Saved) -> None:
        self.entry.reset(keep_date=False)  # the answers leave the screen at once
        self.last = saved
        self.receipt_code.setText(format_receipt_code(saved.receipt_code))
        self.receipt_note.setText(
            _("Write it down or print the slip: with it you can look up the answer to your proposal later. "
              "It is the only link to your response.") if saved.anonymous else
            _("Write it down or print the slip: with it you can look up the answer to your proposal here later."))
        self.pages.setCurrentIndex(2)
        self.saved.emit(saved)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, Invalid):
            self.entry.set_problems(exc.problems)
            self.form_status.setText(_("Check the fields marked in red."))
            return
        raise exc

    def print_slip(self, out: Path | None = None) -> None:
        from app.services.survey.reports import receipt_slip

        saved = self.last
        if saved is None:
            return
        out = out or Path(tempfile.mkdtemp(prefix="fielddesk-slip-")) / "receipt.pdf"
        store, settings, title = self.ctx.store, self.ctx.settings, self.form_def.title
        self.runner.submit(lambda: receipt_slip(store, settings, saved.receipt_code, title, date.today(), out),
                           self._slip_written)

    def _slip_written(self, path) -> None:
        self.slip_path = Path(path)
        if self.open_slips:  # printed from the preview; no external viewer at a kiosk
            from app.ui.widgets.pdf_preview import preview_report  # Qt printing and PDFium load on first use
            self.last_dialog = preview_report(self.slip_path, self, viewer=False)

    # -- starting and leaving ------------------------------------------------------------------
    def start(self, *, lock: bool = True) -> None:
        """Show the kiosk; with ``lock`` (always, but in tests of the flow alone) over the whole screen
        with every other FieldDesk window hidden until the PIN."""
        if lock:
            self.lock.engage()
        else:
            self.show()

    def request_exit(self) -> PinDialog:
        """Ask for the PIN (window-modal, so the kiosk keeps running its timers); the right PIN ends
        kiosk mode and gives the other windows back, a wrong one says so and asks again."""
        if self.pin_dialog is None:
            self.pin_dialog = PinDialog(self.ctx.settings, self)
            self.pin_dialog.accepted.connect(self._unlock)
            self.pin_dialog.finished.connect(lambda _r: self._pin_closed())
        self.pin_dialog.open()
        self.pin_dialog.pin.setFocus()
        return self.pin_dialog

    def _pin_closed(self) -> None:
        dialog, self.pin_dialog = self.pin_dialog, None
        if dialog is not None:
            dialog.deleteLater()
        if not self.unlocked:
            self.lock.reassert()

    def _unlock(self) -> None:
        self.unlocked = True
        self.show_start()
        self.lock.release()
        self.close()
        self.finished.emit()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.unlocked:
            self.idle.stop()  # a closed kiosk neither counts idle time nor filters the app's input
            event.accept()
        else:
            event.ignore()  # Alt+F4 or the title bar's × do not end kiosk mode

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            return
        super().keyPressEvent(event)
