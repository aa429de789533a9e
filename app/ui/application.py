"""The GUI boot: QApplication, translations, fonts, the crash hook, the data folder, the window.

Order matters: Qt first (so errors can be shown), then the data folder's lock (a second instance
stops here, before touching anything), then the store, then the window.
"""

from __future__ import annotations

import logging
import sys
import time
import traceback
from pathlib import Path

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, QTimer, QTranslator, Signal
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from app import APP_NAME, __version__
from app.errors import FieldDeskError
from app.font_files import font_path
from app.i18n import _, current_language
from app.logs import early_logging, file_logging_ready, redact, setup_logging
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
        details = redact("".join(traceback.format_exception(exc_type, exc, tb)))  # the report goes to the IT desk
        log.error("uncaught exception\n%s", details)
        if not file_logging_ready():  # a crash before the folder was opened: its log is worth the write
            try:
                setup_logging(Path(self.log_file).parent)
            except OSError:
                pass
        if sys.stderr is not None:
            print(details, file=sys.stderr)
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
    """Notes the time of the first Paint event of the watched widget (and calls ``then``)."""

    def __init__(self, then=None):
        super().__init__()
        self.at: float | None = None
        self.then = then

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if self.at is None and event.type() == QEvent.Type.Paint:
            self.at = time.perf_counter()
            if self.then is not None:
                self.then()
        return False


def run_gui(args) -> int:
    """Qt, then the crash hook and logging (in memory until the folder is locked), then the folder
    and its lock, then the window's first frame from the last-known state; only after it is painted
    the store opens (and migrates) on the worker and the tabs are composed (docs/dev/startup.md).
    A bug in a migration is in fielddesk.log and in a dialog."""
    early_logging()
    app = make_app()
    self_test = bool(getattr(args, "self_test", False))
    app.setProperty("fielddesk_self_test", self_test)
    root = resolve_data_dir(args.data_dir)
    reporter = CrashReporter(str(root / "logs" / "fielddesk.log"))
    sys.excepthook = reporter.hook
    from app.context import AppContext

    try:
        ctx = AppContext.prepare(root, language=args.lang)
    except FieldDeskError as exc:
        return _refused(exc, self_test)
    install_translations(app, current_language())
    ensure_japanese_font(app)
    from app import last_state
    from app.ui import paint_stamp
    from app.ui.first_frame import preload
    from app.ui.main_window import MainWindow
    from app.ui.tasks import SyncRunner, TaskRunner

    runner = SyncRunner() if self_test else TaskRunner()
    window = MainWindow(ctx, runner, last=last_state.load(ctx.paths.root))
    try:
        if self_test:
            return _self_test(app, window, reporter)
        if paint_stamp.wanted():  # the start-up benchmark asks when the frame and the data are there
            paint_stamp.FirstFrame(window)
            paint_stamp.once(window.refreshed, "data")
            window.roster_shown.connect(lambda: paint_stamp.stamp("roster"))
        outcome: list[int] = []
        after_first_paint(window, lambda: runner.submit(lambda: (ctx.open_store(), preload()), lambda _r: _opened(window),
                                                        lambda exc: outcome.append(_open_failed(app, exc, reporter))))
        window.placement.place()  # before the show: mapped where it was closed, not at the origin first
        window.show()
        code = app.exec()
        return outcome[0] if outcome else code
    finally:
        runner.shutdown()
        ctx.close()


def after_first_paint(window, then, fallback_ms: int = 2000) -> None:
    """Run ``then`` once, on the loop turn after the window's first Paint (or after ``fallback_ms``
    when no paint comes, e.g. a window started minimised): the store's work never delays the frame."""
    done: list[bool] = []

    def once() -> None:
        if not done:
            done.append(True)
            then()

    watcher = _FirstPaint(lambda: QTimer.singleShot(0, once))
    window.installEventFilter(watcher)
    window._first_paint_watcher = watcher  # kept alive with the window
    QTimer.singleShot(fallback_ms, once)


