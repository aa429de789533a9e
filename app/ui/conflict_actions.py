"""Sync menu 「競合…」: the conflicts listed on the worker, shown in ``ConflictsDialog``; "keep" or
"restore mine" resolved on the worker, then the list, the views and the sync state are fresh.
A conflict's record history opens from the same dialog.

Given what it needs (the parent widget, the context, the runner, the window's ``Messages``, the
sync controller and a ``changed`` callback), not the window."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget


class ConflictActions(QObject):
    def __init__(self, parent: QWidget, ctx, runner, messages, sync, changed: Callable[[], None]):
        super().__init__(parent)
        self.parent_widget = parent
        self.ctx, self.runner, self.messages, self.sync = ctx, runner, messages, sync
        self.changed = changed

    def show(self) -> None:
        from app.services.admin.sync import conflict_rows
        from app.ui.dialogs.conflicts import ConflictsDialog
        from app.ui.dialogs.history import show_record_history

        store = self.ctx.store

        def shown(rows) -> None:
            dialog = ConflictsDialog(rows, store.device_id, self.parent_widget)
            dialog.resolve_requested.connect(lambda c, action: self._resolve(dialog, c, action))
            dialog.history_requested.connect(lambda c, label: show_record_history(
                self.parent_widget, self.ctx, self.runner, self.messages, c.tbl, c.row_id, label))
            self.messages.open(dialog)

        self.runner.submit(lambda: conflict_rows(store), shown, self.messages.report_error)

    def _resolve(self, dialog, conflict, action: str) -> None:
        from app.services.admin.sync import conflict_rows, resolve

        store = self.ctx.store
        self.runner.submit(lambda: (resolve(store, conflict, action), conflict_rows(store))[1],
                           lambda rows: (dialog.set_rows(rows), self.changed(), self.sync.refresh_state()),
                           self.messages.report_error)
