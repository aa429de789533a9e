"""Time stamps for the start-up benchmark (tests/bench/xwindow.py), written only when the
environment variable ``FIELDDESK_PAINT_STAMP`` names a file: one line ``<event> <seconds>`` per
event, on the system-wide monotonic clock (``time.monotonic``), which the benchmark also reads
just before it starts the program. Events: ``paint`` (the first frame of the window has been
drawn and handed to the window system), ``data`` (the window shows what the store holds), and
``roster`` (the meeting open at the last close is shown again). With ``paint`` comes a line
``loaded <names>``: which of the modules that must wait for the first frame were loaded by then."""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer

ENV = "FIELDDESK_PAINT_STAMP"
# Not before the first frame (issue 14 item 1): the database and file libraries, and the tabs' code.
AFTER_FIRST_FRAME = ("sqlalchemy", "alembic", "reportlab", "openpyxl", "pypdfium2", "app.storage.store",
                     "app.services.staff.people", "app.ui.attendance.view", "app.ui.townwalk", "app.ui.survey",
                     "app.ui.staff.view", "app.ui.attendance.tab", "app.ui.staff.tab")


def wanted() -> bool:
    return bool(os.environ.get(ENV))


def stamp(event: str, *, clock: bool = True) -> None:
    path = os.environ.get(ENV)
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"{event} {time.monotonic():.6f}\n" if clock else f"{event}\n")


class FirstFrame(QObject):
    """Stamps ``paint`` once the window's first Paint has been handled: from the next turn of the
    event loop, so after Qt has flushed the painted backing store to the window system."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        window.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if obj is self.window and event.type() == QEvent.Type.Paint:
            self.window.removeEventFilter(self)
            loaded = ",".join(m for m in AFTER_FIRST_FRAME if m in sys.modules) or "-"
            QTimer.singleShot(0, lambda: (stamp("paint"), stamp(f"loaded {loaded}", clock=False)))
        return False


def once(signal, event: str) -> None:
    """Stamp ``event`` the first time ``signal`` fires."""
    def fire(*_args) -> None:
        signal.disconnect(fire)
        stamp(event)

    signal.connect(fire)
