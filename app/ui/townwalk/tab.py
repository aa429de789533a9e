"""The まちあるき研修 tab: one entry point for the main window. Five pages — walks (the default),
field mode, routes, checklists, coverage — each a view with its controller; PDFs from here.

After a close or a crash the tab reopens field mode on the walk and page the facilitator was on,
and a walk opened again after leaving field mode opens on the page it was left at (the positions
are kept in the store, see ``services.townwalk.field``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.i18n import _
from app.services.townwalk import field
from app.ui.file_dialogs import ask_save
from app.ui.townwalk.coverage_page import CoverageController, CoverageView
from app.ui.townwalk.field_controller import FieldController
from app.ui.townwalk.field_map import FieldMapController
from app.ui.townwalk.field_page import FieldView
from app.ui.townwalk.routes_page import RoutesController, RoutesView
from app.ui.townwalk.templates_page import TemplatesController, TemplatesView
from app.ui.townwalk.walks_page import WalksController, WalksView


class TownWalkTab(QWidget):
    changed = Signal()  # a write happened (the main window refreshes its counts)
    report_written = Signal(object)  # Path

    def __init__(self, ctx, runner, parent: QWidget | None = None, *, clock: Callable[[], datetime] = datetime.now,
                 open_reports: bool = True):
        super().__init__(parent)
        self.ctx, self.runner = ctx, runner
        self.open_reports = open_reports  # show written PDFs in the print preview; tests turn it off
        self.last_dialog: QWidget | None = None
        self.pages = QTabWidget(self)
        self.pages.setObjectName("townwalk_pages")
        self.walks_view, self.field_view = WalksView(self), FieldView(self)
        self.routes_view, self.templates_view = RoutesView(self), TemplatesView(self)
        self.coverage_view = CoverageView(self)
        for view, title in ((self.walks_view, _("Walks")), (self.field_view, _("Field mode")),
                            (self.routes_view, _("Routes")), (self.templates_view, _("Checklists")),
                            (self.coverage_view, _("Coverage"))):
            self.pages.addTab(view, title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.pages)
        self.walks = WalksController(self.walks_view, ctx, runner)
        self.field = FieldController(self.field_view, ctx, runner, clock)
        self.field_map = FieldMapController(self.field, self.field_view.route_map)
        self.routes = RoutesController(self.routes_view, ctx, runner)
        self.templates = TemplatesController(self.templates_view, ctx, runner)
        self.coverage = CoverageController(self.coverage_view, ctx, runner)
        for controller in (self.walks, self.field, self.routes, self.templates, self.coverage):
            controller.changed.connect(self.changed)
        self.walks.field_requested.connect(self.open_field)
        self.walks.record_requested.connect(lambda w: self._ask_pdf("walk", w.id, f"walk_{w.route_code}_{w.date}.pdf"))
        self.routes_view.sheet_button.clicked.connect(self._route_sheet)
        self.coverage.report_requested.connect(lambda fy: self._ask_pdf("coverage", fy, f"coverage_{fy}.pdf"))
        self.field.left.connect(self._field_left)
        self.pages.currentChanged.connect(self._page_changed)
        self.pages.setTabEnabled(1, False)
        self._resumed = False

    def reload(self) -> None:
        """Reload every page from the store (the main window calls it after data changes)."""
        self.walks.reload()
        self.routes.reload()
        self.templates.reload()
        if self.pages.currentWidget() is self.coverage_view:
            self.coverage.reload()
        if not self._resumed:
            self._resumed = True
            store = self.ctx.store
            self.runner.submit(lambda: field.saved_position(store), self._resume)

    def _resume(self, position) -> None:
        if position is not None:
            self.open_field(*position)

    def open_field(self, walk_id: str, page: int | None = None) -> None:
        """Field mode on ``walk_id``: on ``page``, or (None) where this laptop last was on it."""
        self.pages.setTabEnabled(1, True)
        self.pages.setCurrentWidget(self.field_view)
        self.field.open(walk_id, page)

    def _field_left(self) -> None:
        self.pages.setCurrentWidget(self.walks_view)
        self.pages.setTabEnabled(1, False)
        self.walks.reload()

    def _page_changed(self, _index: int) -> None:
        if self.pages.currentWidget() is not self.field_view:
            self.field.flush_notes()
        if self.pages.currentWidget() is self.coverage_view:
            self.coverage.reload()
        elif self.pages.currentWidget() is self.walks_view:
            self.walks.reload()

    # -- PDFs --------------------------------------------------------------------------------------
    def _route_sheet(self) -> None:
        route = self.routes.route()
        if route is not None:
            self._ask_pdf("route", route.code, f"route_{route.code}.pdf")

    def _ask_pdf(self, kind: str, key, name: str) -> None:
        path = ask_save(self, self.ctx, "report", _("Save the PDF"), name, "PDF (*.pdf)")
        if path:
            self.save_pdf(kind, key, path)

    def save_pdf(self, kind: str, key, out: Path) -> None:
        """Build the report on the worker (no dialog: tests and scripts call this)."""
        from app.services.townwalk import reports

        store, settings = self.ctx.store, self.ctx.settings
        make = {"route": lambda: reports.route_sheet(store, settings, key, out),
                "walk": lambda: reports.walk_record(store, settings, key, out),
                "coverage": lambda: reports.coverage_report(store, settings, key, out)}[kind]
        self.runner.submit(make, self._written, self.walks.failed)

    def _written(self, path) -> None:
        self.report_written.emit(Path(path))
        if self.open_reports:
            from app.ui.widgets.pdf_preview import preview_report  # Qt printing and PDFium load on first use
            self.last_dialog = preview_report(Path(path), self)
