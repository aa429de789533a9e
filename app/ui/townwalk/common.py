"""What every page of the town-walk tab shares: the runner, errors shown (not raised) when they
are the user's to fix, dialogs that save through a service and report problems beside fields,
and a table view set up for data lists."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QAbstractItemView, QMessageBox, QPushButton, QTableView, QWidget

from app.errors import FieldDeskError, Invalid
from app.i18n import _
from app.ui.widgets.fit import fit_columns

TOUCH = 44  # px: the smallest target a finger hits outdoors


def table(parent: QWidget, model, name: str, stretch: int | None = None) -> QTableView:
    """A data list whose columns fit their contents, ``stretch`` (default: the last) taking the
    spare width, so it reads on a 1366 px laptop in both languages."""
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(False)
    fit_columns(view, stretch=stretch, cap=240)
    return view


def button(text: str, parent: QWidget, name: str) -> QPushButton:
    b = QPushButton(text, parent)
    b.setObjectName(name)
    return b


def selected(view: QTableView):
    index = view.currentIndex()
    if not index.isValid():
        rows = view.selectionModel().selectedRows() if view.selectionModel() else []
        if not rows:
            return None
        index = rows[0]
    return view.model().row_at(index.row())


def select_row(view: QTableView, predicate) -> bool:
    model = view.model()
    while model.canFetchMore():
        model.fetchMore()
    for row, item in enumerate(model.rows()):
        if predicate(item):
            view.selectRow(row)
            return True
    return False


class PageController(QObject):
    """Base of the page controllers: ``changed`` after every write, ``submit`` on the runner."""

    changed = Signal()

    def __init__(self, view: QWidget, ctx, runner):
        super().__init__(view)
        self.view = view
        self.ctx = ctx
        self.store = ctx.store
        self.runner = runner
        self.last_dialog = None

    def submit(self, fn: Callable, on_done: Callable | None = None) -> None:
        self.runner.submit(fn, on_done, self.failed)

    def write(self, fn: Callable, on_done: Callable | None = None) -> None:
        """A write: its result to ``on_done``, then ``changed``."""
        def done(result):
            if on_done is not None:
                on_done(result)
            self.changed.emit()

        self.runner.submit(fn, done, self.failed)

    def edit(self, dialog, save: Callable, on_saved: Callable | None = None) -> None:
        """Open ``dialog``; its submission saves with ``save(value)`` on the runner; problems go
        back beside the fields, success closes it."""
        def submitted(value):
            def failed(exc):
                if isinstance(exc, Invalid):
                    dialog.set_problems(exc.problems)
                else:
                    dialog.set_busy(False)
                    self.failed(exc)

            def done(result):
                dialog.accept()
                if on_saved is not None:
                    on_saved(result)
                self.changed.emit()

            self.runner.submit(lambda: save(value), done, failed)

        dialog.submitted.connect(submitted)
        self.last_dialog = dialog
        dialog.open()

    def failed(self, exc: BaseException) -> None:
        if isinstance(exc, FieldDeskError):
            box = QMessageBox(QMessageBox.Icon.Warning, _("FieldDesk"), str(exc), QMessageBox.StandardButton.Ok,
                              self.view)
            self.last_dialog = box
            box.open()
            return
        raise exc
