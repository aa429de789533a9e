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
from app.services.admin.check import run_check
from app.storage.migrate import _backup
from app.storage.models import SyncChange
from app.ui.tasks import SyncRunner
from tests.helpers.survey import FY, STAFF_NO, make_survey, publish_and_back_up, respond, traces
from tests.helpers.survey_tab import open_survey_tab


@pytest.fixture
def kiosk(qtbot, tmp_path):
    ctx = AppContext.open(tmp_path / "data")
    ctx.settings.user_name = "kiosk-laptop-7"
    ctx.store.user = ctx.settings.user_name
    ctx.settings.staff_no_width = ctx.store.staff_no_width = len(STAFF_NO)  # a ward of ten-digit numbers
    make_survey(ctx.store)
    tab = open_survey_tab(qtbot, ctx, date(FY, 6, 20))
    tab.surveys.table.selectRow(0)
    assert tab.set_kiosk_pin("2468")
    window = tab.start_kiosk()
    qtbot.addWidget(window)
    yield tab, window
    if not window.unlocked:
        window.lock.release()
        window.unlocked = True
        window.close()
    tab.close()
    ctx.close()


def _type_pin(qtbot, dialog, pin: str) -> None:
    dialog.pin.setFocus()
    dialog.pin.insert(pin)  # what the keyboard (or a Japanese IME, full width) commits
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)


def test_only_the_pin_ends_kiosk_mode_and_a_wrong_pin_says_so(kiosk, qtbot):
    tab, window = kiosk
    window.close()
    assert window.isVisible()  # the × and Alt+F4 are refused
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.isVisible()
    dialog = window.request_exit()
    assert dialog.isVisible() and dialog.message.text() == "終了するには暗証番号を入力してください。"
    _type_pin(qtbot, dialog, "0000")
    assert dialog.isVisible() and window.isVisible() and not window.unlocked
    assert dialog.message.text() == "暗証番号が違います。もう一度入力してください（1回目）。"
    assert dialog.pin.text() == "" and not dialog.pin.isUndoAvailable()
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Escape)  # cancelled: the kiosk stays
    assert not dialog.isVisible() and window.isVisible() and not tab.isVisible()
    dialog = window.request_exit()
    with qtbot.waitSignal(window.finished):
        _type_pin(qtbot, dialog, "２４６８")  # typed full width on a Japanese keyboard
    assert not window.isVisible() and tab.isVisible()


def test_no_other_fielddesk_window_can_be_seen_while_the_kiosk_is_on(kiosk, qtbot):
    from PySide6.QtWidgets import QMessageBox, QWidget

    tab, window = kiosk
    assert window.isVisible() and window.isFullScreen()
    assert window.geometry() == window.screen().geometry()
    assert not tab.isVisible()  # hidden the moment the kiosk started
    late = QMessageBox(QMessageBox.Icon.Information, "同期", "同期しました", QMessageBox.StandardButton.Ok, tab)
    late.open()  # a background job's message, while the kiosk is on
    stray = QWidget()
    stray.setWindowTitle("guide")
    stray.show()
    qtbot.waitUntil(lambda: not late.isVisible() and not stray.isVisible(), timeout=2000)
    dialog = window.request_exit()  # the kiosk's own windows do show
    assert dialog.isVisible()
    _type_pin(qtbot, dialog, "2468")
    assert not window.isVisible()
    assert tab.isVisible() and late.isVisible() and stray.isVisible()  # given back after the PIN
    late.close()
    stray.close()


def test_the_kiosk_looks_up_by_receipt_code_only(kiosk, qtbot):
    tab, window = kiosk
    saved = respond(tab.ctx.store, window.form_def, anonymous=False, staff_no=STAFF_NO, idea="他人の提案")
    window.show_lookup()
    window.lookup.query.setText(STAFF_NO)
    qtbot.keyClick(window.lookup.query, Qt.Key.Key_Return)
    assert window.lookup.last == [] and "他人の提案" not in window.lookup.results.toPlainText()
    assert "受付番号" in window.lookup.status.text() and "担当者" in window.lookup.status.text()
    window.lookup.query.setText(saved.receipt_code)
    qtbot.keyClick(window.lookup.query, Qt.Key.Key_Return)
    assert [v.idea for v in window.lookup.last] == ["他人の提案"]
    assert "取り下げる" not in window.lookup.results.toPlainText()  # nothing to change at the kiosk
    tab.lookup.query.setText(STAFF_NO)  # the clerk's page still finds it by number
    tab.lookup.search()
    assert [v.idea for v in tab.lookup.last] == ["他人の提案"]


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
    # the submitter looks the answer up at the kiosk, by the code on the slip
    window.show_lookup()
    window.lookup.query.setText(code)
    window.lookup.search()
    assert [v.idea for v in window.lookup.last] == ["申請を電子化する"]
    from PySide6.QtWidgets import QPushButton

    qtbot.mouseClick(window.findChild(QPushButton, "kiosk_back"), Qt.MouseButton.LeftButton)
    return code


def _end(tab, window) -> None:
    window.lock.release()
    window.unlocked = True
    window.close()
    tab.close()
    tab.ctx.close()


def test_an_anonymous_kiosk_response_leaves_no_trace_of_the_staff_number(kiosk, qtbot, cli, tmp_path):
    tab, window = kiosk
    _answer_in_kiosk(window, qtbot, anonymous=True)
    assert window.pages.currentIndex() == 0 and window.lookup.query.text() == ""  # nothing left on screen
    store = tab.ctx.store
    with store.read() as session:
        users = set(session.scalars(select(SyncChange.user)))
    assert users == {"kiosk-laptop-7"}  # the laptop's settings user, never the respondent
    assert run_check(store).ok
    root = tab.ctx.paths.root
    assert (root / "fielddesk.sqlite3-wal").exists()
    assert traces(root) == []  # with the WAL as it is …
    tab.ctx.settings.save(tab.ctx.paths.settings)
    _backup(tab.ctx.paths.db, tab.ctx.paths.backups, "0003")  # the copy taken before a schema upgrade
    assert list((root / "backups").glob("*.sqlite3"))
    _end(tab, window)  # … and once closed, the WAL checkpointed into the main file
    share, backup = publish_and_back_up(cli, root, tmp_path)  # a real share segment and a real backup
    assert traces(root, share, backup) == []
    assert any(name.startswith("logs") for name in _folder_bytes(root))


def test_a_named_kiosk_response_is_found_so_the_search_works(kiosk, qtbot, cli, tmp_path):
    tab, window = kiosk
    _answer_in_kiosk(window, qtbot, anonymous=False)
    root = tab.ctx.paths.root
    assert traces(root)
    _end(tab, window)
    share, backup = publish_and_back_up(cli, root, tmp_path)
    assert traces(share) and traces(backup)


def _folder_bytes(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _idle_kiosk(qtbot, tmp_path, **timing):
    from app.ui.survey.kiosk import KioskWindow

    ctx = AppContext.open(tmp_path / "idle")
    form = make_survey(ctx.store)
    window = KioskWindow(ctx, SyncRunner(), form, open_slips=False, **timing)
    qtbot.addWidget(window)
    window.start(lock=False)  # the idle timers alone
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
