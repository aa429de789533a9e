"""The kiosk on a real X display, as a user meets it: the real FieldDesk window in a subprocess
(xcb), keys pressed through the X server with xdotool so the window manager (openbox) acts on them
— and without any window manager, where nothing else makes a window full screen or gives it the
keys. While the kiosk is on, no other FieldDesk window may be visible or hold the focus, whatever
is pressed; the screen shows the kiosk and nothing else (a screenshot equals the kiosk's own
rendering — and does not before, when the 職員 tab shows names); a wrong PIN says so; the right
PIN gives the main window back.

``FIELDDESK_DOCS_SHOTS=1`` also copies the screenshots to docs/ (survey_kiosk_x11*.png).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers.cli import run_cli
from tests.helpers.paths import ROOT
from tests.helpers.x11 import missing_tools, start_x_session

pytestmark = pytest.mark.skipif(bool(missing_tools() or not shutil.which("compare")),
                                reason=f"needs {missing_tools()} and ImageMagick")
KEYS = ("alt+Tab", "alt+shift+Tab", "ctrl+alt+Tab", "Super_L", "super+d", "alt+Escape", "ctrl+alt+Right",
        "ctrl+alt+Left", "shift+alt+Right", "super+F2", "alt+F4", "Escape", "alt+space", "Escape", "ctrl+w")
WRONG = "暗証番号が違います。もう一度入力してください（1回目）。"


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory) -> Path:
    from app.services.survey.kiosk import set_pin
    from app.settings import Settings

    folder = tmp_path_factory.mktemp("kiosk-x11") / "data"
    done = run_cli("demo", data_dir=folder)
    assert done.returncode == 0, done.stderr
    settings = Settings.load(folder / "settings.json")
    set_pin(settings, "2468")
    settings.save(folder / "settings.json")
    return folder


class Driver:
    """The real app in a subprocess on the X session, and what it reports of itself."""

    def __init__(self, session, data_dir: Path, control: Path):
        self.x, self.control = session, control
        control.mkdir()
        env = {**session.env, "PYTHONPATH": str(ROOT)}
        self.log = control.parent / "driver-stderr.txt"
        with open(self.log, "wb") as err:
            self.proc = subprocess.Popen([sys.executable, "-m", "tests.helpers.kiosk_x11_driver", str(data_dir),
                                          str(control)], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)

    def state(self) -> dict | None:
        if self.proc.poll() is not None:
            raise AssertionError(f"the app ended: {self.log.read_text(errors='replace')[-2000:]}")
        try:
            return json.loads((self.control / "state.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def wait(self, test, timeout: float = 30):
        def ready():
            state = self.state()
            return state if state and test(state) else None
        return self.x.wait_for(ready, timeout=timeout)

    def visible(self) -> list[int]:
        return self.x.windows(pid=self.proc.pid)

    def ask(self, name: str) -> None:
        (self.control / name).write_text("", encoding="utf-8")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


def _differing_pixels(a: Path, b: Path) -> int:
    done = subprocess.run(["compare", "-metric", "AE", "-fuzz", "8%", str(a), str(b), "null:"],
                          capture_output=True, text=True, timeout=60)
    return int(float(done.stderr.split()[0]))


def _keep(shot: Path, name: str) -> None:
    if os.environ.get("FIELDDESK_DOCS_SHOTS") == "1":
        shutil.copyfile(shot, ROOT / "docs" / name)


@pytest.mark.parametrize("window_manager", [True, False], ids=["openbox", "no-window-manager"])
def test_the_kiosk_is_the_only_fielddesk_window_until_the_pin(demo_store, tmp_path, window_manager):
    data = tmp_path / "data"
    shutil.copytree(demo_store, data)
    x = start_x_session(window_manager=window_manager)
    app = Driver(x, data, tmp_path / "control")
    try:
        first = app.wait(lambda s: s["main_visible"] and s["visible"], timeout=90)
        main = first["visible"][0]["wid"]
        x.wait_for(lambda: main in app.visible())  # the grep can see the main window …
        time.sleep(1)
        before = x.screenshot(tmp_path / "before.png")  # … and the 職員 tab's names are on screen

        app.ask("start")
        started = app.wait(lambda s: s["kiosk"] is not None or s["question"] is not None)
        if started["question"] is not None:  # the demo's survey closed before today: answered as a clerk would
            assert started["question"]["title"] == "アンケートの期間外"
            x.click(*started["question"]["yes"])
        kiosk = app.wait(lambda s: s["kiosk"] is not None)["kiosk"]["wid"]
        full = (0, 0, x.width, x.height)

        def locked() -> bool:
            return (app.visible() == [kiosk] and x.focused_window() == kiosk
                    and x.geometry(kiosk)[2:] == full[2:] and x.geometry(kiosk)[:2] == full[:2])

        x.wait_for(locked, timeout=15)
        time.sleep(0.5)
        app.ask("grab")
        x.wait_for(lambda: (tmp_path / "control" / "kiosk.png").exists())
        rendered = tmp_path / "kiosk-rendered.png"
        shutil.move(tmp_path / "control" / "kiosk.png", rendered)
        shot = x.screenshot(tmp_path / "kiosk.png")
        pixels = x.width * x.height
        assert _differing_pixels(shot, rendered) < pixels * 0.002  # the screen is the kiosk, nothing else
        assert _differing_pixels(before, rendered) > pixels * 0.05  # (and the comparison can tell)

        for key in KEYS:
            x.key(key)
            seen = set()
            deadline = time.monotonic() + 1.0
            while time.monotonic() < deadline:  # never, even for a moment, another FieldDesk window
                seen.update(app.visible())
                time.sleep(0.05)
            assert seen <= {kiosk}, (key, seen)
            x.wait_for(locked, timeout=10)
            if key == "alt+Tab" and window_manager:
                _keep(x.screenshot(tmp_path / "after-alt-tab.png"), "survey_kiosk_x11.png")
        x.key("space")  # the keys go to the kiosk: its focused button opens its page (answer or look up)
        app.wait(lambda s: s["kiosk"] and s["kiosk"]["page"] != 0, timeout=10)

        x.click(*app.state()["kiosk"]["exit"])
        app.wait(lambda s: s["kiosk"]["pin_message"] is not None, timeout=10)
        x.type_text("0000")
        x.key("Return")
        app.wait(lambda s: s["kiosk"]["pin_message"] == WRONG, timeout=10)
        assert main not in app.visible() and len(app.visible()) == 2  # the kiosk and its PIN dialog
        _keep(x.screenshot(tmp_path / "wrong-pin.png"), "survey_kiosk_pin_x11.png" if window_manager
              else "survey_kiosk_pin_x11_no_wm.png")
        x.type_text("2468")
        x.key("Return")
        app.wait(lambda s: s["kiosk"] is None and s["main_visible"], timeout=15)
        x.wait_for(lambda: app.visible() == [main], timeout=10)
        x.wait_for(lambda: x.focused_window() == main, timeout=10)
    finally:
        app.stop()
        x.stop()
