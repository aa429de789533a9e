"""Table models of the town-walk tab: declarative columns over the services' DTOs."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.domain.enums import District
from app.domain.wareki import format_date
from app.i18n import _
from app.services.townwalk.coverage import CoveragePerson, DepartmentFigure, DistrictFigure
from app.services.townwalk.routes import RouteRow, StopRow
from app.services.townwalk.templates import ItemRow, TemplateRow, phase_label
from app.services.townwalk.walks import FACILITATOR, PersonRow, WalkRow
from app.ui.widgets.table_model import DtoTableModel, RowStyle, TableColumn

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
GREY = RowStyle(foreground="#777777", background="#f2f2f2")


def district_label(value: str) -> str:
    try:
        return District(value).label()
    except ValueError:
        return value


def _yes(flag: bool) -> str:
    return "●" if flag else ""


ROUTE_COLUMNS: list[TableColumn[RouteRow]] = [
    TableColumn(lambda: _("Code"), lambda r: r.code),
    TableColumn(lambda: _("Route"), lambda r: r.name + (_(" (retired)") if r.retired else "")),
    TableColumn(lambda: _("District"), lambda r: district_label(r.district)),
    TableColumn(lambda: _("Stops"), lambda r: r.stops, RIGHT),
    TableColumn(lambda: _("Walks"), lambda r: r.walks, RIGHT),
]
STOP_COLUMNS: list[TableColumn[StopRow]] = [
    TableColumn(lambda: _("No."), lambda s: s.position, RIGHT),
    TableColumn(lambda: _("Stop"), lambda s: s.name),
    TableColumn(lambda: _("Address or landmark"), lambda s: s.address),
    TableColumn(lambda: _("Point out"), lambda s: s.point_out.replace("\n", " ")),
    TableColumn(lambda: _("Route notes"), lambda s: s.notes.replace("\n", " ")),
]
TEMPLATE_COLUMNS: list[TableColumn[TemplateRow]] = [
    TableColumn(lambda: _("Checklist"), lambda t: t.name + (_(" (retired)") if t.retired else "")),
    TableColumn(lambda: _("Items"), lambda t: t.items, RIGHT),
]
ITEM_COLUMNS: list[TableColumn[ItemRow]] = [
    TableColumn(lambda: _("When"), lambda i: phase_label(i.phase)),
    TableColumn(lambda: _("No."), lambda i: i.position, RIGHT),
    TableColumn(lambda: _("Item"), lambda i: i.text),
    TableColumn(lambda: _("Category"), lambda i: i.category),
    TableColumn(lambda: _("Required"), lambda i: _yes(i.required)),
]
WALK_COLUMNS: list[TableColumn[WalkRow]] = [
    TableColumn(lambda: _("Date"), lambda w: format_date(w.date, weekday=True)),
    TableColumn(lambda: _("Route"), lambda w: w.route_name + (f"　{w.label}" if w.label else "")),
    TableColumn(lambda: _("District"), lambda w: district_label(w.district)),
    TableColumn(lambda: _("Participants"), lambda w: w.participants, RIGHT),
    TableColumn(lambda: _("Checked"), lambda w: f"{w.checked} / {w.items}", RIGHT),
]
PEOPLE_COLUMNS: list[TableColumn[PersonRow]] = [
    TableColumn(lambda: _("Role"), lambda p: _("Facilitator") if p.role == FACILITATOR else _("Participant")),
    TableColumn(lambda: _("Staff no."), lambda p: p.staff_no or _("(guide)")),
    TableColumn(lambda: _("Name"), lambda p: p.name),
    TableColumn(lambda: _("Department or organisation"), lambda p: p.department),
]
DEPARTMENT_COLUMNS: list[TableColumn[DepartmentFigure]] = [
    TableColumn(lambda: _("Department"), lambda d: d.department or _("(no department)")),
    TableColumn(lambda: _("Staff"), lambda d: d.staff, RIGHT),
    TableColumn(lambda: _("Walked"), lambda d: d.walked, RIGHT),
    TableColumn(lambda: _("Not yet"), lambda d: d.not_yet, RIGHT),
    TableColumn(lambda: _("Coverage rate"), lambda d: f"{d.rate * 100:.1f}%", RIGHT),
]
DISTRICT_COLUMNS: list[TableColumn[DistrictFigure]] = [
    TableColumn(lambda: _("District"), lambda d: district_label(d.district)),
    TableColumn(lambda: _("Walks held"), lambda d: d.walks, RIGHT),
    TableColumn(lambda: _("Staff who walked there"), lambda d: d.walkers, RIGHT),
]
NOT_YET_COLUMNS: list[TableColumn[CoveragePerson]] = [
    TableColumn(lambda: _("Staff no."), lambda p: p.staff_no),
    TableColumn(lambda: _("Name"), lambda p: p.name),
    TableColumn(lambda: _("Reading"), lambda p: p.kana),
    TableColumn(lambda: _("Department"), lambda p: p.department),
]


def routes_model(parent=None) -> DtoTableModel[RouteRow]:
    return DtoTableModel(ROUTE_COLUMNS, parent, row_style=lambda r: GREY if r.retired else None)


def templates_model(parent=None) -> DtoTableModel[TemplateRow]:
    return DtoTableModel(TEMPLATE_COLUMNS, parent, row_style=lambda t: GREY if t.retired else None)


def table_model(columns, parent=None) -> DtoTableModel:
    return DtoTableModel(columns, parent)
