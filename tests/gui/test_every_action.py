"""Every action a user can reach — menus, tool bar, the welcome page, every button of every tab —
opened on an empty and on a sample store, through the real widgets, every dialog accepted or
cancelled. Any crash (an exception reaching ``sys.excepthook``, i.e. the crash dialog) or Qt
warning fails the test (``qt_log_level_fail`` in pyproject). The walk is generic
(``tests/helpers/walker.py``): a new button is covered without editing this file.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import sys
import time
import traceback
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from app.context import AppContext
from app.ui.main_window import MainWindow
from app.ui.tasks import TaskRunner
from tests.helpers.walker import Walker, window_actions


class Crashes:
    """What reached sys.excepthook (where the crash dialog is shown), by the step that caused it."""

    def __init__(self):
        self.seen: list[str] = []
        self.step = "start"

    def hook(self, exc_type, exc, tb) -> None:
        self.seen.append(f"{self.step}: {''.join(traceback.format_exception(exc_type, exc, tb))}")


@contextmanager
def private_log(folder: Path):
    """fielddesk.log of ``folder`` at DEBUG for the walk, as the window sets it up; removed after."""
    from app.logs import setup_logging

    log_file = setup_logging(folder / "logs", level=logging.DEBUG)
    root = logging.getLogger()
    try:
        yield log_file
    finally:
        for handler in [h for h in root.handlers if getattr(h, "_fielddesk", False)]:
            root.removeHandler(handler)
            handler.close()
        root.setLevel(logging.WARNING)


def data_set(folder: Path) -> list[str]:
    """The demo's names, readings, staff numbers and housing."""
    with sqlite3.connect(folder / "fielddesk.sqlite3") as db:
        rows = db.execute("SELECT staff_no, name, kana, housing FROM staff").fetchall()
    return sorted({v for row in rows for v in row if v and len(v) >= 3})


def _is_quit(action) -> bool:
    return action.menuRole() == QAction.MenuRole.QuitRole


def _walk(qtbot, folder: Path, scratch: Path, accept: bool, monkeypatch) -> Walker:
    monkeypatch.setenv("HOME", str(scratch))  # Documents etc. of the file dialogs: the scratch folder
    crashes = Crashes()
    monkeypatch.setattr(sys, "excepthook", crashes.hook)
    ctx = AppContext.open(folder)
    runner = TaskRunner()
    window = MainWindow(ctx, runner)
    window.tabs.setObjectName("main_tabs")
    qtbot.addWidget(window)
    window.show()

    def settle() -> None:
        deadline = time.monotonic() + 60
        while not runner.idle and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.005)
        assert runner.idle, "background work did not finish within 60 s"

    walker = Walker(window, scratch, accept, settle)
    original_step = walker.step

    def step(name, trigger, timeout=60):
        crashes.step = name
        original_step(name, trigger, timeout)

    walker.step = step  # type: ignore[method-assign]
    try:
        walker.step("open the window", window.refresh)
        # Each order once: cancelling walks the menus first (on the empty store as it is), accepting
        # walks the buttons first (the welcome page's, on the empty store), then the other, then again.
        if accept:
            walker.walk_buttons(window.centralWidget())
        walker.walk_actions(skip=_is_quit)
        walker.walk_buttons(window.centralWidget())
        walker.walk_actions(skip=_is_quit)
        quit_action = next(a for _n, a in window_actions(window) if _is_quit(a))
        walker.step("menu quit", quit_action.trigger)
        assert not window.isVisible(), f"Quit did not close the window; {crashes.seen}"
    finally:
        print("\n".join(walker.done))
        print("answered:", "\n".join(walker.answered))
        runner.shutdown()
        ctx.close()
    assert not crashes.seen, "\n".join(crashes.seen)
    return walker


@pytest.mark.parametrize("accept", [False, True], ids=["cancel", "accept"])
@pytest.mark.parametrize("store", ["empty", "demo"])
def test_every_reachable_action_opens_without_a_crash(qtbot, tmp_path, demo_folder, monkeypatch, store, accept):
    folder = tmp_path / "data"
    if store == "demo":
        shutil.copytree(demo_folder, folder)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    with private_log(folder) as log_file:
        walker = _walk(qtbot, folder, scratch, accept, monkeypatch)
    if store == "demo":  # nothing of the ward's data in the log the IT desk is sent
        text = log_file.read_text(encoding="utf-8")
        assert "INFO" in text or "DEBUG" in text, "the walk logged nothing: the check below would prove nothing"
        assert [s for s in data_set(folder) if s in text] == []
    menu_steps = [s for s in walker.done if s.startswith("menu ")]
    button_steps = [s for s in walker.done if " button " in s]
    assert len(menu_steps) >= 10, walker.done  # import, export, sample data, backup, restore, sync, …
    assert any("取り込み" in s for s in menu_steps) and any("書き出し" in s for s in menu_steps)
    if store == "demo":
        # every tab of the window was walked, and buttons on each of them
        for tab in ("協議会出席", "まちあるき研修", "業務改善アンケート", "職員"):
            assert any(f"[{tab}]" in s for s in button_steps), (tab, button_steps)
        assert len(button_steps) >= 30, button_steps
        for page in ("townwalk_pages", "survey_pages", "attendance_pages"):  # the tabs inside tabs
            assert any(page in s for s in button_steps), (page, button_steps)
    elif accept:  # the welcome page, walked first
        assert any("サンプルデータ" in s for s in button_steps) and any("取り込む" in s for s in button_steps)
    assert any("取り込" in a for a in walker.answered), walker.answered  # the import dialog opened


@pytest.mark.parametrize("exporting", [False, True], ids=["import", "export"])
def test_transfer_dialog_offers_every_kind_of_the_command_line(qtbot, exporting):
    """The KeyError class: a kind the services know but the dialog has no label for. Whether the
    labels are Japanese is test_japanese_ui's subject (it reads every entry of the dialog's list)."""
    from app.cli.main import KIND_NAMES
    from app.services.transfer.kinds import KINDS
    from app.ui.dialogs.transfer import TransferDialog

    assert list(KIND_NAMES) == list(KINDS)  # the command line knows every kind, in import order
    dialog = TransferDialog(exporting=exporting, language="ja", ctx=None)
    qtbot.addWidget(dialog)
    assert [dialog.kind.itemData(i) for i in range(dialog.kind.count())] == list(KIND_NAMES)
    labels = [dialog.kind.itemText(i) for i in range(dialog.kind.count())]
    assert len(set(labels)) == len(labels)  # one label per kind
