"""Runs the real FieldDesk window on a real X display for the kiosk lock-down tests.

``python -m tests.helpers.kiosk_x11_driver DATA_DIR CONTROL_DIR``: opens the real MainWindow (the same
one ``fielddesk gui`` opens) on ``DATA_DIR`` with the 職員 tab in front, and then waits for the
test. The test talks to it through files in ``CONTROL_DIR``: it creates ``start`` to have the
kiosk started through the survey tab's real button, and ``grab`` to have the kiosk rendered to
``kiosk.png``; the driver writes ``state.json`` (what Qt believes: visible windows, the active
one, the kiosk's page and PIN message) every 150 ms. Keys and clicks come from xdotool, through
the X server and the window manager, as a user's would.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _state(window, control: Path) -> dict:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    kiosk = window.survey.kiosk
    visible = [{"class": type(w).__name__, "title": w.windowTitle(), "wid": int(w.winId())}
               for w in app.topLevelWidgets() if w.isVisible() and w.isWindow()
               and w.windowType().name not in ("ToolTip", "Popup")]
    active = app.activeWindow()
    state = {"visible": visible, "active": type(active).__name__ if active else None,
             "main_visible": window.isVisible(), "kiosk": None, "question": None}
    from PySide6.QtWidgets import QMessageBox

    for box in app.topLevelWidgets():  # a question on the way (the kiosk started outside the survey's period)
        if isinstance(box, QMessageBox) and box.isVisible() and box.button(QMessageBox.StandardButton.Yes):
            yes = box.button(QMessageBox.StandardButton.Yes)
            centre = yes.mapToGlobal(yes.rect().center())
            state["question"] = {"title": box.windowTitle(), "yes": [centre.x(), centre.y()]}
    if kiosk is not None and kiosk.isVisible():
        button = kiosk.exit_button
        centre = button.mapToGlobal(button.rect().center())
        dialog = getattr(kiosk, "pin_dialog", None)  # (None on a version without it: the test still runs)
        state["kiosk"] = {"wid": int(kiosk.winId()), "page": kiosk.pages.currentIndex(),
                          "full_screen": kiosk.isFullScreen(), "exit": [centre.x(), centre.y()],
                          "geometry": [kiosk.x(), kiosk.y(), kiosk.width(), kiosk.height()],
                          "pin_message": dialog.message.text() if dialog is not None and dialog.isVisible() else None}
        if (control / "grab").exists():
            (control / "grab").unlink()
            kiosk.grab().save(str(control / "kiosk.png"))
    return state


def main(data_dir: str, control_dir: str) -> int:
    from PySide6.QtCore import QTimer

    from app.context import AppContext
    from app.i18n import current_language
    from app.ui.application import ensure_japanese_font, install_translations, make_app
    from app.ui.main_window import MainWindow
    from app.ui.tasks import TaskRunner

    control = Path(control_dir)
    app = make_app()
    ctx = AppContext.open(Path(data_dir))
    install_translations(app, current_language())
    ensure_japanese_font(app)
    window = MainWindow(ctx, TaskRunner())
    window.resize(1200, 700)
    window.show()
    window.refresh()
    window.pages.setCurrentWidget(window.tabs)
    window.tabs.setCurrentWidget(window.staff_tab)  # names and housing addresses on screen

    def tick() -> None:
        if (control / "start").exists():
            (control / "start").unlink()
            window.survey.surveys.table.selectRow(0)
            window.survey.surveys.kiosk_button.click()  # the real button
        state = _state(window, control)
        temp = control / "state.json.tmp"
        temp.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
        temp.replace(control / "state.json")

    timer = QTimer(interval=150)
    timer.timeout.connect(tick)
    timer.start()
    code = app.exec()
    ctx.close()
    return code


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
