"""Benchmarks (o) and (p): start-up as the user waits for it, in a real X window.

The real program (``python -m app gui``; for (p) the frozen bundle's ``fielddesk gui``) is started
on Xvfb with a window manager (tests/helpers/x11.py) beside a bare three-tab PySide6 window started
the same way (``tests/bench/bare_window.py``; for (p) that script frozen by PyInstaller too),
alternating, at several store sizes. Each process writes time stamps when ``FIELDDESK_PAINT_STAMP``
asks (app/ui/paint_stamp.py): its first painted frame (``paint``), the window showing the store's
data (``data``) and the meeting open at the last close shown again (``roster``). The clock is the
system-wide monotonic clock, read here just before the process is started, so every figure is
exec → event. Figures: the median of ``repeat`` runs each, after one unmeasured warm-up.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.bench.common import ROOT, BenchError, median, spread

ENV = "FIELDDESK_PAINT_STAMP"
EVENTS = ("paint", "data", "roster")


@dataclass
class Figures:
    runs: dict[str, list[float]] = field(default_factory=lambda: {e: [] for e in EVENTS})

    def add(self, stamps: dict[str, float]) -> None:
        for event, at in stamps.items():
            self.runs[event].append(at)

    def median(self, event: str) -> float | None:
        values = self.runs[event]
        return median(values) if values else None


def _env(x) -> dict[str, str]:
    env = {**x.env, "PYTHONIOENCODING": "utf-8"}
    env.pop("FIELDDESK_DATA_DIR", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: from bytecode (tests/bench/common.py: child_env)
    env.pop("QT_QPA_PLATFORM", None)
    env["QT_QPA_PLATFORM"] = "xcb"
    return env


def launch(x, argv: list[str], want: tuple[str, ...], stamps: Path, timeout: float = 90) -> dict[str, float]:
    """Start ``argv`` on the X display; seconds from just before the start to each stamped event
    in ``want``; the process is terminated once they are all in (or it fails)."""
    stamps.unlink(missing_ok=True)
    env = {**_env(x), ENV: str(stamps)}
    err = stamps.with_suffix(".err")
    with open(err, "wb") as err_fh:
        started = time.monotonic()
        proc = subprocess.Popen(argv, env=env, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=err_fh)
        seen: dict[str, float] = {}
        try:
            deadline = started + timeout
            while True:
                if stamps.exists():
                    for line in stamps.read_text(encoding="utf-8").splitlines():
                        event, _, at = line.partition(" ")
                        if event in want and event not in seen:
                            seen[event] = float(at) - started
                if all(e in seen for e in want):
                    break
                if proc.poll() is not None or time.monotonic() > deadline:
                    tail = err.read_bytes().decode("utf-8", "replace")[-1500:]
                    raise BenchError(f"{' '.join(argv)}: stamped {sorted(seen)} of {list(want)} "
                                     f"(exit {proc.poll()}):\n{tail}")
                time.sleep(0.01)
        finally:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(30)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
    return seen


@dataclass
class Side:
    name: str
    argv: list[str]
    want: tuple[str, ...]


def measure(x, sides: list[Side], repeat: int, work: Path) -> dict[str, Figures]:
    """One warm-up of each side, then ``repeat`` rounds in which every side runs once, in turn."""
    work.mkdir(parents=True, exist_ok=True)
    figures = {s.name: Figures() for s in sides}
    for side in sides:
        launch(x, side.argv, side.want, work / "warm-up.txt")
    for _ in range(repeat):
        for side in sides:
            figures[side.name].add(launch(x, side.argv, side.want, work / "stamps.txt"))
    return figures


# --- the stores ---------------------------------------------------------------------------------


def make_stores(tmp: Path, sizes: dict[str, int]) -> dict[str, Path]:
    """empty, demo and one store per ``sizes`` entry (marks), made by the app's own paths, each
    with a meeting left open as a user leaves it (the last-known state the window shows again)."""
    from datetime import date

    from tests.helpers.cli import run_cli

    stores: dict[str, Path] = {}
    for name in ("empty", "demo"):
        folder = tmp / f"store-{name}"
        done = run_cli("check" if name == "empty" else "demo", data_dir=folder, timeout=600)
        if done.returncode != 0:
            raise BenchError(f"the {name} store could not be made: {done.stderr}")
        stores[name] = folder
    for name, marks in sizes.items():
        folder = tmp / f"store-{name}"
        code = ("import sys\nfrom datetime import date\nfrom pathlib import Path\n"
                "from app.services.demo.load import load_data\nfrom app.services.demo.attendance import generate_bulk\n"
                "from app.storage.store import open_store\n"
                "store = open_store(Path(sys.argv[1]))\n"
                f"load_data(store, generate_bulk(date({date.today().year}, 11, 23), staff=2000, marks={marks}))\n"
                "store.close()\n")
        done = subprocess.run([sys.executable, "-c", code, str(folder)], cwd=ROOT, capture_output=True, text=True,
                              timeout=1800)
        if done.returncode != 0:
            raise BenchError(f"the {name} store could not be made: {done.stderr[-1500:]}")
        stores[name] = folder
    for name, folder in stores.items():
        if name != "empty":
            leave_a_meeting_open(folder)
    return stores


def leave_a_meeting_open(folder: Path) -> None:
    """The state a user leaves when they close the window on a meeting (a held meeting with the
    most residents, the latest of those), written as the window writes it at close (app/last_state.py)."""
    code = """
