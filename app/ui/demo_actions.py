"""「サンプルデータを読み込む」 (the welcome page's button and the File menu): the sample data
loaded on the worker, the button off meanwhile, a line in the status bar, then the views reload.

Given what it needs (the button, the status bar, the context, the runner, the window's
``Messages``, a ``changed`` callback), not the window."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QPushButton, QStatusBar

from app.i18n import _


class DemoActions(QObject):
    def __init__(self, button: QPushButton, status_bar: QStatusBar, ctx, runner, messages,
                 changed: Callable[[], None]):
        super().__init__(button)
        self.button, self.status_bar = button, status_bar
        self.ctx, self.runner, self.messages = ctx, runner, messages
        self.changed = changed

    def load(self) -> None:
        from app.services.demo.load import load_demo

        store = self.ctx.store
        self.button.setEnabled(False)
        self.status_bar.showMessage(_("Loading sample data…"))
        self.runner.submit(lambda: load_demo(store), self._loaded, self._failed)

    def _loaded(self, _counts) -> None:
        self.button.setEnabled(True)
        self.status_bar.showMessage(_("Sample data loaded."), 5000)
        self.changed()

    def _failed(self, exc: BaseException) -> None:
        self.button.setEnabled(True)  # before a bug goes on to the crash hook, too
        self.messages.report_error(exc)
