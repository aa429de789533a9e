"""Checklist templates and their items (before the start, at every stop, at the end). A walk
copies its template when it is created, so editing here never changes a past walk."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLabel, QSplitter, QVBoxLayout, QWidget

from app.i18n import _
from app.services.townwalk import templates
from app.ui.townwalk.common import PageController, button, select_row, selected, table
from app.ui.townwalk.dialogs import ItemDialog
from app.ui.townwalk.models import ITEM_COLUMNS, table_model, templates_model


class TemplatesView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        left = QWidget(self)
        self.templates_model = templates_model(self)
        self.templates_table = table(left, self.templates_model, "templates_table", stretch=0)
        self.new_template = button(_("New checklist…"), left, "new_template")
        self.rename_template = button(_("Rename…"), left, "rename_template")
        self.retire_template = button(_("Retire / restore"), left, "retire_template")
        row = QHBoxLayout()
        for b in (self.new_template, self.rename_template, self.retire_template):
            row.addWidget(b)
        box = QVBoxLayout(left)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.templates_table, 1)
        box.addLayout(row)
        right = QWidget(self)
        note = QLabel(_("A walk keeps its own copy of the checklist: changes here apply to walks created from now on."),
                      right)
        note.setWordWrap(True)
        self.items_model = table_model(ITEM_COLUMNS, self)
        self.items_table = table(right, self.items_model, "items_table", stretch=2)
        self.add_item = button(_("Add item…"), right, "add_item")
        self.edit_item = button(_("Edit…"), right, "edit_item")
        self.item_up = button(_("▲ Up"), right, "item_up")
        self.item_down = button(_("▼ Down"), right, "item_down")
        self.remove_item = button(_("Remove"), right, "remove_item")
        row = QHBoxLayout()
        for b in (self.add_item, self.edit_item, self.item_up, self.item_down, self.remove_item):
            row.addWidget(b)
        box = QVBoxLayout(right)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(note)
        box.addWidget(self.items_table, 1)
        box.addLayout(row)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([380, 880])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)


class TemplatesController(PageController):
    def __init__(self, view: TemplatesView, ctx, runner):
        super().__init__(view, ctx, runner)
        view.templates_table.selectionModel().selectionChanged.connect(lambda *_a: self.load_items())
        view.items_table.doubleClicked.connect(lambda _i: self.edit_item())
        view.new_template.clicked.connect(lambda: self.name_template(new=True))
        view.rename_template.clicked.connect(lambda: self.name_template())
        view.retire_template.clicked.connect(self.toggle_retired)
        view.add_item.clicked.connect(lambda: self.edit_item(new=True))
        view.edit_item.clicked.connect(lambda: self.edit_item())
        view.item_up.clicked.connect(lambda: self.move(-1))
        view.item_down.clicked.connect(lambda: self.move(1))
        view.remove_item.clicked.connect(self.remove)

    def template(self) -> templates.TemplateRow | None:
        return selected(self.view.templates_table)

    def reload(self, select_id: str | None = None) -> None:
        current = select_id or (self.template().id if self.template() else None)
        store = self.store
        self.submit(lambda: templates.list_templates(store), lambda rows: self._show(rows, current))

    def _show(self, rows, current) -> None:
        self.view.templates_model.set_rows(rows)
        self.view.templates_table.resizeColumnsToContents()
        if not (current and select_row(self.view.templates_table, lambda t: t.id == current)):
            self.load_items()

    def load_items(self, select_id: str | None = None) -> None:
        template, store = self.template(), self.store
        if template is None:
            self.view.items_model.set_rows([])
            return
        self.submit(lambda: templates.template_items(store, template.id), lambda rows: self._items(rows, select_id))

    def _items(self, rows, select_id) -> None:
        self.view.items_model.set_rows(rows)
        self.view.items_table.resizeColumnsToContents()
        if select_id:
            select_row(self.view.items_table, lambda i: i.id == select_id)

    def name_template(self, new: bool = False, name: str | None = None) -> None:
        """Ask for the name (``name`` given: no dialog — tests and scripts)."""
        template, store = None if new else self.template(), self.store
        if not new and template is None:
            return
        if name is None:
            name, ok = QInputDialog.getText(self.view, _("Checklist"), _("Name of the checklist"),
                                            text=template.name if template else "")
            if not ok:
                return
        self.write(lambda: templates.save_template(store, name, template.description if template else "",
                                            template.id if template else None), self.reload)

    def toggle_retired(self) -> None:
        template, store = self.template(), self.store
        if template is not None:
            self.write(lambda: templates.set_template_retired(store, template.id, not template.retired),
                       lambda _r: self.reload(template.id))

    def item(self) -> templates.ItemRow | None:
        return selected(self.view.items_table)

    def edit_item(self, new: bool = False) -> None:
        template, item, store = self.template(), None if new else self.item(), self.store
        if template is None or (not new and item is None):
            return
        value = templates.ItemInput(template.id, item.phase if item else "stop", item.text if item else "",
                             item.category if item else "", item.required if item else False,
                             id=item.id if item else None)
        self.edit(ItemDialog(value, self.view), lambda v: templates.save_item(store, v), self._saved)

    def _saved(self, item_id: str) -> None:
        self.reload()
        self.load_items(item_id)

    def move(self, delta: int) -> None:
        item, store = self.item(), self.store
        if item is not None:
            self.write(lambda: templates.move_item(store, item.id, delta), lambda _r: self.load_items(item.id))

    def remove(self) -> None:
        item, store = self.item(), self.store
        if item is not None:
            self.write(lambda: templates.delete_item(store, item.id), lambda _r: self._saved(""))
