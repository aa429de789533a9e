"""The GUI boot: QApplication, translations, fonts, the crash hook, the data folder, the window.

Order matters: Qt first (so errors can be shown), then the data folder's lock (a second instance
stops here, before touching anything), then the store, then the window.
"""

from __future__ import annotations

import logging
import sys
import time
import traceback

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, QTimer, QTranslator, Signal
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from app import APP_NAME, __version__
from app.errors import FieldDeskError
from app.font_files import font_path
from app.i18n import _, current_language
from app.paths import resolve_data_dir, resources_dir

log = logging.getLogger(__name__)
STARTED = time.perf_counter()
UI_FONT = "BIZ UDPGothic"  # the proportional cut: BIZ UDGothic (fixed pitch) is for PDFs


class CrashReporter(QObject):
    """sys.excepthook may run on any thread; the dialog is built on the GUI thread via a signal."""

    crashed = Signal(str)

    def __init__(self, log_file: str):
        super().__init__()
        self.log_file = log_file
        self.crashed.connect(self._show)
        self.shown: list[str] = []

    def hook(self, exc_type, exc, tb) -> None:
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("uncaught exception\n%s", details)
        self.crashed.emit(details)

    def _show(self, details: str) -> None:
        from app.ui.dialogs.crash import CrashDialog

        self.shown.append(details)
        if QApplication.instance() is not None and not QApplication.instance().property("fielddesk_self_test"):
            CrashDialog(details, self.log_file).exec()


def install_translations(app: QApplication, language: str) -> list[QTranslator]:
    """Qt's own strings (buttons of standard dialogs) in the UI language."""
    translators = []
    if language == "ja":
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for name in ("qtbase_ja", "qt_ja"):
            translator = QTranslator(app)
            if translator.load(name, folder):
                app.installTranslator(translator)
                translators.append(translator)
        from app.ui.qt_japanese import QtJapaneseSupplement  # the strings Qt's catalogue lacks; asked first

        supplement = QtJapaneseSupplement(app)
        app.installTranslator(supplement)
        translators.append(supplement)
        QLocale.setDefault(QLocale(QLocale.Language.Japanese, QLocale.Country.Japan))
    return translators


def ensure_japanese_font(app: QApplication) -> str:
    """Use the system's Japanese font when there is one; otherwise the bundled BIZ UDGothic."""
    families = QFontDatabase.families(QFontDatabase.WritingSystem.Japanese)
    preferred = ("BIZ UDPGothic", "Yu Gothic UI", "Meiryo UI", "Meiryo", "Noto Sans CJK JP", "BIZ UDGothic")
    family = next((f for f in preferred if f in families), None)
    if family is None:
        QFontDatabase.addApplicationFont(str(font_path("BIZUDPGothic-Regular.ttf")))
        family = UI_FONT
    # Set it explicitly: left to itself Qt may draw kanji with a Chinese font's glyph shapes.
    font = QFont(family, max(app.font().pointSize(), 10))
    app.setFont(font)
    return family


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "fielddesk.png")))
    return app


class _FirstPaint(QObject):
    def __init__(self):
        super().__init__()
        self.at: float | None = None

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if self.at is None and event.type() == QEvent.Type.Paint:
            self.at = time.perf_counter()
        return False


def run_gui(args) -> int:
    from app.context import AppContext
    from app.ui.main_window import MainWindow
    from app.ui.tasks import SyncRunner, TaskRunner

    app = make_app()
    app.setProperty("fielddesk_self_test", bool(getattr(args, "self_test", False)))
    try:
        ctx = AppContext.open(resolve_data_dir(args.data_dir), language=args.lang)
    except FieldDeskError as exc:
        print(f"fielddesk: {exc}", file=sys.stderr)
        if not args.self_test:
            QMessageBox.critical(None, _("FieldDesk"), str(exc))
        return exc.exit_code
    install_translations(app, current_language())
    ensure_japanese_font(app)
    reporter = CrashReporter(str(ctx.paths.logs / "fielddesk.log"))
    sys.excepthook = reporter.hook
    runner = SyncRunner() if args.self_test else TaskRunner()
    window = MainWindow(ctx, runner)
    try:
        if args.self_test:
            return _self_test(app, window)
        window.show()
        window.refresh()
        if ctx.settings.sync_enabled and ctx.settings.share_folder:
            window.sync.sync()  # at start: catch up with what others did while we were away
        window.backups.start()  # today's automatic backup, on the worker behind the first load
        return app.exec()
    finally:
        runner.shutdown()
        ctx.close()


def _self_test(app: QApplication, window) -> int:
    """Show the window, paint it, render every tab once, report the time to first paint."""
    watcher = _FirstPaint()
    window.installEventFilter(watcher)
    window.refresh()
    window.show()
    deadline = time.perf_counter() + 30
    while watcher.at is None and time.perf_counter() < deadline:
        app.processEvents()
    if watcher.at is None:
        window.repaint()
        watcher.at = time.perf_counter()
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        if window.tabs.widget(index).grab().isNull():
            print(f"self-test: tab {index} did not render", file=sys.stderr)
            return 1
    QTimer.singleShot(0, app.quit)
    app.exec()
    print(f"self-test ok: first paint {watcher.at - STARTED:.3f} s, {window.tabs.count()} tabs rendered")
    window.close()
    return 0
