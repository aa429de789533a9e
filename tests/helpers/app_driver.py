"""The real app in a subprocess, with a line protocol on stdin to turn its pages.

``python -m tests.helpers.app_driver --data-dir D --lang ja`` starts FieldDesk exactly as
``python -m app`` does (the same boot, window and event loop); before it, it makes the
QApplication the app then reuses and listens on stdin, so a test on a real X display can choose a
page and then look at the window from outside (xdotool, a screenshot), as a user's screen shows
it. Commands, one a line; each answer is one line starting ``DRIVER``:

    pages            DRIVER [["協議会出席", [0]], ["協議会出席 / 会議と出欠", [0, 0]], …] (JSON)
    show 2 4         the main tab 2, its inner page 4 → DRIVER shown 業務改善アンケート / 集計
    select           the first row of every list shown (so details load) → DRIVER selected N
    council          the first council and its first meeting → DRIVER selected council
    field            field mode on the first walk → DRIVER shown …
    check            what tests/helpers/fit_checks.py finds cut in the window as xcb draws it → DRIVER [...]
    quit             closes the window (the app ends as after a user's close) → DRIVER bye
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

from PySide6.QtCore import QSocketNotifier, QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMainWindow, QTabWidget

ROOT = Path(__file__).resolve().parents[2]


def _window() -> QMainWindow | None:
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()), None)


def _inner(tabs: QTabWidget, index: int) -> QTabWidget | None:
    page = tabs.widget(index)
    return next(iter(page.findChildren(QTabWidget)), None) if page is not None else None


def pages(window: QMainWindow) -> list[tuple[str, list[int]]]:
    tabs = window.findChild(QTabWidget, "main_tabs")
    out = []
    for i in range(tabs.count()):
        out.append((tabs.tabText(i), [i]))
        inner = _inner(tabs, i)
        for j in range(inner.count() if inner else 0):
            if inner.isTabEnabled(j):
                out.append((f"{tabs.tabText(i)} / {inner.tabText(j)}", [i, j]))
    return out


def _say(text: str) -> None:
    sys.stdout.write(f"DRIVER {text}\n")
    sys.stdout.flush()


class Driver:
    def __init__(self):
        self.buffer = b""
        self.notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
        self.notifier.activated.connect(self._read)

    def _read(self, *_args) -> None:
        chunk = os.read(sys.stdin.fileno(), 4096)
        if not chunk:
            self.notifier.setEnabled(False)
            return
        self.buffer += chunk
        while b"\n" in self.buffer:
            line, self.buffer = self.buffer.split(b"\n", 1)
            self.command(line.decode("utf-8").split())

    def command(self, words: list[str]) -> None:
        window = _window()
        if not words:
            return
        if window is None:
            _say("no window")
            return
        tabs = window.findChild(QTabWidget, "main_tabs")
        if words[0] == "pages":
            _say(json.dumps(pages(window), ensure_ascii=False))
        elif words[0] == "show":
            path = [int(w) for w in words[1:]]
            tabs.setCurrentIndex(path[0])
            name = tabs.tabText(path[0])
            if len(path) > 1:
                inner = _inner(tabs, path[0])
                inner.setCurrentIndex(path[1])
                name += f" / {inner.tabText(path[1])}"
            QTimer.singleShot(300, lambda: _say(f"shown {name}"))  # the layout settles, the WM sees it
        elif words[0] == "select":
            views = [v for v in window.findChildren(QAbstractItemView)
                     if v.isVisible() and v.model() is not None and v.model().rowCount() and hasattr(v, "selectRow")]
            for view in views:
                view.selectRow(0)
            QTimer.singleShot(300, lambda: _say(f"selected {len(views)}"))
        elif words[0] == "council":
            view = window.attendance_view
            view.select_council(view.council_model._councils[0][0].id)

            def meeting() -> None:  # the meetings arrive from the worker a moment later
                view.meetings_table.selectRow(0)
                QTimer.singleShot(800, lambda: _say("selected council"))
            QTimer.singleShot(800, meeting)
        elif words[0] == "field":
            townwalk = window.townwalk
            walk = townwalk.walks_view.walks_model.rows()[0]
            townwalk.open_field(walk.id)
            QTimer.singleShot(300, lambda: _say("shown field mode"))
        elif words[0] == "check":
            from tests.helpers.fit_checks import readable

            _say(json.dumps(readable(window, tabs.tabText(tabs.currentIndex())), ensure_ascii=False))
        elif words[0] == "quit":
            _say("bye")
            window.close()
        else:
            _say(f"unknown {words[0]}")


def main(argv: list[str]) -> int:
    app = QApplication([sys.argv[0]])  # the app's make_app() takes this one
    driver = Driver()
    app.setProperty("fielddesk_driver", driver)
    from app.bootstrap import main as app_main

    return app_main(argv)


class RunningApp:
    """The test's side: ``python -m tests.helpers.app_driver`` (the real app) on an X session's
    display (tests/helpers/x11.py), asked over its stdin, its window found by its process."""

    def __init__(self, session, data_dir: Path, language: str):
        env = {**session.env, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
        env.pop("QT_QPA_PLATFORM_PLUGIN_PATH", None)
        self.session = session
        self.errors = data_dir.parent / f"stderr-{language}-{time.monotonic_ns()}.txt"
        with open(self.errors, "wb") as errors:
            self.proc = subprocess.Popen([sys.executable, "-m", "tests.helpers.app_driver", "--data-dir",
                                          str(data_dir), "--lang", language, "gui"], cwd=ROOT, env=env,
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors, text=True,
                                         encoding="utf-8")
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()
        self.wid = session.wait_for(self._window, timeout=60)
        time.sleep(2)  # the window manager frames it; the app moves it inside the free area if it must

    def _pump(self) -> None:
        for line in self.proc.stdout:
            if line.startswith("DRIVER "):
                self.lines.put(line[7:].rstrip("\n"))

    def _window(self) -> int | None:
        for wid in self.session.windows(pid=self.proc.pid):
            name = self.session.window_name(wid)
            if "FieldDesk" in name or "フィールドデスク" in name:
                return wid
        return None

    def ask(self, command: str, timeout: float = 30) -> str:
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no answer to {command!r}: {self.errors.read_text(errors='replace')[-2000:]}") from None

    def framed(self) -> tuple[int, int, int, int]:
        """The frame once the window manager has drawn it (extents set) and the window has settled."""
        def settled():
            first = self.session.frame_geometry(self.wid)
            time.sleep(0.3)
            return first if first == self.session.frame_geometry(self.wid) and self._has_frame() else None
        return self.session.wait_for(settled, timeout=15)

    def _has_frame(self) -> bool:
        return "=" in self.session.run("xprop", "-id", str(self.wid), "_NET_FRAME_EXTENTS", check=False)

    def quit(self) -> int:
        self.ask("quit")
        try:
            return self.proc.wait(60)
        finally:
            self.proc.stdin.close()
            self.proc.stdout.close()



if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