import sys
from pathlib import Path
from app import last_state
from datetime import date
from app.services.attendance import marking as attendance
from app.services.staff import people
from app.services.attendance.participation import fiscal_years
from app.storage.store import open_store
from app.ui.attendance.models import meeting_heading
root = Path(sys.argv[1])
store = open_store(root)
try:
    best = None
    for council in attendance.list_councils(store):
        for fy in fiscal_years(store):
            for m in attendance.list_meetings(store, council.id, fy):
                if m.date <= date.today() and (best is None or (m.residents, m.date) > (best[2].residents, best[2].date)):
                    best = (council, fy, m)
    council, fy, meeting = best
    s = people.summary(store)
    state = last_state.LastState(False, s.staff, s.councils, s.meetings, s.attendance, store.device_id,
                                 council.id, fy, meeting.id, meeting_heading(meeting))
    last_state.save(root, state)
finally:
    store.close()
"""
    done = subprocess.run([sys.executable, "-c", code, str(folder)], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)
    if done.returncode != 0:
        raise BenchError(f"no meeting could be left open in {folder}: {done.stderr[-1500:]}")


def store_size(folder: Path) -> str:
    db = folder / "fielddesk.sqlite3"
    return f"{db.stat().st_size / 2**20:.0f} MB" if db.exists() else "-"


# --- the frozen bundle --------------------------------------------------------------------------


def build_frozen(tmp: Path) -> tuple[Path, Path]:
    """The app's bundle (installer/build.py, no smoke test) and the bare window frozen the same
    way (PyInstaller, one folder); returns their programs."""
    dist, work = tmp / "dist", tmp / "work"
    done = subprocess.run([sys.executable, str(ROOT / "installer" / "build.py"), "--dist", str(dist),
                           "--work", str(work), "--no-smoke"], cwd=ROOT, capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        raise BenchError(f"installer/build.py failed:\n{(done.stdout + done.stderr)[-2000:]}")
    bare_src = tmp / "bare_window.py"
    shutil.copy(ROOT / "tests" / "bench" / "bare_window.py", bare_src)
    done = subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", "--onedir",
                           "--name", "bare_window", "--distpath", str(dist), "--workpath", str(work / "bare"),
                           "--specpath", str(work), str(bare_src)], cwd=tmp, capture_output=True, text=True,
                          timeout=3600)
    if done.returncode != 0:
        raise BenchError(f"PyInstaller could not freeze the bare window:\n{(done.stdout + done.stderr)[-2000:]}")
    app = dist / "fielddesk" / ("fielddesk.exe" if os.name == "nt" else "fielddesk")
    bare = dist / "bare_window" / ("bare_window.exe" if os.name == "nt" else "bare_window")
    return app, bare


# --- the table ----------------------------------------------------------------------------------


def report(title: str, stores: dict[str, Path], results: dict[str, Figures], bare: Figures, repeat: int) -> list:
    """Print the table; return (store, event, ours, bare) medians for the summary."""
    print(title)
    print(f"    median of {repeat} each, alternating with the bare window; exec → event, seconds")
    print(f"    {'store':<8}{'size':>8}  {'first frame':<28}{'ratio':>7}  {'data shown':<28}{'ratio':>7}  "
          f"{'roster shown':<28}{'ratio':>7}")
    base = bare.median("paint")
    rows = []
    for name, figs in results.items():
        cells = []
        for event in EVENTS:
            value = figs.median(event)
            if value is None:
                cells.append(f"{'-':<28}{'':>7}")
                continue
            cells.append(f"{spread(figs.runs[event]):<28}{value / base:>6.2f}x")
            rows.append((name, event, value, base))
        print(f"    {name:<8}{store_size(stores[name]):>8}  " + "  ".join(cells))
    print(f"    {'bare':<8}{'':>8}  {spread(bare.runs['paint']):<28}{1:>6.2f}x")
    print()
    return rows


def bench_xwindow(tmp: Path, repeat: int, sizes: dict[str, int], *, frozen: bool = False,
                  stores: dict[str, Path] | None = None) -> tuple[list, dict[str, Path]]:
    from tests.helpers.x11 import missing_tools, start_x_session

    if missing_tools():
        raise BenchError(f"needs {', '.join(missing_tools())}")
    stores = stores or make_stores(tmp, sizes)
    if frozen:
        app, bare_program = build_frozen(tmp / "frozen")
        ours_argv = lambda folder: [str(app), "--data-dir", str(folder), "gui"]  # noqa: E731
        bare_argv = [str(bare_program)]
    else:
        ours_argv = lambda folder: [sys.executable, "-m", "app", "--data-dir", str(folder), "gui"]  # noqa: E731
        bare_argv = [sys.executable, "-m", "tests.bench.bare_window"]
    x = start_x_session()
    try:
        sides = [Side("bare", bare_argv, ("paint", "data"))]
        for name, folder in stores.items():
            want = ("paint", "data") if name == "empty" else ("paint", "data", "roster")
            sides.append(Side(name, ours_argv(folder), want))
        figures = measure(x, _alternate(sides), repeat, tmp / ("stamps-frozen" if frozen else "stamps"))
    finally:
        x.stop()
    bare = Figures()
    for name, figs in figures.items():
        if name.startswith("bare"):
            for event in EVENTS:
                bare.runs[event] += figs.runs[event]
    results = {n: f for n, f in figures.items() if not n.startswith("bare")}
    title = ("(p) The frozen bundle in a real X window (Xvfb + openbox) vs the bare window frozen the same way"
             if frozen else "(o) python -m app gui in a real X window (Xvfb + openbox) vs a bare 3-tab PySide6 window")
    return report(title, stores, results, bare, repeat), stores


def _alternate(sides: list[Side]) -> list[Side]:
    """bare, store 1, bare, store 2, …: the baseline runs as often as each store, in between."""
    bare, stores = sides[0], sides[1:]
    out: list[Side] = []
    for i, side in enumerate(stores):
        out += [Side(f"bare{i}", bare.argv, bare.want), side]
    return out
