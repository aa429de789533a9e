"""Routes and their ordered stops: a route list beside the chosen route's stops. A route that
has walks is retired rather than deleted; the route sheet PDF is printed from here."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from app.domain.route_map import map_stops
from app.i18n import _
from app.services.townwalk import routes as tw
from app.services.townwalk import templates
from app.ui.townwalk.common import PageController, button, select_row, selected, table
from app.ui.townwalk.dialogs import RouteDialog, StopDialog
from app.ui.townwalk.models import STOP_COLUMNS, routes_model, table_model
from app.ui.townwalk.route_map_widget import RouteMapWidget


class RoutesView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        left = QWidget(self)
        self.routes_model = routes_model(self)
        self.routes_table = table(left, self.routes_model, "routes_table", stretch=1)
        self.new_route = button(_("New route…"), left, "new_route")
        self.edit_route = button(_("Edit…"), left, "edit_route")
        self.duplicate_route = button(_("Duplicate"), left, "duplicate_route")
        self.retire_route = button(_("Retire / delete"), left, "retire_route")
        self.restore_route = button(_("Restore"), left, "restore_route")
        self.sheet_button = button(_("Route sheet (PDF)…"), left, "route_sheet")
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        for b in (self.new_route, self.edit_route, self.duplicate_route):
            row1.addWidget(b)
        for b in (self.retire_route, self.restore_route, self.sheet_button):
            row2.addWidget(b)
        box = QVBoxLayout(left)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.routes_table, 1)
        box.addLayout(row1)
        box.addLayout(row2)
        right = QWidget(self)
        self.route_title = QLabel(right)
        self.route_title.setObjectName("route_title")
        self.route_title.setWordWrap(True)
        self.stops_model = table_model(STOP_COLUMNS, self)
        self.stops_table = table(right, self.stops_model, "stops_table", stretch=4)
        self.add_stop = button(_("Add stop…"), right, "add_stop")
        self.edit_stop = button(_("Edit…"), right, "edit_stop")
        self.stop_up = button(_("▲ Up"), right, "stop_up")
        self.stop_down = button(_("▼ Down"), right, "stop_down")
        self.remove_stop = button(_("Remove"), right, "remove_stop")
        stops_buttons = QHBoxLayout()
        for b in (self.add_stop, self.edit_stop, self.stop_up, self.stop_down, self.remove_stop):
            stops_buttons.addWidget(b)
        self.route_map = RouteMapWidget(right, names=True)  # redrawn from the stops each time they are loaded
        stops_box = QSplitter(Qt.Orientation.Vertical, right)
        stops_box.setChildrenCollapsible(False)
        stops_box.addWidget(self.stops_table)
        stops_box.addWidget(self.route_map)
        stops_box.setSizes([300, 260])
        box = QVBoxLayout(right)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.route_title)
        box.addWidget(stops_box, 1)
        box.addLayout(stops_buttons)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([560, 700])  # route names whole at 1366 px
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)


class RoutesController(PageController):
    def __init__(self, view: RoutesView, ctx, runner):
        super().__init__(view, ctx, runner)
        self.templates: list[templates.TemplateRow] = []
        view.routes_table.selectionModel().selectionChanged.connect(lambda *_a: self.load_stops())
        view.routes_table.doubleClicked.connect(lambda _i: self.edit_route())
        view.stops_table.doubleClicked.connect(lambda _i: self.edit_stop())
        view.stops_table.selectionModel().selectionChanged.connect(lambda *_a: self._mark_stop())
        view.new_route.clicked.connect(lambda: self.edit_route(new=True))
        view.edit_route.clicked.connect(lambda: self.edit_route())
        view.duplicate_route.clicked.connect(self.duplicate)
        view.retire_route.clicked.connect(self.retire)
        view.restore_route.clicked.connect(self.restore)
        view.add_stop.clicked.connect(lambda: self.edit_stop(new=True))
        view.edit_stop.clicked.connect(lambda: self.edit_stop())
        view.stop_up.clicked.connect(lambda: self.move(-1))
        view.stop_down.clicked.connect(lambda: self.move(1))
        view.remove_stop.clicked.connect(self.remove_stop)

    def route(self) -> tw.RouteRow | None:
        return selected(self.view.routes_table)

    def reload(self, select_id: str | None = None) -> None:
        current = select_id or (self.route().id if self.route() else None)
        store = self.store
        self.submit(lambda: (tw.list_routes(store), templates.list_templates(store)), lambda r: self._show(*r, current))

    def _show(self, routes, template_rows, current) -> None:
        self.templates = template_rows
        self.view.routes_model.set_rows(routes)
        self.view.routes_table.resizeColumnsToContents()
        if not (current and select_row(self.view.routes_table, lambda r: r.id == current)):
            self.load_stops()

    def load_stops(self, select_id: str | None = None) -> None:
        route = self.route()
        view = self.view
        if route is None:
            view.route_title.setText(_("Choose a route"))
            view.stops_model.set_rows([])
            view.route_map.set_stops([])
            return
        km = f"{route.distance_m / 1000:.1f} km" if route.distance_m else ""
        view.route_title.setText(f"<b>{route.code}　{route.name}</b>　{km}　"
                                 + (_("about {n} min").format(n=route.minutes) if route.minutes else ""))
        store = self.store
        self.submit(lambda: tw.route_stops(store, route.id), lambda rows: self._stops(rows, select_id))

    def _stops(self, rows, select_id) -> None:
        self.view.stops_model.set_rows(rows)
        self.view.stops_table.resizeColumnsToContents()
        self.view.route_map.set_stops(map_stops(rows))
        if select_id:
            select_row(self.view.stops_table, lambda s: s.id == select_id)
        self._mark_stop()

    def _mark_stop(self) -> None:
        """The stop chosen in the table is the one highlighted on the map."""
        stop = self.stop()
        self.view.route_map.set_marks({stop.position: "selected"} if stop is not None else {})

    def edit_route(self, new: bool = False) -> None:
        store, route = self.store, None if new else self.route()
        if not new and route is None:
            return
        item = tw.load_route(store, route.id) if route else None
        dialog = RouteDialog(item, self.templates, self.view)
        self.edit(dialog, lambda value: tw.save_route(store, value), self.reload)

    def duplicate(self) -> None:
        route, store = self.route(), self.store
        if route is not None:
            self.write(lambda: tw.duplicate_route(store, route.id), self.reload)

    def retire(self) -> None:
        route, store = self.route(), self.store
        if route is not None:
            self.write(lambda: tw.retire_or_delete_route(store, route.id), lambda _r: self.reload())

    def restore(self) -> None:
        route, store = self.route(), self.store
        if route is not None and route.retired:
            self.write(lambda: tw.restore_route(store, route.id), lambda _r: self.reload(route.id))

    def stop(self) -> tw.StopRow | None:
        return selected(self.view.stops_table)

    def edit_stop(self, new: bool = False) -> None:
        route, stop, store = self.route(), None if new else self.stop(), self.store
        if route is None or (not new and stop is None):
            return
        item = tw.StopInput(route.id, "") if stop is None else tw.StopInput(
            route.id, stop.name, stop.address, stop.lat, stop.lon, stop.point_out, stop.notes, id=stop.id)
        self.edit(StopDialog(item, self.view), lambda value: tw.save_stop(store, value), self._stop_saved)

    def _stop_saved(self, stop_id: str) -> None:
        self.reload()
        self.load_stops(stop_id)

    def move(self, delta: int) -> None:
        stop, store = self.stop(), self.store
        if stop is not None:
            self.write(lambda: tw.move_stop(store, stop.id, delta), lambda _r: self.load_stops(stop.id))

    def remove_stop(self) -> None:
        stop, store = self.stop(), self.store
        if stop is not None:
            self.write(lambda: tw.delete_stop(store, stop.id), lambda _r: self._stop_saved(""))
