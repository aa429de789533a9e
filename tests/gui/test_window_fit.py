"""The main window and its dialogs on a 1366×768 laptop with a Windows taskbar (issue 13 item 5), in
Japanese and English, with the sample data: the window opens within the free area and never grows
out of it on any page, after data loads, a survey picked, field mode opened; every column header
and label is whole; the list shows each meeting's whole title. Real widgets on the offscreen
platform, told the laptop's free area (``pretend_screen``) since offscreen has no such screen; the
same run under a real window manager is tests/gui/test_window_x11.py."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QWidget

from app.context import AppContext
from app.ui import geometry
from app.ui.application import ensure_japanese_font, install_translations
from app.ui.main_window import MainWindow
from app.ui.tasks import SyncRunner
from tests.helpers.dialog_walk import DialogWalk, ellipsis_buttons, pages, select_first_rows
from tests.helpers.fit_checks import FREE, WINDOWS_FRAME, fits, frame, readable

LANGUAGES = ["ja", "en"]


@pytest.fixture
def laptop(qapp):
    """The app's font (as it starts), the laptop's free area; both undone afterwards."""
    font = qapp.font()
    ensure_japanese_font(qapp)
    geometry.pretend_screen(FREE, WINDOWS_FRAME)
    yield
    geometry.pretend_screen(None)
    qapp.setFont(font)


def open_window(qtbot, qapp, folder: Path, language: str, contexts) -> MainWindow:
    from app.i18n import set_language

    set_language(language)
    ctx = AppContext.open(folder, language=language)
    contexts.append(ctx)
    translators = install_translations(qapp, language)
    window = MainWindow(ctx, SyncRunner())
    window.translators = translators
    qtbot.addWidget(window)
    window.show()
    window.refresh()
    QApplication.processEvents()
    return window


@pytest.fixture(params=LANGUAGES)
def window(request, qtbot, qapp, laptop, demo_folder, tmp_path, contexts):
    folder = tmp_path / "data"
    shutil.copytree(demo_folder, folder)
    win = open_window(qtbot, qapp, folder, request.param, contexts)
    yield win
    win.close()
    for translator in win.translators:
        qapp.removeTranslator(translator)


def states(window: MainWindow):
    """Every page as it first shows, then with its lists' first rows chosen (details loaded); then
    field mode on a walk and the surveys page with a survey picked."""
    view = window.attendance_view
    assert view.select_council(view.council_model._councils[0][0].id)
    for name, page in pages(window.tabs):
        yield name, page
        select_first_rows(page)
        yield f"{name} (chosen)", page
    window.tabs.setCurrentWidget(window.townwalk)
    walk = window.townwalk.walks_view.walks_model.rows()[0]
    window.townwalk.open_field(walk.id)
    QApplication.processEvents()
    yield "field mode", window.townwalk.field_view
    window.tabs.setCurrentWidget(window.survey)
    window.survey.pages.setCurrentWidget(window.survey.surveys)
    window.survey.surveys.table.selectRow(1)
    QApplication.processEvents()
    yield "survey picked", window.survey.surveys


def test_the_window_opens_within_the_free_area(window):
    assert FREE.contains(frame(window))
    assert frame(window).size() == FREE.size()  # the whole free area: PREFERRED is larger


def test_every_page_fits_and_reads_whole(window):
    opened = window.size()
    problems, seen = [], 0
    for name, _page in states(window):
        seen += 1
        problems += [f"{name}: {p}" for p in fits(window)]
        if window.size() != opened:
            problems.append(f"{name}: the window grew from {opened.toTuple()} to {window.size().toTuple()}")
        problems += readable(window, name)
    assert seen >= 30
    assert problems == [], "\n".join(problems)


def test_the_meeting_list_shows_whole_titles(window):
    view = window.attendance_view
    metrics = view.meetings_table.fontMetrics()
    shown = 0
    for council in [c for district in view.council_model._councils for c in district][:6]:
        assert view.select_council(council.id)
        QApplication.processEvents()
        model = view.meetings_model
        for row in range(model.rowCount()):
            title = model.row_at(row).title
            rect = view.meetings_table.visualRect(model.index(row, 2))
            margin = 2 * (view.meetings_table.style().pixelMetric(view.style().PixelMetric.PM_FocusFrameHMargin) + 1)
            assert metrics.horizontalAdvance(title) + margin <= rect.width(), (title, rect.width())
            shown += 1
    assert shown >= 20


LONG_COUNCIL = "芝浦港南地区 港南小学校区・港陽小学校区・台場小学校区 合同地域防災協議会"
LONG_TITLE = "令和8年度 第3回 定例会（避難所運営訓練の振り返りと来年度の訓練計画・備蓄品点検の打合せ）"
LONG_DEPARTMENT = "芝浦港南地区総合支所 協働推進課 地域振興係 まちづくり担当"


@pytest.mark.parametrize("language", LANGUAGES)
def test_long_names_do_not_widen_the_window(qtbot, qapp, laptop, demo_folder, tmp_path, contexts, language):
    """A council, a meeting and a department far longer than the sample's: elided in their lists
    (the whole text in the tooltip), the window the same size, every header whole."""
    from datetime import date

    from app.services.attendance import records

    folder = tmp_path / "data"
    shutil.copytree(demo_folder, folder)
    ctx = AppContext.open(folder)
    council = records.save_council(ctx.store, records.CouncilInput("SK99", LONG_COUNCIL, "芝浦港南", "港南小学校区"))
    records.save_meeting(ctx.store, records.MeetingInput(council, date(2026, 6, 20), "meeting", LONG_TITLE,
                                                         place="芝浦港南区民センター 第2集会室・第3集会室（合同）",
                                                         start="18:30", end="20:30"))
    records.save_staff(ctx.store, records.StaffInput("399001", "長谷川 真理子（はせがわ まりこ）", "ハセガワ マリコ",
                                                     LONG_DEPARTMENT, "港区職員住宅 芝浦 12-1203", council))
    ctx.close()
    window = open_window(qtbot, qapp, folder, language, contexts)
    opened = window.size()
    view = window.attendance_view
    assert view.select_council(council)
    QApplication.processEvents()
    view.meetings_table.selectRow(0)
    QApplication.processEvents()
    assert view.roster_model.rowCount() == 1
    problems = fits(window) + readable(window, "attendance")
    for page in (view.participation, window.staff_view):
        if page is view.participation:
            view.pages.setCurrentWidget(page)
        else:
            window.tabs.setCurrentWidget(window.staff_tab)
        QApplication.processEvents()
        problems += fits(window) + readable(window, type(page).__name__)
    assert window.size() == opened
    assert problems == [], "\n".join(problems)
    window.close()
    for translator in window.translators:
        qapp.removeTranslator(translator)


def test_the_welcome_page_fits(qtbot, qapp, laptop, tmp_path, contexts):
    window = open_window(qtbot, qapp, tmp_path / "empty", "en", contexts)
    assert window.pages.currentWidget() is window.welcome
    assert fits(window) == [] and readable(window, "welcome") == []
    window.close()
    for translator in window.translators:
        qapp.removeTranslator(translator)


class Dialogs(DialogWalk):
    """Checks that every window the walk opens fits and reads whole."""

    def __init__(self, qtbot, where: str):
        super().__init__(qtbot)
        self.where = where
        self.problems: list[str] = []

    def look(self, w: QWidget) -> None:
        name = f"{self.where} {type(w).__name__} {w.windowTitle()!r}"
        self.problems += [f"{name}: {p}" for p in fits(w)] + readable(w, name)


KIOSK = ("職員入力（キオスク）を開始…", "Start kiosk mode…")  # full screen by design: its own test


@pytest.mark.qt_log_ignore("QImageIOHandler: Rejecting image")
def test_every_dialog_fits_and_reads_whole(window, qtbot):
    dialogs = Dialogs(qtbot, window.ctx.settings.language)
    for menu in window.menuBar().findChildren(QMenu):
        for action in menu.actions():
            if action.text().endswith("…") or action is window.guide_action:
                dialogs.open(action.trigger)
    view = window.attendance_view
    assert view.select_council(view.council_model._councils[0][0].id)
    for _name, page in pages(window.tabs):
        select_first_rows(page)
        for button in ellipsis_buttons(page):
            if button.text() not in KIOSK:
                dialogs.open(button.click)
    assert {"SettingsDialog", "TransferDialog", "GuideDialog", "CouncilDialog", "MeetingDialog", "StaffDialog",
            "WalkDialog", "RouteDialog", "StaffPicker"} <= dialogs.kinds
    assert dialogs.problems == [], "\n".join(dialogs.problems)


def test_dialogs_that_need_a_state_fit(window, qtbot, tmp_path):
    """The history, conflicts, import problems, the crash report and the print preview, filled."""
    from app.errors import RowProblem
    from app.services.admin.history import record_history
    from app.services.attendance.participation import YearRecord, fiscal_years
    from app.services.attendance.reports import participation_report
    from app.services.staff import people
    from app.ui.attendance.history_dialog import PersonHistoryDialog
    from app.ui.dialogs.conflicts import ConflictsDialog
    from app.ui.dialogs.crash import CrashDialog
    from app.ui.dialogs.history import HistoryDialog
    from app.ui.dialogs.transfer import ProblemsDialog
    from app.ui.widgets.pdf_preview import PrintPreviewDialog

    store = window.ctx.store
    person = people.list_staff(store)[0]
    long = "、".join(["列名が見つかりません"] * 12)
    pdf = participation_report(store, window.ctx.settings, fiscal_years(store)[0], None, tmp_path / "p.pdf")
    years = [YearRecord(fy, 12, 9, 2) for fy in range(2019, 2027)]
    bad = [RowProblem("staff.csv", line, 2, "氏名", "渡邊　葵" * 3, long) for line in range(2, 40)]
    made = [HistoryDialog(person.name, record_history(store, "staff", person.id), window),
            ConflictsDialog([], store.device_id, window),
            ProblemsDialog("staff.csv", bad, window),
            CrashDialog("Traceback (most recent call last):\n" + "  File x\n" * 80, str(tmp_path / "fielddesk.log")),
            PersonHistoryDialog(person.name, years, True, window),
            PrintPreviewDialog(Path(pdf), window)]
    problems = []
    for dialog in made:
        qtbot.addWidget(dialog)
        dialog.show()
        QApplication.processEvents()
        name = type(dialog).__name__
        problems += [f"{name}: {p}" for p in fits(dialog)] + readable(dialog, name)
        dialog.close()
    assert problems == [], "\n".join(problems)


def test_a_message_with_a_long_text_fits(window, qtbot):
    box = QMessageBox(QMessageBox.Icon.Warning, "FieldDesk", "\n".join(["共有フォルダに接続できません。"] * 40),
                      QMessageBox.StandardButton.Ok, window)
    qtbot.addWidget(box)
    box.show()
    QApplication.processEvents()
    assert fits(box) == []


def test_the_kiosk_fits_a_laptop_screen(window, qtbot):
    """Full screen by design: its least size fits the whole 1366×768 screen, and it reads whole."""
    from app.services.survey.defs import list_surveys, load_survey
    from app.ui.survey.kiosk import KioskWindow

    store = window.ctx.store
    form = load_survey(store, list_surveys(store)[0].id)
    kiosk = KioskWindow(window.ctx, window.runner, form, open_slips=False)
    qtbot.addWidget(kiosk)
    kiosk.setGeometry(QRect(0, 0, 1366, 768))
    kiosk.show()
    QApplication.processEvents()
    least = kiosk.minimumSizeHint()
    assert least.width() <= 1366 and least.height() <= 768, least
    assert kiosk.size().toTuple() == (1366, 768)
    assert readable(kiosk, "kiosk") == []
    kiosk.hide()


def test_the_window_keeps_its_geometry_in_the_settings(qtbot, qapp, laptop, demo_folder, tmp_path, contexts):
    folder = tmp_path / "data"
    shutil.copytree(demo_folder, folder)
    window = open_window(qtbot, qapp, folder, "ja", contexts)
    window.move(20, 40)
    window.close()
    saved = json.loads((folder / "settings.json").read_text(encoding="utf-8"))["window_geometry"]
    assert saved == geometry.saved_geometry(window)
    contexts.pop().close()  # as the app closes its store when the window has closed
    again = open_window(qtbot, qapp, folder, "ja", contexts)  # the settings as the next start reads them
    assert again.ctx.settings.window_geometry == saved
    again.close()


def test_a_saved_geometry_comes_back_clamped_to_the_screen(qtbot, qapp, laptop):
    """On the offscreen platform's own 800×800 screen (Qt's restoreGeometry fits that one itself)."""
    first = QWidget()
    qtbot.addWidget(first)
    first.setGeometry(QRect(60, 80, 700, 500))
    saved = geometry.saved_geometry(first)
    again = QWidget()
    qtbot.addWidget(again)
    geometry.place_window(again, saved)
    assert again.geometry() == QRect(60, 80, 700, 500)
    # with less room above (a taskbar at the top, 100 px): moved down, not shrunk
    geometry.pretend_screen(QRect(0, 100, 1366, 620), WINDOWS_FRAME)
    lower = QWidget()
    qtbot.addWidget(lower)
    geometry.place_window(lower, saved)
    assert lower.geometry() == QRect(60, 131, 700, 500)
    # on a smaller screen than the window: shrunk to it
    geometry.pretend_screen(QRect(0, 0, 640, 440), WINDOWS_FRAME)
    small = QWidget()
    qtbot.addWidget(small)
    geometry.place_window(small, saved)
    assert frame(small) == QRect(0, 0, 640, 440)


@pytest.mark.parametrize(("saved", "available", "expected"), [
    (QRect(100, 50, 800, 500), QRect(0, 0, 1366, 720), QRect(100, 50, 800, 500)),  # as it was
    (QRect(1800, 50, 800, 500), QRect(0, 0, 1366, 720), QRect(566, 50, 800, 500)),  # on a screen now gone
    (QRect(0, 0, 1900, 1000), QRect(0, 0, 1366, 720), QRect(0, 0, 1366, 720)),  # larger than the screen
    (QRect(-300, -40, 800, 500), QRect(0, 40, 1366, 728), QRect(0, 40, 800, 500)),  # taskbar at the top
])
def test_fitted_keeps_a_frame_inside_the_free_area(saved, available, expected):
    assert geometry.fitted(saved, available) == expected


def test_the_first_frame_is_the_preferred_size_or_the_free_area(qapp):
    assert geometry.first_frame(QRect(0, 0, 1366, 720)) == QRect(0, 0, 1366, 720)
    big = geometry.first_frame(QRect(0, 0, 1920, 1040))
    assert big.size() == geometry.PREFERRED and big.center() == QRect(0, 0, 1920, 1040).center()


def test_a_damaged_saved_geometry_opens_as_the_first_time(qtbot, qapp, laptop):
    w = QWidget()
    qtbot.addWidget(w)
    placed = geometry.place_window(w, "not base64 at all ***")
    assert placed == FREE
    assert w.geometry() == FREE.marginsRemoved(WINDOWS_FRAME)


def test_settings_keep_only_a_text_geometry(tmp_path):
    from app.settings import Settings

    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"window_geometry": 42}), encoding="utf-8")
    assert Settings.load(path).window_geometry == ""
    path.write_text(json.dumps({"window_geometry": "AdnQywADAAA="}), encoding="utf-8")
    assert Settings.load(path).window_geometry == "AdnQywADAAA="


def test_status_bar_texts_elide_with_the_whole_text_as_tooltip(window):
    window.status_counts.setText("職員 " + "・".join(["協議会 25"] * 60))
    QApplication.processEvents()
    assert window.status_counts.shown_text() != window.status_counts.text()
    assert window.status_counts.shown_text().endswith("…")
    assert window.status_counts.toolTip().startswith("職員 ")
    assert fits(window) == []
