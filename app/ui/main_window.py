"""The main window: tabs, menus and status bar. Wiring only; the work happens in services."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QStackedWidget, QTabWidget, QWidget

from app import __version__
from app.context import AppContext
from app.errors import FieldDeskError, ImportRejected
from app.i18n import _
from app.services import people
from app.services.demo import load_demo
from app.services.history import record_history
from app.services.participation import fiscal_years
from app.services.transfer import export_file, import_file, import_summary
from app.ui.attendance.controller import AttendanceController
from app.ui.attendance.editing import EditingController
from app.ui.attendance.participation_controller import ParticipationController
from app.ui.attendance.report_actions import ReportActions
from app.ui.attendance.view import AttendanceView
from app.ui.backup_actions import BackupActions
from app.ui.dialogs.history import HistoryDialog
from app.ui.dialogs.settings import SettingsDialog
from app.ui.dialogs.transfer import ProblemsDialog, TransferDialog
from app.ui.geometry import fit_window
from app.ui.staff.view import StaffView
from app.ui.sync_controller import SyncController
from app.ui.welcome import WelcomePage
from app.ui.widgets.fit import ElidedLabel


class MainWindow(QMainWindow):
    data_changed = Signal()  # after any write: views reload what they show
    refreshed = Signal()  # after the views have their data (tests and the self-test wait for it)

    def __init__(self, ctx: AppContext, runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.setWindowTitle(_("FieldDesk"))
        self.placement = fit_window(self, ctx)  # opens within the screen, comes back where it was

        self.welcome = WelcomePage(self)
        self.welcome.load_demo_requested.connect(self.load_demo)
        self.welcome.import_requested.connect(self.import_table)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("main_tabs")
        self.attendance_view = AttendanceView(self)
        self.attendance = AttendanceController(self.attendance_view, ctx, runner)
        # The status-bar totals follow each change at once: a count is queued right behind the
        # write; while one waits in the queue a second is not added (it will see both writes).
        self._summary_queued = False
        self.attendance.changed.connect(self.refresh_summary)
        self.tabs.addTab(self.attendance_view, _("Council attendance"))
        self.participation = ParticipationController(self.attendance_view.participation, ctx, runner,
                                                     on_error=self.report_error)
        self.attendance_view.pages.currentChanged.connect(self._page_changed)
        self.editing = EditingController(self.attendance, self)
        self.reports = ReportActions(self.attendance, self.participation, self)
        self.editing.saved.connect(self._record_saved)
        self.staff_view = StaffView(self)
        self.staff_view.history_requested.connect(self.show_history)
        self.staff_view.new_requested.connect(self.editing.new_staff)
        self.staff_view.edit_requested.connect(lambda row: self.editing.edit_staff(row.id))
        from app.ui.townwalk import TownWalkTab

        self.townwalk = TownWalkTab(ctx, runner, self)
        self.townwalk.changed.connect(self.refresh_summary)
        self.tabs.insertTab(1, self.townwalk, _("Town walks"))
        from app.ui.survey.tab import SurveyTab

        self.survey = SurveyTab(ctx, runner, self)
        self.survey.changed.connect(self.refresh_summary)
        self.tabs.insertTab(2, self.survey, _("Business-improvement survey"))
        self.tabs.addTab(self.staff_view, _("Staff"))
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.tabs)
        self.setCentralWidget(self.pages)

        self._build_menus()
        self.status_counts = ElidedLabel(parent=self)  # elided, not widening the window
        self.status_user = ElidedLabel(parent=self)
        self.statusBar().addWidget(self.status_counts, 1)
        self.statusBar().addPermanentWidget(self.status_user)
        self.status_user.setText(_("User: {user} · Laptop {device}").format(
            user=ctx.settings.user_name, device=ctx.store.device_id[:8]))
        self.attendance.message.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        self.sync = SyncController(ctx, runner, self.statusBar(), self)
        self.sync.finished.connect(self._synced)
        # Every job's default for a failure the user can act on (disk full, read-only, locked): a
        # plain message, never the crash dialog (app/ui/tasks.py: deliver).
        runner.on_expected = self.report_error
        self.sync.share_runner.on_expected = self.report_error
        self.data_changed.connect(self.refresh)
        self.last_message = ""
        self.last_dialog: QWidget | None = None

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        self.import_action = QAction(_("&Import…"), self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self.import_table)
        self.export_action = QAction(_("&Export…"), self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(self.export_table)
        self.demo_action = QAction(_("Load sample data"), self)
        self.demo_action.triggered.connect(self.load_demo)
        quit_action = QAction(_("&Quit"), self)
        quit_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Quit) or [QKeySequence("Ctrl+Q")])
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.close)
        for action in (self.import_action, self.export_action, self.demo_action):
            file_menu.addAction(action)
        self.backups = BackupActions(self, file_menu)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        sync_menu = self.menuBar().addMenu(_("S&ync"))
        self.sync_action = QAction(_("Sync now"), self)
        self.sync_action.setShortcut(QKeySequence("F5"))
        self.sync_action.triggered.connect(lambda: self.sync.sync())
        self.conflicts_action = QAction(_("Conflicts…"), self)
        self.conflicts_action.triggered.connect(self.show_conflicts)
        sync_menu.addAction(self.sync_action)
        sync_menu.addAction(self.conflicts_action)
        toolbar = self.addToolBar(_("Sync"))
        toolbar.setObjectName("sync_toolbar")
        toolbar.setMovable(False)
        toolbar.addAction(self.sync_action)
        toolbar.addAction(self.conflicts_action)
        settings_menu = self.menuBar().addMenu(_("&Settings"))
        self.settings_action = QAction(_("Settings…"), self)
        self.settings_action.triggered.connect(self.edit_settings)
        settings_menu.addAction(self.settings_action)
        help_menu = self.menuBar().addMenu(_("&Help"))
        from app.ui.dialogs.guide import add_guide_action  # 使い方ガイド (F1), non-modal
        self.guide_action = add_guide_action(self, help_menu)
        about = QAction(_("About FieldDesk"), self)
        about.triggered.connect(self.about)
        help_menu.addAction(about)

    # -- loading -------------------------------------------------------------------------------
    def refresh(self) -> None:
        store = self.ctx.store
        self.runner.submit(lambda: (people.summary(store), people.list_staff(store), fiscal_years(store)),
                           self._show_data, self.report_error)

    def _show_data(self, result) -> None:
        summary, staff, years = result
        self.pages.setCurrentWidget(self.welcome if summary.empty else self.tabs)
        self.staff_view.set_rows(staff)
        self._show_summary(summary)
        self.attendance.set_years(years)
        self.attendance.reload()
        self.attendance.reload_current()
        if self.attendance_view.pages.currentWidget() is self.attendance_view.participation:
            self.participation.reload()
        self.townwalk.reload()
        self.survey.reload()
        self.refreshed.emit()

    def _synced(self, summary) -> None:
        if summary.received or summary.new_device_id:
            self.data_changed.emit()
        if summary.quarantined or summary.ignored:
            self.statusBar().showMessage(_("Sync: {n} files in the shared folder were set aside (see the tooltip)").format(
                n=len(summary.quarantined) + len(summary.ignored)), 10_000)

    def show_conflicts(self) -> None:
        from app.services.sync import conflict_rows
        from app.ui.dialogs.conflicts import ConflictsDialog

        store = self.ctx.store

        def show(rows) -> None:
            dialog = ConflictsDialog(rows, store.device_id, self)
            dialog.resolve_requested.connect(lambda c, action: self._resolve(dialog, c, action))
            dialog.history_requested.connect(lambda c, label: self.show_record_history(c.tbl, c.row_id, label))
            self._open(dialog)

        self.runner.submit(lambda: conflict_rows(store), show, self.report_error)

    def _resolve(self, dialog, conflict, action: str) -> None:
        from app.services.sync import conflict_rows, resolve

        store = self.ctx.store
        self.runner.submit(lambda: (resolve(store, conflict, action), conflict_rows(store))[1],
                           lambda rows: (dialog.set_rows(rows), self.data_changed.emit(), self.sync.refresh_state()),
                           self.report_error)

    def _page_changed(self, _index: int) -> None:
        if self.attendance_view.pages.currentWidget() is self.attendance_view.participation:
            self.participation.reload()

    def _record_saved(self, table: str, _record_id: str) -> None:
        self.data_changed.emit()

    def refresh_summary(self) -> None:
        """Count again behind the writes queued so far (the worker runs jobs in order)."""
        if self._summary_queued:
            return
        self._summary_queued = True
        store = self.ctx.store

        def counted(summary) -> None:
            self._summary_queued = False
            self._show_summary(summary)

        def failed(exc: BaseException) -> None:
            self._summary_queued = False
            self.report_error(exc)

        self.runner.submit(lambda: people.summary(store), counted, failed)

    def _show_summary(self, summary) -> None:
        self.status_counts.setText(_("Staff {staff} · Councils {councils} · Meetings {meetings} · Marks {attendance}").format(
            staff=summary.staff, councils=summary.councils, meetings=summary.meetings, attendance=summary.attendance))

    # -- actions -------------------------------------------------------------------------------
    def load_demo(self) -> None:
        store = self.ctx.store
        self.welcome.demo_button.setEnabled(False)
        self.statusBar().showMessage(_("Loading sample data…"))
        self.runner.submit(lambda: load_demo(store), self._demo_loaded, self.report_error)

    def _demo_loaded(self, counts) -> None:
        self.welcome.demo_button.setEnabled(True)
        self.statusBar().showMessage(_("Sample data loaded."), 5000)
        self.data_changed.emit()

    def import_table(self) -> None:
        dialog = TransferDialog(exporting=False, language=self.ctx.settings.language, ctx=self.ctx, parent=self)
        if dialog.exec() != TransferDialog.DialogCode.Accepted:
            return
        self.run_import(dialog.kind_name(), dialog.file(), dialog.dry_run.isChecked())

    def run_import(self, kind: str, path, dry_run: bool = False) -> None:
        store = self.ctx.store
        self.runner.submit(lambda: import_file(store, kind, path, dry_run=dry_run), self._imported, self.report_error)

    def _imported(self, result) -> None:
        self.last_message = import_summary(result)
        self.notify(_("Import"), self.last_message)
        self.data_changed.emit()

    def export_table(self) -> None:
        dialog = TransferDialog(exporting=True, language=self.ctx.settings.language, ctx=self.ctx, parent=self)
        if dialog.exec() != TransferDialog.DialogCode.Accepted:
            return
        self.run_export(dialog.kind_name(), dialog.file(), dialog.headers.currentData())

    def run_export(self, kind: str, path, lang: str) -> None:
        store = self.ctx.store
        self.runner.submit(lambda: (path, export_file(store, kind, path, lang=lang)), self._exported, self.report_error)

    def _exported(self, result) -> None:
        path, n = result
        self.last_message = _("{file}: {rows} rows written.").format(file=path, rows=n)
        self.notify(_("Export"), self.last_message)

    def show_history(self, row: people.StaffRow) -> None:
        self.show_record_history("staff", row.id, f"{row.staff_no} {row.name}")

    def show_record_history(self, table: str, row_id: str, label: str) -> None:
        """Every version of each field of any record (staff tab, conflicts view)."""
        store = self.ctx.store
        self.runner.submit(lambda: record_history(store, table, row_id),
                           lambda entries: self._open(HistoryDialog(label, entries, self)), self.report_error)

    def edit_settings(self) -> None:
        dialog = SettingsDialog(self.ctx.settings, str(self.ctx.paths.root), self)
        if dialog.exec() == SettingsDialog.DialogCode.Accepted:
            dialog.apply_to(self.ctx.settings)
            self.ctx.store.user = self.ctx.settings.user_name
            self.ctx.store.staff_no_width = self.ctx.settings.staff_no_width
            self.sync.apply_settings()
            try:
                self.ctx.settings.save(self.ctx.paths.settings)
            except FieldDeskError as exc:
                self.report_error(exc)

    def about(self) -> None:
        QMessageBox.about(self, _("About FieldDesk"), _("FieldDesk {version}\nData folder: {folder}\nLaptop id: {device}").format(
            version=__version__, folder=self.ctx.paths.root, device=self.ctx.store.device_id))

    def report_error(self, exc: BaseException) -> None:
        """Expected failures get a plain message; anything else is a bug for the crash hook."""
        self.welcome.demo_button.setEnabled(True)
        if isinstance(exc, ImportRejected):
            self.last_message = str(exc)
            self._open(ProblemsDialog(exc.file, exc.problems, self))
        elif isinstance(exc, FieldDeskError):
            self.last_message = str(exc)
            self.notify(_("FieldDesk"), str(exc), QMessageBox.Icon.Warning)
        else:
            raise exc

    def notify(self, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Information) -> None:
        """A window-modal message that does not block the event loop (and so never blocks a test)."""
        self._open(QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self))

    def _open(self, dialog: QWidget) -> None:
        self.last_dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.sync.stop()
        self.backups.timer.stop()
        self.runner.shutdown()  # the marks queued before the close are committed first
        self.sync.finish()  # then one last round on the share worker, bounded: a hanging share cannot hold the close
        super().closeEvent(event)

