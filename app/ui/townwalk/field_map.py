"""Field mode's map: where the facilitator is in the walk. The side area shows either the notes
and photos or the route map (one 44 px button in the top bar swaps them), so the map costs the
page no height and the big buttons stay on a 1366×768 screen.

``FieldMapController`` follows the field controller: the walk's stops are loaded on the worker
when a walk opens; the marks (current stop, stops done) are recomputed from the sheet held in
memory at every page turn and after every saved change — no query per tick."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from app.i18n import _
from app.services.townwalk.route_maps import field_marks, walk_map_stops
from app.ui.townwalk.route_map_widget import CURRENT, DONE, ROUTE, RouteMapWidget

SIDE_WIDTH = 400


class SidePanel(QStackedWidget):
    """Page 0: the notes and photos (``side``); page 1: the route map with its key."""

    def __init__(self, side: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMaximumWidth(SIDE_WIDTH)
        self.addWidget(side)
        page = QWidget(self)
        self.map = RouteMapWidget(page, marker=13, strip=32)
        self.key = QLabel(page)
        self.key.setObjectName("route_map_key")
        self.key.setWordWrap(True)
        self.key.setText("　".join(f'<span style="color:{c.name()}">{dot}</span> {t}' for c, dot, t in (
            (CURRENT, "●", _("you are here")), (DONE, "●", _("done")), (ROUTE, "○", _("still to walk")))))
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.map, 1)
        box.addWidget(self.key)
        self.addWidget(page)

    def show_map(self, shown: bool) -> None:
        self.setCurrentIndex(1 if shown else 0)

    def map_shown(self) -> bool:
        return self.currentIndex() == 1


class FieldMapController(QObject):
    def __init__(self, field, widget: RouteMapWidget):
        super().__init__(widget)
        self.field, self.widget = field, widget
        self.walk_id: str | None = None
        field.page_shown.connect(self.refresh)
        field.changed.connect(self.refresh)

    def refresh(self, *_args) -> None:
        sheet = self.field.sheet
        if sheet is None:
            return
        if sheet.walk_id != self.walk_id:
            self.walk_id = walk_id = sheet.walk_id
            store = self.field.store
            self.widget.set_stops(None)
            self.field.submit(lambda: walk_map_stops(store, walk_id), lambda stops: self._loaded(walk_id, stops))
            return
        self.widget.set_marks(field_marks(sheet, self.field.page))

    def _loaded(self, walk_id: str, stops) -> None:
        if walk_id != self.walk_id:
            return  # another walk was opened meanwhile
        self.widget.set_stops(stops)
        self.refresh()