def _opened(window, start_of_day: bool = True) -> None:
    """The store is open: the tabs' contents, the data, the start-of-day sync and backup."""
    window.compose()
    window.refresh()
    if not start_of_day:
        return
    if window.ctx.settings.sync_enabled and window.ctx.settings.share_folder:
        window.sync.sync()  # at start: catch up with what others did while we were away
    window.backups.start()  # today's automatic backup, on the worker behind the first load


def _open_failed(app: QApplication, exc: BaseException, reporter: CrashReporter) -> int:
    """The store cannot be opened: a reason the user can act on in a message, a bug in the crash
    dialog (and fielddesk.log); then the program ends, the store left as it was."""
    if isinstance(exc, FieldDeskError):
        code = _refused(exc, False)
    else:
        reporter.hook(type(exc), exc, exc.__traceback__)
        code = 1
    app.exit(code)
    return code


def _refused(exc: FieldDeskError, self_test: bool) -> int:
    """The folder or store cannot be used now (second instance, newer or damaged store): say why."""
    log.warning("not started: %s", exc)
    print(f"fielddesk: {exc}", file=sys.stderr)
    if not self_test:
        QMessageBox.critical(None, _("FieldDesk"), str(exc))
    return exc.exit_code


def _self_test(app: QApplication, window, reporter: CrashReporter) -> int:
    """Start as the user does and check what they see: the window painted, the data shown, the
    page they land on (the welcome page on an empty store, else the tabs) drawn at its size in a
    font that has the Japanese glyphs, then every tab once laid out and drawn as it is clicked.
    Prints the time to first paint; exit 1 naming what was not drawn."""
    watcher = _FirstPaint()
    window.installEventFilter(watcher)
    window.show()
    deadline = time.perf_counter() + 30
    while watcher.at is None and time.perf_counter() < deadline:
        app.processEvents()
    if watcher.at is None:
        print("self-test: the window was never painted", file=sys.stderr)
        return 1
    try:  # then open as the program does after its first frame (here inline: SyncRunner)
        window.ctx.open_store()
    except FieldDeskError as exc:
        return _refused(exc, True)
    except Exception:
        reporter.hook(*sys.exc_info())
        return 1
    _opened(window, start_of_day=False)
    problems = [] if _has_glyphs(app.font(), _("FieldDesk")) else [
        f"the UI font {app.font().family()!r} has no glyphs for {_('FieldDesk')!r}"]
    landed = window.pages.currentWidget()
    name = "welcome page" if landed is window.welcome else "tabs"
    problems += _not_drawn(landed, name)
    window.pages.setCurrentWidget(window.tabs)  # as after the sample data or an import
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        app.processEvents()
        problems += _not_drawn(window.tabs.widget(index), f"tab {index} ({window.tabs.tabText(index)})")
    window.pages.setCurrentWidget(landed)
    if problems:
        for problem in problems:
            print(f"self-test: {problem}", file=sys.stderr)
        return 1
    QTimer.singleShot(0, app.quit)
    app.exec()
    print(f"self-test ok: first paint {watcher.at - STARTED:.3f} s, {name} shown, "
          f"{window.tabs.count()} tabs rendered")
    window.close()
    return 0


def _has_glyphs(font: QFont, text: str) -> bool:
    from PySide6.QtGui import QFontMetrics

    metrics = QFontMetrics(font)
    return all(metrics.inFontUcs4(ord(c)) for c in text if not c.isascii() and not c.isspace())


def _not_drawn(widget, name: str) -> list[str]:
    """[] when ``widget`` is shown at a real size and drawing it puts more than one colour."""
    if not widget.isVisible():
        return [f"{name} is not shown"]
    if widget.width() < 50 or widget.height() < 50:
        return [f"{name} is {widget.width()}×{widget.height()}: not laid out"]
    image = widget.grab().toImage()
    if image.isNull():
        return [f"{name} did not render"]
    step_x, step_y = max(1, image.width() // 40), max(1, image.height() // 40)
    colours = {image.pixel(x, y) for x in range(0, image.width(), step_x) for y in range(0, image.height(), step_y)}
    return [] if len(colours) > 1 else [f"{name} is blank"]
