"""Staff numbers in the window: the width setting, the import summary, the picker, refused cells."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from app.context import AppContext
from app.services.attendance import records
from app.services.staff import people
from app.settings import Settings
from app.storage.models import Staff, natural_id
from app.ui.dialogs.settings import SettingsDialog
from app.ui.dialogs.transfer import ProblemsDialog
from app.ui.main_window import MainWindow
from app.ui.tasks import SyncRunner
from app.ui.widgets.staff_picker import StaffPicker

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "calc"


def open_window(qtbot, folder: Path, contexts) -> MainWindow:
    ctx = AppContext.open(folder)
    contexts.append(ctx)
    window = MainWindow(ctx, SyncRunner())
    qtbot.addWidget(window)
    window.show()
    return window


def test_the_width_is_a_setting_with_a_default_of_six(qtbot, tmp_path):
    settings = Settings()
    assert settings.staff_no_width == 6
    dialog = SettingsDialog(settings, str(tmp_path))
    qtbot.addWidget(dialog)
    assert dialog.staff_no_width.value() == 6
    assert (dialog.staff_no_width.minimum(), dialog.staff_no_width.maximum()) == (1, 12)
    dialog.staff_no_width.setValue(7)
    dialog.apply_to(settings)
    settings.save(tmp_path / "settings.json")
    assert Settings.load(tmp_path / "settings.json").staff_no_width == 7
    for bad in (0, 13, "6", True, None, 6.0):
        (tmp_path / "settings.json").write_text(json.dumps({"staff_no_width": bad}), encoding="utf-8")
        assert Settings.load(tmp_path / "settings.json").staff_no_width == 6


def test_the_width_set_in_the_window_pads_the_next_number(qtbot, tmp_path, contexts):
    window = open_window(qtbot, tmp_path / "data", contexts)

    def answer():
        dialog = QApplication.activeModalWidget()
        try:
            dialog.staff_no_width.setValue(8)
            dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
        finally:
            dialog.close()  # never leave the test waiting on a modal dialog

    QTimer.singleShot(0, answer)
    window.edit_settings()
    assert window.ctx.store.staff_no_width == 8
    assert Settings.load(window.ctx.paths.settings).staff_no_width == 8
    records.save_staff(window.ctx.store, records.StaffInput("１００９９", "芝 花子", "しば"))
    assert [s.staff_no for s in people.list_staff(window.ctx.store)] == ["00010099"]


def test_the_import_summary_says_how_many_numbers_were_padded(qtbot, tmp_path, contexts):
    window = open_window(qtbot, tmp_path / "data", contexts)
    for kind in ("councils", "staff"):
        window.run_import(kind, FIXTURES / "export" / f"{kind}.csv")
    window.run_import("staff", FIXTURES / "csv_to_csv" / "staff.csv")  # saved by Calc: 10099, 456 …
    assert isinstance(window.last_dialog, QMessageBox)
    assert "追加 0件" in window.last_message and "変更なし 6件" in window.last_message
    assert "5件の職員番号" in window.last_message and "6桁" in window.last_message, window.last_message


def test_a_refused_formula_is_shown_by_its_cell(qtbot, tmp_path, contexts):
    window = open_window(qtbot, tmp_path / "data", contexts)
    window.run_import("staff", FIXTURES / "formatted" / "program.xlsx")
    dialog = window.last_dialog
    assert isinstance(dialog, ProblemsDialog)
    cells = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    assert cells == ["D2: 所属", "D3: 所属", "D4: 所属"]
    assert "Excel" in dialog.table.item(0, 3).text()
    dialog.close()


def test_the_picker_finds_a_number_stored_without_its_zeros(qtbot, store):
    with store.session() as session:  # as an import before the fix stored a number from Calc
        session.add(Staff(id=natural_id("staff", "10099"), staff_no="10099", name="芝 花子", kana="しば はなこ"))
        session.add(Staff(id=natural_id("staff", "000123"), staff_no="000123", name="港 太郎", kana="みなと"))
    picker = StaffPicker(people.list_staff(store))
    qtbot.addWidget(picker)
    for typed in ("010099", "０１００９９", "10099"):
        picker.search.setText(typed)
        assert len(picker.matches()) == 1 and picker.model.rowCount() == 1, typed
        assert picker.current().name == "芝 花子"
    picker.search.setText("123")
    assert picker.current().name == "港 太郎"
