"""Dialogs of the town-walk tab, on the attendance tab's ``RecordDialog`` (reasons beside fields).
Views only: OK runs the service's store-free rules (``check_route`` …) on the value and emits
``submitted`` with the service's Input; the tab's controllers save."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from app.domain.enums import District
from app.domain.parsing import tidy_time
from app.i18n import _
from app.services.townwalk.routes import RouteInput, StopInput, check_route, validate_stop
from app.services.townwalk.templates import PHASES, ItemInput, TemplateRow, check_item, phase_label
from app.services.townwalk.walks import WalkInput, check_walk
from app.ui.attendance.dialogs import RecordDialog, date_input_problem
from app.ui.widgets.date_edit import WarekiDateEdit


def _line(text: str = "", placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    edit.setPlaceholderText(placeholder)
    return edit


def _text(text: str, lines: int = 3) -> QPlainTextEdit:
    edit = QPlainTextEdit(text)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 12)
    return edit


def _spin(value: int, maximum: int, suffix: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(0, maximum)
    spin.setSuffix(suffix)
    spin.setValue(max(0, value))
    return spin


def template_combo(templates: list[TemplateRow], chosen: str | None) -> QComboBox:
    combo = QComboBox()
    combo.addItem(_("(none)"), None)
    for t in templates:
        if not t.retired or t.id == chosen:
            combo.addItem(t.name, t.id)
    combo.setCurrentIndex(max(0, combo.findData(chosen)) if chosen else 0)
    return combo


class RouteDialog(RecordDialog):
    def __init__(self, item: RouteInput | None, templates: list[TemplateRow], parent: QWidget | None = None):
        self.item = item or RouteInput(code="", name="", district="")
        super().__init__(_("Edit route") if self.item.id else _("New route"), parent)
        self.code = self.add_field("code", _("Route code"), _line(self.item.code, "SHIBA01"))
        self.name = self.add_field("name", _("Route name"), _line(self.item.name))
        self.district = QComboBox()
        self.district.setPlaceholderText(_("Choose…"))
        for district in District:
            self.district.addItem(district.label(), district.value)
        self.district.setCurrentIndex(self.district.findData(self.item.district))
        self.add_field("district", _("District"), self.district)
        self.description = self.add_field("description", _("Description"), _text(self.item.description))
        self.minutes = self.add_field("minutes", _("Estimated time"), _spin(self.item.minutes, 1440, _(" min")))
        self.distance = self.add_field("distance_m", _("Distance"), _spin(self.item.distance_m, 100_000, " m"))
        self.template = self.add_field("template_id", _("Checklist"), template_combo(templates, self.item.template_id))
        self.finish_layout()

    def check(self, item: RouteInput) -> dict[str, str]:
        return check_route(item)

    def value(self) -> RouteInput:
        return RouteInput(self.code.text().strip(), self.name.text().strip(), self.district.currentData() or "",
                          self.description.toPlainText(), self.minutes.value(), self.distance.value(),
                          self.template.currentData(), id=self.item.id)


class StopDialog(RecordDialog):
    def __init__(self, item: StopInput, parent: QWidget | None = None):
        self.item = item
        super().__init__(_("Edit stop") if item.id else _("New stop"), parent)
        self.name = self.add_field("name", _("Stop"), _line(item.name))
        self.address = self.add_field("address", _("Address or landmark"), _line(item.address))
        self.lat = self.add_field("lat", _("Latitude"), _line(item.lat, "35.6586"))
        self.lon = self.add_field("lon", _("Longitude"), _line(item.lon, "139.7454"))
        self.point_out = self.add_field("point_out", _("Point out"), _text(item.point_out))
        self.notes = self.add_field("notes", _("Route notes"), _text(item.notes, 4))
        self.notes.setPlaceholderText(_("Directions to the next stop, hazards, toilets, where to gather"))
        self.finish_layout()

    def check(self, item: StopInput) -> dict[str, str]:
        return validate_stop(item)

    def value(self) -> StopInput:
        return StopInput(self.item.route_id, self.name.text().strip(), self.address.text().strip(),
                         self.lat.text().strip(), self.lon.text().strip(), self.point_out.toPlainText(),
                         self.notes.toPlainText(), id=self.item.id)


class ItemDialog(RecordDialog):
    def __init__(self, item: ItemInput, parent: QWidget | None = None):
        self.item = item
        super().__init__(_("Edit checklist item") if item.id else _("New checklist item"), parent)
        self.phase = QComboBox()
        for phase in PHASES:
            self.phase.addItem(phase_label(phase), phase)
        self.phase.setCurrentIndex(max(0, self.phase.findData(item.phase)))
        self.add_field("phase", _("When"), self.phase)
        self.text = self.add_field("text", _("Item"), _line(item.text))
        self.category = self.add_field("category", _("Category"), _line(item.category, _("e.g. 安全, 防災")))
        self.required = QCheckBox(_("Must be checked on every walk"))
        self.required.setChecked(item.required)
        self.add_field("required", _("Required"), self.required)
        self.finish_layout()

    def check(self, item: ItemInput) -> dict[str, str]:
        return check_item(item)

    def value(self) -> ItemInput:
        return ItemInput(self.item.template_id, self.phase.currentData(), self.text.text().strip(),
                         self.category.text().strip(), self.required.isChecked(), id=self.item.id)


class WalkDialog(RecordDialog):
    def __init__(self, item: WalkInput, routes, templates: list[TemplateRow], parent: QWidget | None = None):
        self.item = item
        super().__init__(_("Edit walk") if item.id else _("New walk"), parent)
        self.route = QComboBox()
        for r in routes:
            if not r.retired or r.id == item.route_id:
                self.route.addItem(f"{r.code}　{r.name}", r.id)
        self.route.setCurrentIndex(max(0, self.route.findData(item.route_id)))
        self.add_field("route_id", _("Route"), self.route)
        self.date = self.add_field("date", _("Date"), WarekiDateEdit())
        self.date.set_date(item.date)
        self.label = self.add_field("label", _("Label"), _line(item.label, _("e.g. 午前, A班 (when a route is walked twice a day)")))
        self.template = self.add_field("template_id", _("Checklist"), template_combo(templates, item.template_id))
        self.weather = self.add_field("weather", _("Weather"), _line(item.weather, _("e.g. 晴れ")))
        hint = _("e.g. 19:00 or 19時")
        self.start = self.add_field("start", _("Start"), _line(item.start, hint))
        self.end = self.add_field("end", _("End"), _line(item.end, hint))
        self.notes = self.add_field("notes", _("Notes"), _text(item.notes))
        self.finish_layout()

    def input_problems(self) -> dict[str, str]:
        return date_input_problem(self.date)

    def check(self, item: WalkInput) -> dict[str, str]:
        return check_walk(item)

    def value(self) -> WalkInput:
        return WalkInput(self.route.currentData() or "", self.date.date(), self.label.text().strip(),
                         self.template.currentData(), self.weather.text().strip(), tidy_time(self.start.text()),
                         tidy_time(self.end.text()), self.notes.toPlainText(), id=self.item.id)
