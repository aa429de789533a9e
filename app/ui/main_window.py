"""The main window: tabs, menus and status bar. Wiring only; the work happens in services.

Paint first, then open (docs/dev/startup.md): built without a store, the window is only its frame
(menus, tab titles, the last-known counts and meeting from app/last_state.py) and imports nothing
but Qt and its own light modules; ``compose`` adds the tabs' real contents once the store is open
(on the worker). Built with an open store (tests, the self-test) it composes at once, as before.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from app import __version__
from app.context import AppContext
from app.errors import FieldDeskError, ImportRejected
from app.i18n import _
from app.last_state import LastState
from app.ui.file_dialogs import size_file_dialogs
from app.ui.first_frame import OpeningIndicator, attendance_placeholder, state_to_keep
from app.ui.geometry import fit_window
from app.ui.welcome import WelcomePage
from app.ui.widgets.fit import ElidedLabel

TAB_TITLES = (lambda: _("Council attendance"), lambda: _("Town walks"), lambda: _("Business-improvement survey"),
              lambda: _("Staff"))


class MainWindow(QMainWindow):
    data_changed = Signal()  # after any write: views reload what they show
    refreshed = Signal()  # after the views have their data (tests and the self-test wait for it)
    roster_shown = Signal()  # a meeting's roster is on screen (the start-up benchmark waits for it)

    def __init__(self, ctx: AppContext, runner, parent: QWidget | None = None, *, last: LastState | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.composed = False
        self.setWindowTitle(_("FieldDesk"))
        self.placement = fit_window(self, ctx)  # opens within the screen, comes back where it was
        size_file_dialogs(QApplication.instance())

        self.welcome = WelcomePage(self)
        self.welcome.load_demo_requested.connect(self.load_demo)
        self.welcome.import_requested.connect(self.import_table)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("main_tabs")
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.tabs)
        self.setCentralWidget(self.pages)
        self._build_menus()
        self.status_counts = ElidedLabel(parent=self)  # elided, not widening the window
        self.status_user = ElidedLabel(parent=self)
        self.statusBar().addWidget(self.status_counts, 1)
        self.statusBar().addPermanentWidget(self.status_user)
        # The status-bar totals follow each change at once: a count is queued right behind the
        # write; while one waits in the queue a second is not added (it will see both writes).
        self._summary_queued = False
        self.last_message = ""
        self.last_dialog: QWidget | None = None
        self.opening: OpeningIndicator | None = None
        self._last = last
        self._summary = None
        if ctx.store is not None:
            self.compose()
        else:
            self._show_last(last or LastState())

    def _show_last(self, last: LastState) -> None:
        """The first frame while the store opens: the page, tab titles, counts and the meeting heading
        as they were at the last close (a first start: the welcome page when there is no store yet)."""
        empty = last.empty if last.empty is not None else not self.ctx.paths.db.exists()
        self.tabs.addTab(attendance_placeholder(self.tabs, last.meeting_title), TAB_TITLES[0]())
        for title in TAB_TITLES[1:]:
            self.tabs.addTab(QWidget(self.tabs), title())
        self.pages.setCurrentWidget(self.welcome if empty else self.tabs)
        if last.empty is not None:
            self._show_summary(last)
        if last.device_id:
            self._show_user(last.device_id)
        for widget in (self.welcome.demo_button, self.welcome.import_button, *self._store_actions):
            widget.setEnabled(False)
        self.opening = OpeningIndicator(self.statusBar())

    def compose(self) -> None:
        """The tabs' contents and everything that reads the store (the store is open now)."""
        from app.ui.attendance.controller import AttendanceController
        from app.ui.attendance.editing import EditingController
        from app.ui.attendance.participation_controller import ParticipationController
        from app.ui.attendance.report_actions import ReportActions
        from app.ui.attendance.view import AttendanceView
        from app.ui.backup_actions import BackupActions
        from app.ui.staff.view import StaffView
        from app.ui.survey.tab import SurveyTab
        from app.ui.sync_controller import SyncController
        from app.ui.townwalk import TownWalkTab

        ctx, runner = self.ctx, self.runner
        current = max(0, self.tabs.currentIndex())
        placeholders = [self.tabs.widget(i) for i in range(self.tabs.count())]
        self.tabs.clear()
        for widget in placeholders:
            widget.deleteLater()
        self.attendance_view = AttendanceView(self)
        self.attendance = AttendanceController(self.attendance_view, ctx, runner)
        self.attendance.changed.connect(self.refresh_summary)
        self.tabs.addTab(self.attendance_view, TAB_TITLES[0]())
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
        self.townwalk = TownWalkTab(ctx, runner, self)
        self.townwalk.changed.connect(self.refresh_summary)
        self.tabs.insertTab(1, self.townwalk, TAB_TITLES[1]())
        self.survey = SurveyTab(ctx, runner, self)
        self.survey.changed.connect(self.refresh_summary)
        self.tabs.insertTab(2, self.survey, TAB_TITLES[2]())
        self.tabs.addTab(self.staff_view, TAB_TITLES[3]())
        self.tabs.setCurrentIndex(current)
        self.backups = BackupActions(self, self.file_menu, before=self._quit_separator)
        self._show_user(ctx.store.device_id)
        self.attendance.message.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        # Started without a store: the sync state (it scans every record for conflicts, seconds in a
        # big store) is counted after the first data and the reopened roster, not in front of them.
        self._sync_state_due = self._last is not None
        self.sync = SyncController(ctx, runner, self.statusBar(), self, show_state=not self._sync_state_due)
        self.sync.finished.connect(self._synced)
        # Every job's default for a failure the user can act on (disk full, read-only, locked): a
        # plain message, never the crash dialog (app/ui/tasks.py: deliver).
        runner.on_expected = self.report_error
        self.sync.share_runner.on_expected = self.report_error
        self.data_changed.connect(self.refresh)
        self.attendance.roster_loaded.connect(self._keep_last)
        self.attendance.roster_loaded.connect(self.roster_shown)
        self.attendance.roster_loaded.connect(self._sync_state_once)
        if self._last is not None and self._last.has_meeting:
            self.attendance.reopen(self._last.council_id, self._last.fiscal_year, self._last.meeting_id)
        for widget in (self.welcome.demo_button, self.welcome.import_button, *self._store_actions):
            widget.setEnabled(True)
        if self.opening is not None:
            self.opening.finish(self.statusBar())
            self.opening = None
            self.placement.resettle()  # the real tabs may need more room than the frame's placeholders
        self.composed = True

    def _show_user(self, device_id: str) -> None:
        self.status_user.setText(_("User: {user} · Laptop {device}").format(
            user=self.ctx.settings.user_name, device=device_id[:8]))

    def _build_menus(self) -> None:
        self.file_menu = file_menu = self.menuBar().addMenu(_("&File"))
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
        self._quit_separator = file_menu.addSeparator()  # the backup actions go in above it (compose)
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
        # What needs the store: off in the first frame, on once it is open (compose).
        self._store_actions = (self.import_action, self.export_action, self.demo_action, self.sync_action,
                               self.conflicts_action, self.settings_action, about)

    # -- loading -------------------------------------------------------------------------------
    def refresh(self) -> None:
        from app.services.attendance.participation import fiscal_years
        from app.services.staff import people

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
        self._keep_last()
        if not self.attendance.reopening:
            self._sync_state_once()
        self.refreshed.emit()

    def _sync_state_once(self) -> None:
        if self._sync_state_due:
            self._sync_state_due = False
            self.sync.refresh_state()

    def _synced(self, summary) -> None:
        if summary.received or summary.new_device_id:
            self.data_changed.emit()
        if summary.quarantined or summary.ignored:
            self.statusBar().showMessage(_("Sync: {n} files in the shared folder were set aside (see the tooltip)").format(
                n=len(summary.quarantined) + len(summary.ignored)), 10_000)

    def show_conflicts(self) -> None:
        from app.services.admin.sync import conflict_rows
        from app.ui.dialogs.conflicts import ConflictsDialog

        store = self.ctx.store

        def show(rows) -> None:
            dialog = ConflictsDialog(rows, store.device_id, self)
            dialog.resolve_requested.connect(lambda c, action: self._resolve(dialog, c, action))
            dialog.history_requested.connect(lambda c, label: self.show_record_history(c.tbl, c.row_id, label))
            self._open(dialog)

        self.runner.submit(lambda: conflict_rows(store), show, self.report_error)

    def _resolve(self, dialog, conflict, action: str) -> None:
        from app.services.admin.sync import conflict_rows, resolve

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
        from app.services.staff import people

        store = self.ctx.store

        def counted(summary) -> None:
            self._summary_queued = False
            self._show_summary(summary)

        def failed(exc: BaseException) -> None:
            self._summary_queued = False
            self.report_error(exc)

        self.runner.submit(lambda: people.summary(store), counted, failed)

    def _show_summary(self, summary) -> None:
        self._summary = summary
        self.status_counts.setText(_("Staff {staff} · Councils {councils} · Meetings {meetings} · Marks {attendance}").format(
            staff=summary.staff, councils=summary.councils, meetings=summary.meetings, attendance=summary.attendance))

    # -- actions -------------------------------------------------------------------------------
    def load_demo(self) -> None:
        from app.services.demo.load import load_demo

        store = self.ctx.store
        self.welcome.demo_button.setEnabled(False)
        self.statusBar().showMessage(_("Loading sample data…"))
        self.runner.submit(lambda: load_demo(store), self._demo_loaded, self.report_error)

    def _demo_loaded(self, counts) -> None:
        self.welcome.demo_button.setEnabled(True)
        self.statusBar().showMessage(_("Sample data loaded."), 5000)
        self.data_changed.emit()

    def import_table(self) -> None:
        from app.ui.dialogs.transfer import TransferDialog

        dialog = TransferDialog(exporting=False, language=self.ctx.settings.language, ctx=self.ctx, parent=self)
        if dialog.exec() != TransferDialog.DialogCode.Accepted:
            return
        self.run_import(dialog.kind_name(), dialog.file(), dialog.dry_run.isChecked())

    def run_import(self, kind: str, path, dry_run: bool = False) -> None:
        from app.services.transfer.files import import_file

        store = self.ctx.store
        self.runner.submit(lambda: import_file(store, kind, path, dry_run=dry_run), self._imported, self.report_error)

    def _imported(self, result) -> None:
        from app.services.transfer.files import import_summary

        self.last_message = import_summary(result)
        self.notify(_("Import"), self.last_message)
        self.data_changed.emit()

    def export_table(self) -> None:
        from app.ui.dialogs.transfer import TransferDialog

        dialog = TransferDialog(exporting=True, language=self.ctx.settings.language, ctx=self.ctx, parent=self)
        if dialog.exec() != TransferDialog.DialogCode.Accepted:
            return
        self.run_export(dialog.kind_name(), dialog.file(), dialog.headers.currentData())

    def run_export(self, kind: str, path, lang: str) -> None:
        from app.services.transfer.files import export_file

        store = self.ctx.store
        self.runner.submit(lambda: (path, export_file(store, kind, path, lang=lang)), self._exported, self.report_error)

    def _exported(self, result) -> None:
        path, n = result
        self.last_message = _("{file}: {rows} rows written.").format(file=path, rows=n)
        self.notify(_("Export"), self.last_message)

    def show_history(self, row) -> None:
        self.show_record_history("staff", row.id, f"{row.staff_no} {row.name}")

    def show_record_history(self, table: str, row_id: str, label: str) -> None:
        """Every version of each field of any record (staff tab, conflicts view)."""
        from app.services.admin.history import record_history
        from app.ui.dialogs.history import HistoryDialog

        store = self.ctx.store
        self.runner.submit(lambda: record_history(store, table, row_id),
                           lambda entries: self._open(HistoryDialog(label, entries, self)), self.report_error)

    def edit_settings(self) -> None:
        from app.ui.dialogs.settings import SettingsDialog

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
            from app.ui.dialogs.transfer import ProblemsDialog

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

    def _keep_last(self) -> None:
        """What the next start paints at once (app/last_state.py), written on the worker."""
        from app import last_state

        state, root = state_to_keep(self), self.ctx.paths.root
        if state is not None:
            self.runner.submit(lambda: last_state.save(root, state))

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.composed:
            self._keep_last()
            self.sync.stop()
            self.backups.timer.stop()
        self.runner.shutdown()  # the marks queued before the close are committed first
        if self.composed:
            self.sync.finish()  # then one last round on the share worker, bounded: a hanging share cannot hold the close
        self.statusBar().clearMessage()  # and its timer: a message shown for 5 s does not tick on a closed window
        super().closeEvent(event)

