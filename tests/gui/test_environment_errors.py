"""Every background job gets the environmental-error path by default (issue 12 item 8): a locked
store, a read-only folder and a full disk, each made for real (tests/helpers/failures.py), reach
jobs that have no error handler of their own or whose handler passes the error on. The user sees
a plain message that says what to do, the crash dialog (``sys.excepthook``) never, and nothing is
lost: once the cause is gone the same action works. Jobs run on the real threaded TaskRunner."""

from __future__ import annotations

import shutil
import sqlite3
import sys
import time
import traceback
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from app.context import AppContext
from app.ui.main_window import MainWindow
from app.ui.tasks import TaskRunner
from tests.helpers.failures import fill_disk, locked_store, read_only_folder, small_disk


@pytest.fixture
def crashes(monkeypatch) -> list[str]:
    seen: list[str] = []
    monkeypatch.setattr(sys, "excepthook", lambda t, e, tb: seen.append("".join(traceback.format_exception(t, e, tb))))
    return seen


class Opened:
    def __init__(self, qtbot, folder: Path):
        self.ctx = AppContext.open(folder)
        self.runner = TaskRunner()
        self.window = MainWindow(self.ctx, self.runner)
        qtbot.addWidget(self.window)
        self.window.show()
        self.window.refresh()
        self.settle()

    def settle(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not self.runner.idle and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.005)
        QApplication.processEvents()
        assert self.runner.idle

    def message(self) -> str:
        """The text of the message box the window shows now (and close it, as the user does)."""
        box = self.window.last_dialog
        assert isinstance(box, QMessageBox) and box.isVisible(), box
        text = box.text()
        box.close()
        self.window.last_dialog = None
        return text

    def close(self) -> None:
        if self.ctx.store is None or self.ctx.store.engine is None:
            return
        self.window.close()
        self.runner.shutdown()
        self.ctx.close()


@pytest.fixture
def opened(qtbot, demo_folder, tmp_path):
    made: list[Opened] = []

    def open_at(folder: Path | None = None) -> Opened:
        folder = folder or tmp_path / "data"
        if not (folder / "fielddesk.sqlite3").exists():
            shutil.copytree(demo_folder, folder, dirs_exist_ok=True)
        made.append(Opened(qtbot, folder))
        return made[-1]

    yield open_at
    for o in made:
        o.close()


def _edit_first_survey(o: Opened) -> str:
    survey = o.window.survey
    survey.surveys.table.selectRow(0)
    o.settle()
    assert survey.surveys.editing is not None
    title = survey.surveys.editing.title + "（改）"
    survey.surveys.title.setText(title)
    return title


def _titles(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return [r[0] for r in conn.execute("SELECT title FROM survey")]
    finally:
        conn.close()


def test_a_store_locked_by_another_program_gives_a_message_not_a_crash(opened, crashes):
    o = opened()
    title = _edit_first_survey(o)
    with locked_store(o.ctx.paths.db):
        o.window.survey.save_survey()  # its handler takes invalid input; a locked store it passes on
        o.settle()
        assert crashes == []
        text = o.message()
    assert "別のプログラムが使用中" in text and str(o.ctx.paths.db) in text
    assert title not in _titles(o.ctx.paths.db)
    o.window.survey.save_survey()  # the lock is gone: the same save goes through
    o.settle()
    assert crashes == [] and title in _titles(o.ctx.paths.db)


def test_a_pdf_into_a_read_only_folder_gives_a_message_not_a_crash(opened, crashes, tmp_path):
    o = opened()
    o.window.survey.open_after = False  # no preview of the written PDF: not this test's subject
    folder = tmp_path / "reports"
    with read_only_folder(folder):
        o.window.survey.save_pdf("proposals", folder / "提案一覧.pdf")  # no error handler of its own
        o.settle()
        assert crashes == []
        text = o.message()
    assert "PDFを書き込めません" in text and "提案一覧.pdf" in text
    assert list(folder.iterdir()) == []  # not half a file either
    written: list[Path] = []
    o.window.survey.save_pdf("proposals", folder / "提案一覧.pdf", on_done=written.append)  # writable again
    o.settle()
    assert crashes == [] and written and written[0].stat().st_size > 1000


def test_a_full_disk_gives_a_message_not_a_crash_and_nothing_saved_is_lost(opened, crashes, tmp_path):
    disk = tmp_path / "disk"
    with small_disk(disk, "24m"):
        o = opened(disk / "data")
        title = _edit_first_survey(o)
        ballast = fill_disk(disk)
        o.window.survey.save_survey()
        o.settle()
        assert crashes == []
        text = o.message()
        assert "ディスクがいっぱいです" in text or "書き込めませんでした" in text, text
        ballast.unlink()  # space again: the same save goes through
        o.window.survey.save_survey()
        o.settle()
        assert crashes == []
        o.close()
        assert title in _titles(disk / "data" / "fielddesk.sqlite3")


def test_a_raw_os_error_of_the_environment_is_told_and_a_bug_is_raised(tmp_path):
    """The runner's default path itself: an OSError from a read-only folder becomes a message
    naming the file; a bug (here a KeyError, and an OSError that is no environment's) is raised."""
    import errno

    from app.errors import UnavailableError
    from app.ui.tasks import SyncRunner

    told: list[BaseException] = []
    runner = SyncRunner()
    runner.on_expected = told.append
    folder = tmp_path / "ro"
    with read_only_folder(folder):
        runner.submit(lambda: (folder / "x.csv").write_text("a"))
    assert len(told) == 1 and isinstance(told[0], UnavailableError) and str(folder / "x.csv") in str(told[0])
    with pytest.raises(KeyError):
        runner.submit(lambda: {}["routes"])
    with pytest.raises(OSError):
        runner.submit(lambda: (_ for _ in ()).throw(OSError(errno.EBADF, "Bad file descriptor")))
    handled: list[BaseException] = []
    runner.submit(lambda: {}["x"], on_error=handled.append)  # a handler that takes it: nothing else
    assert len(handled) == 1 and len(told) == 1
