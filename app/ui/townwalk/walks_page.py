"""Walks of a fiscal year beside the chosen walk's people: participants by staff number (the
attendance tab's quick entry, scanners too), by reading (the staff picker) or a whole department;
facilitators who are staff or outside guides by name. Field mode and the walk record start here."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.fiscal import current_fiscal_year
from app.domain.wareki import fiscal_year_label, format_date
from app.i18n import _
from app.services.staff import people
from app.services.townwalk import routes as tw
from app.services.townwalk import templates, walks
from app.ui.townwalk.common import TOUCH, PageController, button, select_row, selected, table
from app.ui.townwalk.dialogs import WalkDialog
from app.ui.townwalk.models import PEOPLE_COLUMNS, WALK_COLUMNS, table_model
from app.ui.widgets.date_edit import ERROR_STYLE
from app.ui.widgets.staff_picker import StaffPicker


class WalksView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        left = QWidget(self)
        self.fiscal_year = QComboBox(left)
        self.fiscal_year.setObjectName("walk_fiscal_year")
        self.walks_model = table_model(WALK_COLUMNS, self)
        self.walks_table = table(left, self.walks_model, "walks_table", stretch=1)
        self.new_walk = button(_("New walk…"), left, "new_walk")
        self.edit_walk = button(_("Edit…"), left, "edit_walk")
        self.delete_walk = button(_("Delete"), left, "delete_walk")
        self.record_button = button(_("Walk record (PDF)…"), left, "walk_record")
        self.field_button = button(_("Field mode ▶"), left, "open_field")
        self.field_button.setMinimumHeight(TOUCH)
        font = QFont(self.field_button.font())
        font.setBold(True)
        self.field_button.setFont(font)
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        for b in (self.new_walk, self.edit_walk, self.delete_walk):
            row1.addWidget(b)
        row2.addWidget(self.record_button)
        row2.addWidget(self.field_button, 1)
        box = QVBoxLayout(left)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.fiscal_year)
        box.addWidget(self.walks_table, 1)
        box.addLayout(row1)
        box.addLayout(row2)

        right = QWidget(self)
        self.walk_title = QLabel(_("Choose a walk"), right)
        self.walk_title.setObjectName("walk_heading")
        self.walk_title.setWordWrap(True)
        self.quick_entry = QLineEdit(right)
        self.quick_entry.setObjectName("walk_quick_entry")
        self.quick_entry.setPlaceholderText(_("Staff number (type or scan, then Enter)"))
        self.quick_entry.setMinimumHeight(TOUCH)
        font = QFont(self.quick_entry.font())
        font.setPointSize(16)
        self.quick_entry.setFont(font)
        self.confirmation = QLabel(right)
        self.confirmation.setObjectName("walk_confirmation")
        self.pick_button = button(_("Add by name or reading…"), right, "pick_participant")
        self.department = QComboBox(right)
        self.department.setObjectName("department_combo")
        self.add_department = button(_("Add department"), right, "add_department")
        self.pick_facilitator = button(_("Add staff facilitator…"), right, "pick_facilitator")
        self.guide_name = QLineEdit(right)
        self.guide_name.setObjectName("guide_name")
        self.guide_name.setPlaceholderText(_("Outside guide's name"))
        self.guide_org = QLineEdit(right)
        self.guide_org.setObjectName("guide_org")
        self.guide_org.setPlaceholderText(_("Organisation (町会, 商店街 …)"))
        self.add_guide = button(_("Add guide"), right, "add_guide")
        self.people_model = table_model(PEOPLE_COLUMNS, self)
        self.people_table = table(right, self.people_model, "people_table", stretch=3)
        self.remove_person = button(_("Remove from the walk"), right, "remove_person")
        add_row = QHBoxLayout()
        add_row.addWidget(self.pick_button)
        add_row.addWidget(self.department, 1)
        add_row.addWidget(self.add_department)
        guide_row = QHBoxLayout()
        guide_row.addWidget(self.pick_facilitator)
        guide_row.addWidget(self.guide_name, 1)
        guide_row.addWidget(self.guide_org, 1)
        guide_row.addWidget(self.add_guide)
        box = QVBoxLayout(right)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.walk_title)
        box.addWidget(self.quick_entry)
        box.addWidget(self.confirmation)
        box.addLayout(add_row)
        box.addLayout(guide_row)
        box.addWidget(self.people_table, 1)
        box.addWidget(self.remove_person)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([640, 620])  # the walks list reads whole at 1366 px
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def show_confirmation(self, text: str, good: bool) -> None:
        self.confirmation.setStyleSheet("color: #1b7f3b; font-weight: bold" if good else ERROR_STYLE)
        self.confirmation.setText(text)


class WalksController(PageController):
    field_requested = Signal(str)  # walk id
    record_requested = Signal(object)  # WalkRow

    def __init__(self, view: WalksView, ctx, runner):
        super().__init__(view, ctx, runner)
        self.routes: list[tw.RouteRow] = []
        self.templates: list[templates.TemplateRow] = []
        view.fiscal_year.currentIndexChanged.connect(lambda *_a: self.reload())
        view.walks_table.selectionModel().selectionChanged.connect(lambda *_a: self.load_people())
        view.walks_table.doubleClicked.connect(lambda _i: self.edit_walk())
        view.new_walk.clicked.connect(lambda: self.edit_walk(new=True))
        view.edit_walk.clicked.connect(lambda: self.edit_walk())
        view.delete_walk.clicked.connect(self.delete)
        view.field_button.clicked.connect(self._field)
        view.record_button.clicked.connect(lambda: self.walk() and self.record_requested.emit(self.walk()))
        view.quick_entry.returnPressed.connect(self.quick_entry)
        view.pick_button.clicked.connect(lambda: self.pick(walks.PARTICIPANT))
        view.pick_facilitator.clicked.connect(lambda: self.pick(walks.FACILITATOR))
        view.add_department.clicked.connect(self.add_department)
        view.add_guide.clicked.connect(self.add_guide)
        view.remove_person.clicked.connect(self.remove)

    def walk(self) -> walks.WalkRow | None:
        return selected(self.view.walks_table)

    def _field(self) -> None:
        walk = self.walk()
        if walk is not None:
            self.field_requested.emit(walk.id)

    def reload(self, select_id: str | None = None) -> None:
        """Reload the lists; then select ``select_id``, else the walk selected when they arrive
        (the user may have picked another one while they loaded)."""
        fy = self.view.fiscal_year.currentData() or current_fiscal_year()
        store = self.store

        def job():
            return (walks.walk_years(store), walks.list_walks(store, fy), tw.list_routes(store),
                    templates.list_templates(store), walks.departments(store))

        self.submit(job, lambda r: self._show(*r, select_id, fy))

    def _show(self, years, rows, routes, template_rows, departments, select_id, chosen) -> None:
        current = select_id or (self.walk().id if self.walk() else None)
        self.routes, self.templates = routes, template_rows
        combo = self.view.fiscal_year
        combo.blockSignals(True)
        combo.clear()
        for fy in sorted(set(years) | {current_fiscal_year(), chosen}, reverse=True):
            combo.addItem(fiscal_year_label(fy), fy)
        combo.setCurrentIndex(max(0, combo.findData(chosen)))
        combo.blockSignals(False)
        dept = self.view.department
        keep = dept.currentText()
        dept.clear()
        dept.addItems(departments)
        dept.setCurrentIndex(max(0, dept.findText(keep)))
        self.view.walks_model.set_rows(rows)
        self.view.walks_table.resizeColumnsToContents()
        if not (current and select_row(self.view.walks_table, lambda w: w.id == current)):
            self.load_people()

    def select_year(self, fy: int) -> None:
        combo = self.view.fiscal_year
        if combo.findData(fy) < 0:
            combo.addItem(fiscal_year_label(fy), fy)
        combo.setCurrentIndex(combo.findData(fy))

    def load_people(self) -> None:
        walk, view = self.walk(), self.view
        enabled = walk is not None
        for w in (view.quick_entry, view.pick_button, view.add_department, view.pick_facilitator, view.add_guide,
                  view.remove_person, view.field_button, view.record_button, view.edit_walk, view.delete_walk):
            w.setEnabled(enabled)
        if walk is None:
            view.walk_title.setText(_("Choose a walk"))
            view.people_model.set_rows([])
            return
        label = f"　{walk.label}" if walk.label else ""
        view.walk_title.setText(f"<b>{walk.route_name}{label}</b>　{format_date(walk.date, weekday=True)}　"
                                f"{walk.start}–{walk.end}　{walk.weather}")
        store = self.store
        self.submit(lambda: walks.walk_people(store, walk.id), lambda rows: self._people(walk.id, rows))

    def _people(self, walk_id: str, rows) -> None:
        if self.walk() is None or self.walk().id != walk_id:
            return  # the people of a walk no longer selected
        self.view.people_model.set_rows(rows)
        self.view.people_table.resizeColumnsToContents()

    def edit_walk(self, new: bool = False) -> None:
        walk, store = None if new else self.walk(), self.store
        if not new and walk is None:
            return
        if walk is not None:
            item = walks.load_walk(store, walk.id)
        else:
            route = next((r for r in self.routes if not r.retired), None)
            item = walks.WalkInput(route.id if route else "", date.today(), template_id=route.template_id if route else None)
        dialog = WalkDialog(item, self.routes, self.templates, self.view)
        self.edit(dialog, lambda value: walks.save_walk(store, value), self._saved)

    def _saved(self, walk_id: str) -> None:
        self.reload(walk_id)

    def delete(self) -> None:
        walk, store = self.walk(), self.store
        if walk is not None:
            self.write(lambda: walks.delete_walk(store, walk.id), lambda _r: self.reload())

    # -- people ------------------------------------------------------------------------------------
    def quick_entry(self) -> None:
        typed, walk = self.view.quick_entry.text(), self.walk()
        self.view.quick_entry.clear()
        if walk is None or not typed.strip():
            return
        store = self.store
        self.write(lambda: walks.quick_add(store, walk.id, typed), lambda r: self._quick_done(typed.strip(), r))

    def _quick_done(self, typed: str, result: walks.QuickAdd) -> None:
        if result.person is None:
            self.view.show_confirmation(_("No staff member has the number {number}").format(number=typed), False)
            return
        if result.already:
            self.view.show_confirmation(_("{name} is already on this walk").format(name=result.person.name), False)
        else:
            self.view.show_confirmation(_("✓ {name} added").format(name=result.person.name), True)
        self._refresh_people()

    def _refresh_people(self) -> None:
        walk = self.walk()
        self.reload(walk.id if walk else None)

    def pick(self, role: str) -> None:
        store = self.store
        self.submit(lambda: people.list_staff(store), lambda staff: self._open_picker(staff, role))

    def _open_picker(self, staff, role: str) -> None:
        picker = StaffPicker(staff, self.view)
        picker.chosen.connect(lambda person: self.add_staff(person.id, role))
        self.last_dialog = picker
        picker.open()

    def add_staff(self, staff_id: str, role: str = walks.PARTICIPANT) -> None:
        walk, store = self.walk(), self.store
        if walk is not None:
            self.write(lambda: walks.add_person(store, walk.id, staff_id, role),
                       lambda r: self._quick_done(r.person.staff_no, r))

    def add_department(self) -> None:
        walk, dept, store = self.walk(), self.view.department.currentText(), self.store
        if walk is None or not dept:
            return
        self.write(lambda: walks.add_department(store, walk.id, dept), lambda n: self._department_added(dept, n))

    def _department_added(self, dept: str, n: int) -> None:
        self.view.show_confirmation(_("{department}: {n} people added").format(department=dept, n=n), True)
        self._refresh_people()

    def add_guide(self) -> None:
        walk, store = self.walk(), self.store
        name, org = self.view.guide_name.text(), self.view.guide_org.text()
        if walk is None or not name.strip():
            return
        self.write(lambda: walks.add_guide(store, walk.id, name, org), lambda _r: self._guide_added(name))

    def _guide_added(self, name: str) -> None:
        self.view.guide_name.clear()
        self.view.guide_org.clear()
        self.view.show_confirmation(_("✓ {name} added").format(name=name.strip()), True)
        self._refresh_people()

    def remove(self) -> None:
        person, store = selected(self.view.people_table), self.store
        if person is not None:
            self.write(lambda: walks.remove_person(store, person.id), lambda _r: self._refresh_people())

