"""File menu 「インポート…」 / 「エクスポート…」 (and the welcome page's import button): ask in the
transfer dialog, run the import or export on the worker, say what happened.

Given what it needs (the parent widget, the context, the runner, the window's ``Messages`` and a
``changed`` callback that reloads the views after an import), not the window. ``run_import`` and
``run_export`` do the work without the dialog (tests and scripts call them)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from app.i18n import _


class TransferActions(QObject):
    def __init__(self, parent: QWidget, ctx, runner, messages, changed: Callable[[], None]):
        super().__init__(parent)
        self.parent_widget = parent
        self.ctx, self.runner, self.messages = ctx, runner, messages
        self.changed = changed

    def import_table(self) -> None:
        from app.ui.dialogs.transfer import TransferDialog

        dialog = TransferDialog(exporting=False, language=self.ctx.settings.language, ctx=self.ctx,
                                parent=self.parent_widget)
        if dialog.exec() != TransferDialog.DialogCode.Accepted:
            return
        self.run_import(dialog.kind_name(), dialog.file(), dialog.dry_run.isChecked())

    def run_import(self, kind: str, path, dry_run: bool = False) -> None:
        from app.services.transfer.files import import_file

        store = self.ctx.store
        self.runner.submit(lambda: import_file(store, kind, path, dry_run=dry_run), self._imported,
                           self.messages.report_error)

    def _imported(self, result) -> None:
        from app.services.transfer.files import import_summary

        self.messages.last_message = import_summary(result)
        self.messages.notify(_("Import"), self.messages.last_message)
        self.changed()

    def export_table(self) -> None:
        from app.ui.dialogs.transfer import TransferDialog

        dialog = TransferDialog(exporting=True, language=self.ctx.settings.language, ctx=self.ctx,
                                parent=self.parent_widget)
        if dialog.exec() != TransferDialog.DialogCode.Accepted:
            return
        self.run_export(dialog.kind_name(), dialog.file(), dialog.headers.currentData())

    def run_export(self, kind: str, path, lang: str) -> None:
        from app.services.transfer.files import export_file

        store = self.ctx.store
        self.runner.submit(lambda: (path, export_file(store, kind, path, lang=lang)), self._exported,
                           self.messages.report_error)

    def _exported(self, result) -> None:
        path, n = result
        self.messages.last_message = _("{file}: {rows} rows written.").format(file=path, rows=n)
        self.messages.notify(_("Export"), self.messages.last_message)
