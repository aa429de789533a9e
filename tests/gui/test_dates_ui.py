"""One date display everywhere (issue 13): 和暦 in the Japanese UI, ISO dates in the English UI, in
every tab, dialog and report; and 平成 dates after the era, noted in the window's import summary."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication

from app.context import AppContext
from app.ui.main_window import MainWindow
from app.ui.tasks import SyncRunner
from tests.helpers.cli import run_cli
from tests.helpers.paths import ROOT

WAREKI = re.compile(r"^(令和|平成|昭和)(元|\d+)年\d+月\d+日")
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}")
ERA_NAMES = re.compile("令和|平成|昭和|年度")


@pytest.fixture(params=["ja", "en"])
def window(request, qtbot, demo_folder, tmp_path, contexts):
    folder = tmp_path / "data"
    shutil.copytree(demo_folder, folder)
    ctx = AppContext.open(folder, language=request.param)
    contexts.append(ctx)
    win = MainWindow(ctx, SyncRunner())
    qtbot.addWidget(win)
    win.show()
    win.refresh()
    for index in range(win.tabs.count()):  # visit every tab, as a clerk would, so each loads
        win.tabs.setCurrentIndex(index)
        QApplication.processEvents()
    view = win.attendance_view
    assert view.select_council(view.council_model._councils[0][0].id)
    win.language = request.param
    return win


def _column(model, header: str) -> list[str]:
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    columns = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    col = columns.index(header)
    return [model.data(model.index(r, col)) for r in range(model.rowCount())]


def _expect(window, texts: list[str]) -> None:
    assert texts, "nothing to look at"
    pattern = WAREKI if window.language == "ja" else ISO
    wrong = [t for t in texts if t and not pattern.match(t)]
    assert wrong == []
    if window.language == "en":
        assert not [t for t in texts if ERA_NAMES.search(t)]


def test_meetings_walks_and_proposals_show_one_date_form(window):
    date_header = "開催日" if window.language == "ja" else "Date"
    _expect(window, _column(window.attendance_view.meetings_model, date_header))
    _expect(window, _column(window.townwalk.walks_view.walks_model, date_header))
    received = "受付日" if window.language == "ja" else "Received on"
    _expect(window, _column(window.survey.proposals.model, received))


def test_titles_show_the_same_form(window, qtbot):
    view = window.attendance_view
    view.meetings_table.selectRow(0)
    qtbot.waitUntil(lambda: "\n" in view.meeting_title.text())
    _expect(window, [view.meeting_title.text().split("\n")[1]])
    walks = window.townwalk.walks_view
    walks.walks_table.selectRow(0)
    qtbot.waitUntil(lambda: "　" in walks.walk_title.text())
    day = re.sub("<[^>]+>", "", walks.walk_title.text()).split("　")
    _expect(window, [next(part for part in day if re.search(r"\d", part))])


def test_reports_follow_the_ui_language(demo_folder, tmp_path):
    """A PDF made from the command line in each language: its dates as the UI shows them."""
    out = {}
    for lang in ("ja", "en"):
        pdf = tmp_path / f"coverage-{lang}.pdf"
        done = run_cli("--lang", lang, "report", "coverage", "--fiscal-year", "2025", "--out", str(pdf),
                       data_dir=demo_folder)
        assert done.returncode == 0, done.stderr
        out[lang] = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout
    assert re.search(r"令和\d+年\d+月\d+日", out["ja"])
    assert re.search(r"\d{4}-\d{2}-\d{2}", out["en"])
    assert not ERA_NAMES.search(out["en"]), out["en"][:500]


def test_no_date_is_formatted_by_hand_in_the_ui_or_reports():
    """Every shown date goes through wareki.format_date / format_datetime: the only isoformat()
    and strftime left in app/ui and app/reports are file names, input text and clock times."""
    allowed = {
        ("app/ui/attendance/report_actions.py", "isoformat()"),  # a PDF's file name
        ("app/ui/sync_controller.py", "strftime"),  # a clock time (synced 14:05)
    }
    found = set()
    for path in [*(ROOT / "app" / "ui").rglob("*.py"), *(ROOT / "app" / "reports").rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        for needle in ("isoformat()", "strftime", "format_wareki("):
            if needle in text:
                found.add((path.relative_to(ROOT).as_posix(), needle))
    assert found <= allowed, found - allowed


def test_window_import_notes_late_heisei_dates(qtbot, window, tmp_path):
    export = tmp_path / "meetings.csv"
    window.run_export("meetings", export, "ja")
    with open(export, encoding="utf-8-sig", newline="") as fh:
        header, first = list(csv.reader(fh))[:2]
    col, title = header.index("開催日"), header.index("件名")
    rows = []
    for n, day in enumerate(["平成31年5月10日(金)", "H31.6.1", "平成32年3月31日", "令和6年6月12日（水）"]):
        row = list(first)
        row[col], row[title] = day, f"読み替え {n}"
        rows.append(row)
    sheet = tmp_path / "late.csv"
    with open(sheet, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *rows])
    with qtbot.waitSignal(window.refreshed):
        window.run_import("meetings", sheet)
    note = ("平成の終わった後の日付（平成31年5月1日以降）が 3 件あり" if window.language == "ja"
            else "3 平成 dates written after the era ended")
    assert note in window.last_message, window.last_message
