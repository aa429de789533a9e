"""What the window tells the user, for every flow: a plain message, the problems of a refused
import, and the dialog opened last (tests drive it). Dialogs are window-modal and opened with
``open()``, never ``exec()``, so no nested event loop blocks the worker's results or a test.

The window owns one and hands it to each flow (import/export, demo, conflicts, backups, the staff
tab), so none of them needs the window itself."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from app.errors import FieldDeskError, ImportRejected
from app.i18n import _


class Messages(QObject):
    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.parent_widget = parent
        self.last_message = ""
        self.last_dialog: QWidget | None = None

    def report_error(self, exc: BaseException) -> None:
        """Expected failures get a plain message; anything else is a bug for the crash hook."""
        if isinstance(exc, ImportRejected):
            self.last_message = str(exc)
            from app.ui.dialogs.transfer import ProblemsDialog

            self.open(ProblemsDialog(exc.file, exc.problems, self.parent_widget))
        elif isinstance(exc, FieldDeskError):
            self.last_message = str(exc)
            self.notify(_("FieldDesk"), str(exc), QMessageBox.Icon.Warning)
        else:
            raise exc

    def notify(self, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Information) -> None:
        """A window-modal message that does not block the event loop (and so never blocks a test)."""
        self.open(QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self.parent_widget))

    def open(self, dialog: QWidget) -> None:
        self.last_dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
