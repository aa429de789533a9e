"""Kiosk mode on real widgets: only the PIN ends it, nothing of the last person stays on screen,
and an anonymous response leaves no trace of the staff number anywhere in the data folder —
the store (with its WAL), the change log's user and transaction, logs, settings and backups."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from app.context import AppContext
from app.services.check import run_check
from app.storage.migrate import _backup
from app.storage.models import SyncChange
from app.ui.survey.tab import SurveyTab
from app.ui.tasks import SyncRunner
from tests.survey_helpers import FY, make_survey

STAFF_NO = "5820731946"  # ten digits: never by chance in hex ids or codes


@pytest.fixture
def kiosk(qtbot, tmp_path):
    ctx = AppContext.open(tmp_path / "data")
    ctx.settings.user_name = "kiosk-laptop-7"
    ctx.store.user = ctx.settings.user_name
    ctx.settings.staff_no_width = ctx.store.staff_no_width = len(STAFF_NO)  # a ward of ten-digit numbers
    make_survey(ctx.store)
    tab = SurveyTab(ctx, SyncRunner(), today=lambda: date(FY, 6, 20))
    tab.open_after = False
    qtbot.addWidget(tab)
    tab.show()
    tab.reload()
    tab.surveys.table.selectRow(0)
    assert tab.set_kiosk_pin("2468")
    window = tab.start_kiosk(full_screen=False)
    qtbot.addWidget(window)
    window.activateWindow()
    yield tab, window
    window.unlocked = True
    window.close()
    tab.close()
    ctx.close()


def test_only_the_pin_ends_kiosk_mode(kiosk, qtbot):
    tab, window = kiosk
    window.close()
    assert window.isVisible()  # the × and Alt+F4 are refused
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.isVisible()
    window.ask_pin = lambda: "0000"
    assert not window.request_exit() and window.isVisible()
    window.ask_pin = lambda: None  # cancelled
    assert not window.request_exit() and window.isVisible()
    window.ask_pin = lambda: "２４６８"  # typed full width on a Japanese keyboard
    with qtbot.waitSignal(window.finished):
        assert window.request_exit()
    assert not window.isVisible()


def _answer_in_kiosk(window, qtbot, *, anonymous: bool) -> str:
    window.show_form()
    form = window.entry
    assert form.anonymous.isChecked()  # anonymous is preselected at the kiosk
    qtbot.keyClick(form.anonymous, Qt.Key.Key_Space)  # named: the number is typed …
    form.staff_no.setFocus()
    qtbot.keyClicks(form.staff_no, STAFF_NO)
    form.department.insert("総務課")
    if anonymous:
        form.anonymous.setFocus()
        qtbot.keyClick(form.anonymous, Qt.Key.Key_Space)  # … then anonymity chosen after all
        assert form.staff_no.text() == "" and not form.staff_no.isUndoAvailable()
    form.answers[form.form.questions[0].id].setText("2")
    form.answers[form.form.questions[1].id].setText("4")
    form.parts["idea"].insert("申請を電子化する")
    qtbot.mouseClick(window.submit_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentIndex() == 2, window.form_status.text()
    code = window.receipt_code.text()
    assert len(code) == 11
    window.print_slip(Path(window.ctx.paths.root) / "backups" / "slip.pdf")  # a slip, even kept in the folder
    # the submitter looks the answer up at the kiosk
    window.show_lookup()
    window.lookup.query.setText(code if anonymous else STAFF_NO)
    window.lookup.search()
    assert [v.idea for v in window.lookup.last] == ["申請を電子化する"]
    from PySide6.QtWidgets import QPushButton

    qtbot.mouseClick(window.findChild(QPushButton, "kiosk_back"), Qt.MouseButton.LeftButton)
    return code


def _folder_bytes(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _found(root: Path) -> list[str]:
    needles = [STAFF_NO.encode(), STAFF_NO.encode("utf-16-le")]
    return [name for name, data in _folder_bytes(root).items() if any(n in data for n in needles)]


def test_an_anonymous_kiosk_response_leaves_no_trace_of_the_staff_number(kiosk, qtbot):
    tab, window = kiosk
    _answer_in_kiosk(window, qtbot, anonymous=True)
    assert window.pages.currentIndex() == 0 and window.lookup.query.text() == ""  # nothing left on screen
    store = tab.ctx.store
    with store.session(capture_changes=False) as session:
        users = set(session.scalars(select(SyncChange.user)))
    assert users == {"kiosk-laptop-7"}  # the laptop's settings user, never the respondent
    assert run_check(store).ok
    root = tab.ctx.paths.root
    assert (root / "fielddesk.sqlite3-wal").exists()
    assert _found(root) == []  # with the WAL as it is …
    tab.ctx.settings.save(tab.ctx.paths.settings)
    _backup(tab.ctx.paths.db, tab.ctx.paths.backups, "0003")  # the copy taken before a schema upgrade
    assert list((root / "backups").glob("*.sqlite3"))
    store.close()  # … and once closed, the WAL checkpointed into the main file
    assert _found(root) == []
    assert any(name.startswith("logs") for name in _folder_bytes(root))


def test_a_named_kiosk_response_is_found_so_the_search_works(kiosk, qtbot):
    tab, window = kiosk
    _answer_in_kiosk(window, qtbot, anonymous=False)
    assert _found(tab.ctx.paths.root)


def _idle_kiosk(qtbot, tmp_path, **timing):
    from app.ui.survey.kiosk import KioskWindow

    ctx = AppContext.open(tmp_path / "idle")
    form = make_survey(ctx.store)
    window = KioskWindow(ctx, SyncRunner(), form, open_slips=False, **timing)
    qtbot.addWidget(window)
    window.show()
    return ctx, window


def test_a_kiosk_left_mid_answer_warns_then_forgets_what_was_typed(qtbot, tmp_path):
    ctx, window = _idle_kiosk(qtbot, tmp_path, idle_ms=150, grace_ms=150)
    assert not window.idle.idle.isActive()  # the start page waits for ever
    qtbot.mouseClick(window.answer_button, Qt.MouseButton.LeftButton)
    field = window.entry.parts["idea"]
    field.setFocus()
    qtbot.keyClicks(field, "idea of the last person")
    qtbot.waitUntil(window.idle_warning.isVisible, timeout=2000)
    assert window.pages.currentIndex() == 1 and field.text() == "idea of the last person"
    qtbot.waitUntil(lambda: window.pages.currentIndex() == 0, timeout=2000)
    assert field.text() == "" and not window.idle_warning.isVisible()
    window.unlocked = True
    window.close()
    ctx.close()


def test_any_input_during_the_warning_keeps_the_answer(qtbot, tmp_path):
    ctx, window = _idle_kiosk(qtbot, tmp_path, idle_ms=150, grace_ms=600)
    window.show_form()
    field = window.entry.parts["idea"]
    field.setFocus()
    qtbot.keyClicks(field, "still thinking")
    qtbot.waitUntil(window.idle_warning.isVisible, timeout=2000)
    qtbot.keyClick(field, Qt.Key.Key_End)  # someone is here after all
    assert not window.idle_warning.isVisible()
    assert window.idle.idle.isActive() and not window.idle.grace.isActive()
    assert window.pages.currentIndex() == 1 and field.text() == "still thinking"
    window.unlocked = True
    window.close()
    ctx.close()
