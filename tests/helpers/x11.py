"""A real X display with a real window manager (Xvfb + openbox), driven with xdotool.

Offscreen Qt cannot show what a window manager does (Alt+Tab, focus, full screen, stacking), so
lock-down and "as the user sees it" tests start the real program in a subprocess on this display.
Each session picks a free display number itself (``-displayfd``), so parallel runs never clash.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

TOOLS = ("Xvfb", "openbox", "xdotool", "xprop")


def missing_tools() -> list[str]:
    return [t for t in TOOLS if shutil.which(t) is None]


@dataclass
class XSession:
    display: str
    width: int
    height: int
    _procs: list[subprocess.Popen] = field(default_factory=list, repr=False)

    @property
    def env(self) -> dict[str, str]:
        """The environment for a program that should open its window on this display."""
        env = {k: v for k, v in os.environ.items() if k != "WAYLAND_DISPLAY"}
        env.update(DISPLAY=self.display, QT_QPA_PLATFORM="xcb")
        return env

    def run(self, *argv: str, timeout: float = 10, check: bool = True) -> str:
        done = subprocess.run(list(argv), env=self.env, capture_output=True, text=True, timeout=timeout)
        if check and done.returncode != 0:
            raise RuntimeError(f"{argv}: exit {done.returncode}: {done.stderr.strip()}")
        return done.stdout

    def key(self, *keys: str) -> None:
        """Press keys the way a user does, through the X server (the window manager sees them)."""
        for k in keys:
            self.run("xdotool", "key", "--clearmodifiers", k)

    def type_text(self, text: str) -> None:
        self.run("xdotool", "type", "--delay", "30", text)

    def active_window(self) -> int | None:
        out = self.run("xdotool", "getactivewindow", check=False).strip()
        return int(out) if out.isdigit() else None

    def focused_window(self) -> int | None:
        """The window holding the X input focus (what keys go to), with or without a window manager."""
        out = self.run("xdotool", "getwindowfocus", "-f", check=False).strip()
        return int(out) if out.isdigit() else None

    def click(self, x: int, y: int, button: int = 1) -> None:
        self.run("xdotool", "mousemove", "--sync", str(x), str(y), "click", str(button))

    def window_name(self, wid: int) -> str:
        return self.run("xdotool", "getwindowname", str(wid), check=False).strip()

    def windows(self, *, pid: int | None = None, name: str = ".", only_visible: bool = True) -> list[int]:
        argv = ["xdotool", "search"]
        if only_visible:
            argv.append("--onlyvisible")
        if pid is not None:
            argv += ["--pid", str(pid)]
        argv += ["--name", name]
        out = self.run(*argv, check=False)
        return [int(w) for w in out.split()]

    def geometry(self, wid: int) -> tuple[int, int, int, int]:
        """x, y, width, height of a window (xdotool's view, frame excluded)."""
        out = self.run("xdotool", "getwindowgeometry", "--shell", str(wid))
        values = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
        return int(values["X"]), int(values["Y"]), int(values["WIDTH"]), int(values["HEIGHT"])

    def frame_geometry(self, wid: int) -> tuple[int, int, int, int]:
        """x, y, width, height of a window with the frame its window manager drew around it
        (the client's absolute place from xwininfo, the frame from _NET_FRAME_EXTENTS)."""
        info = self.run("xwininfo", "-id", str(wid))
        values = {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in info.splitlines()) if v}
        x, y = int(values["Absolute upper-left X"]), int(values["Absolute upper-left Y"])
        width, height = int(values["Width"]), int(values["Height"])
        extents = self.run("xprop", "-id", str(wid), "_NET_FRAME_EXTENTS", check=False)
        left, right, top, bottom = ([int(n) for n in extents.split("=", 1)[1].split(",")]
                                    if "=" in extents else (0, 0, 0, 0))
        return x - left, y - top, width + left + right, height + top + bottom

    def work_area(self) -> tuple[int, int, int, int]:
        """The free area the window manager leaves windows (the screen less its taskbar)."""
        out = self.run("xprop", "-root", "_NET_WORKAREA")
        x, y, width, height = (int(n) for n in out.split("=", 1)[1].split(",")[:4])
        return x, y, width, height

    def screenshot(self, path: Path) -> Path:
        """The whole screen as the user sees it (ImageMagick's ``import``)."""
        self.run("import", "-window", "root", str(path), timeout=30)
        return path

    def wait_for(self, predicate: Callable[[], object], timeout: float = 15, interval: float = 0.1):
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() > deadline:
                raise TimeoutError(f"waited {timeout} s for {getattr(predicate, '__name__', predicate)}")
            time.sleep(interval)

    def stop(self) -> None:
        for proc in reversed(self._procs):
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(5)
        self._procs.clear()


OPENBOX_RC = """<?xml version="1.0" encoding="UTF-8"?>
<openbox_config xmlns="http://openbox.org/3.4/rc">
  <margins><top>0</top><bottom>{taskbar}</bottom><left>0</left><right>0</right></margins>
</openbox_config>
"""


def start_x_session(width: int = 1366, height: int = 768, *, window_manager: bool = True,
                    taskbar: int = 0) -> XSession:
    """Xvfb on a free display (and openbox on it unless ``window_manager`` is False). ``taskbar``
    px at the bottom are kept free of windows, as a Windows taskbar is (openbox's margins: the
    work area, _NET_WORKAREA, is what Qt's availableGeometry reports)."""
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as fh:
        number = fh.readline().strip()
    if not number.isdigit():
        xvfb.kill()
        raise RuntimeError("Xvfb did not report a display number")
    session = XSession(f":{number}", width, height, [xvfb])
    if window_manager:
        argv = ["openbox", "--sm-disable"]
        if taskbar:
            import tempfile

            rc = Path(tempfile.mkdtemp(prefix="openbox-")) / "rc.xml"
            rc.write_text(OPENBOX_RC.format(taskbar=taskbar), encoding="utf-8")
            argv += ["--config-file", str(rc)]
        session._procs.append(subprocess.Popen(argv, env=session.env,
                                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        try:
            session.wait_for(lambda: "_NET_SUPPORTING_WM_CHECK(WINDOW)" in session.run(
                "xprop", "-root", "_NET_SUPPORTING_WM_CHECK", check=False), timeout=15)
        except TimeoutError:
            session.stop()
            raise
    return session
