"""The main window: tabs, menus and status bar. Wiring only; the work happens in services.

Paint first, then open (docs/dev/startup.md): built without a store, the window is only its frame
(menus, tab titles, the last-known counts and meeting from app/last_state.py) and imports nothing
but Qt and its own light modules; ``compose`` adds the tabs' real contents once the store is open
(on the worker). Built with an open store (tests, the self-test) it composes at once, as before.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
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
from app.errors import FieldDeskError
from app.i18n import _
from app.last_state import LastState
from app.ui.file_dialogs import size_file_dialogs
from app.ui.first_frame import OpeningIndicator, attendance_placeholder, state_to_keep
from app.ui.geometry import fit_window
from app.ui.messages import Messages
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

        self.messages = Messages(self)  # every flow's messages and last dialog (app/ui/messages.py)
        self.welcome = WelcomePage(self)  # its buttons are connected to the flows in compose
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
        from app.ui.attendance.tab import AttendanceTab
        from app.ui.backup_actions import BackupActions
        from app.ui.conflict_actions import ConflictActions
        from app.ui.demo_actions import DemoActions
        from app.ui.staff.tab import StaffTab
        from app.ui.survey.tab import SurveyTab
        from app.ui.sync_controller import SyncController
        from app.ui.townwalk import TownWalkTab
        from app.ui.transfer_actions import TransferActions

        ctx, runner, messages = self.ctx, self.runner, self.messages
        current = max(0, self.tabs.currentIndex())
        placeholders = [self.tabs.widget(i) for i in range(self.tabs.count())]
        self.tabs.clear()
        for widget in placeholders:
            widget.deleteLater()
        self.attendance_tab = AttendanceTab(ctx, runner, self, on_error=self.report_error)
        self.townwalk = TownWalkTab(ctx, runner, self)
        self.survey = SurveyTab(ctx, runner, self)
        self.staff_tab = StaffTab(ctx, runner, messages, self)
        for tab, title in zip((self.attendance_tab, self.townwalk, self.survey, self.staff_tab), TAB_TITLES, strict=True):
            self.tabs.addTab(tab, title())
        self.tabs.setCurrentIndex(current)
        for tab in (self.attendance_tab, self.townwalk, self.survey):
            tab.changed.connect(self.refresh_summary)
        self.attendance_tab.saved.connect(lambda _table, _id: self.data_changed.emit())
        self.attendance_tab.message.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        self.staff_tab.new_requested.connect(self.editing.new_staff)
        self.staff_tab.edit_requested.connect(self.editing.edit_staff)
        self._show_user(ctx.store.device_id)
        # Started without a store: the sync state (it scans every record for conflicts, seconds in a
        # big store) is counted after the first data and the reopened roster, not in front of them.
        self._sync_state_due = self._last is not None
        self.sync = SyncController(ctx, runner, self.statusBar(), self, show_state=not self._sync_state_due)
        self.sync.finished.connect(self._synced)
        # The flows, each given what it needs: the parent, the context, the runner, the messages.
        changed = self.data_changed.emit
        self.transfer = TransferActions(self, ctx, runner, messages, changed)
        self.demo = DemoActions(self.welcome.demo_button, self.statusBar(), ctx, runner, messages, changed)
        self.conflicts = ConflictActions(self, ctx, runner, messages, self.sync, changed)
        self.backups = BackupActions(self, ctx, runner, messages, self.sync, self.statusBar(), self.file_menu,
                                     before=self._quit_separator)
        self.import_action.triggered.connect(self.transfer.import_table)
        self.welcome.import_requested.connect(self.transfer.import_table)
        self.export_action.triggered.connect(self.transfer.export_table)
        self.demo_action.triggered.connect(self.demo.load)
        self.welcome.load_demo_requested.connect(self.demo.load)
        self.conflicts_action.triggered.connect(self.conflicts.show)
        # After a restore each tab reloads itself (the attendance tab drops its undo history), then
        # the status bar: the laptop's new id and the counts, behind the tabs' loads.
        replaced = self.backups.store_replaced
        replaced.connect(self.attendance_tab.forget_and_reload)
        for tab in (self.staff_tab, self.townwalk, self.survey):
            replaced.connect(tab.reload)
        replaced.connect(self._store_replaced)
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

    # -- the tabs' parts, as tests and the self-test reach them ------------------------------------
    @property
    def attendance_view(self):
        return self.attendance_tab.view

    @property
    def attendance(self):
        return self.attendance_tab.controller

    @property
    def participation(self):
        return self.attendance_tab.participation

    @property
    def editing(self):
        return self.attendance_tab.editing

    @property
    def reports(self):
        return self.attendance_tab.reports

    @property
    def staff_view(self):
        return self.staff_tab.view

    @property
    def last_message(self) -> str:
        return self.messages.last_message

    @last_message.setter
    def last_message(self, text: str) -> None:
        self.messages.last_message = text

    @property
    def last_dialog(self) -> QWidget | None:
        return self.messages.last_dialog

    @last_dialog.setter
    def last_dialog(self, dialog: QWidget | None) -> None:
        self.messages.last_dialog = dialog

    def _show_user(self, device_id: str) -> None:
        self.status_user.setText(_("User: {user} · Laptop {device}").format(
            user=self.ctx.settings.user_name, device=device_id[:8]))

    def _build_menus(self) -> None:
        """The menus of the first frame; import, export, sample data and conflicts are connected to
        their flows in ``compose`` (off until then, as everything that needs the store)."""
        self.file_menu = file_menu = self.menuBar().addMenu(_("&File"))
        self.import_action = QAction(_("&Import…"), self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.export_action = QAction(_("&Export…"), self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.demo_action = QAction(_("Load sample data"), self)
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
        """Every tab reloads and the counts are taken again. The attendance and staff tabs queue in
        front of the counts, so ``refreshed`` (emitted with them) means their data is on screen;
        the town-walk and survey tabs queue right behind (the worker runs jobs in order)."""
        from app.services.staff import people

        self.attendance_tab.reload()
        self.staff_tab.reload()
        store = self.ctx.store
        self.runner.submit(lambda: people.summary(store), self._show_data, self.report_error)

    def _show_data(self, summary, others: bool = True) -> None:
        self.pages.setCurrentWidget(self.welcome if summary.empty else self.tabs)
        self._show_summary(summary)
        if others:
            self.townwalk.reload()
            self.survey.reload()
        self._keep_last()
        if not self.attendance.reopening:
            self._sync_state_once()
        self.refreshed.emit()

    def _store_replaced(self) -> None:
        """After a restore: the laptop's new id, the page and the counts (the tabs reload themselves)."""
        from app.services.staff import people

        self._show_user(self.ctx.store.device_id)
        store = self.ctx.store
        self.runner.submit(lambda: people.summary(store), lambda summary: self._show_data(summary, others=False),
                           self.report_error)

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
        self.conflicts.show()

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

    # -- actions (the flows are in transfer_actions, demo_actions, conflict_actions, backup_actions) ---
    def run_import(self, kind: str, path, dry_run: bool = False) -> None:
        self.transfer.run_import(kind, path, dry_run)

    def run_export(self, kind: str, path, lang: str) -> None:
        self.transfer.run_export(kind, path, lang)

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
        self.messages.report_error(exc)

    def notify(self, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Information) -> None:
        self.messages.notify(title, text, icon)

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

