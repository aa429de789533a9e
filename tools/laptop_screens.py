"""``python -m tools.laptop_screens OUT_DIR``: the real app on a 1366×768 laptop screen, as PNGs.

Xvfb at 1366×768 with openbox keeping the bottom 48 px free for a taskbar (tests/helpers/x11.py),
the sample data, the app started as ``python -m app`` starts it (tests/helpers/app_driver.py turns
its pages), the whole screen taken with ImageMagick's ``import`` as the user would see it: the
window's frame and title bar included, the empty band below it where Windows has its taskbar.

    screen_1366_attendance.png            a council's meetings and a meeting's roster
    screen_1366_participation.png         the fiscal year's participation
    screen_1366_townwalk.png              the walks of the year, one walk's people
    screen_1366_townwalk_field.png        field mode on a walk
    screen_1366_survey.png                a survey's summary (集計)
    screen_1366_survey_proposals.png      the proposals and the workflow editor
    screen_1366_staff.png                 the staff list

each also as ``…_en.png`` in English. Needs xvfb, openbox, xdotool, x11-utils and imagemagick.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.helpers.app_driver import RunningApp  # noqa: E402
from tests.helpers.x11 import missing_tools, start_x_session  # noqa: E402

SHOTS = [  # name, driver commands
    ("attendance", ["show 0 0", "council"]),
    ("participation", ["show 0 1"]),
    ("townwalk", ["show 1 0", "select"]),
    ("townwalk_field", ["field"]),
    ("survey", ["show 2 4"]),
    ("survey_proposals", ["show 2 2", "select"]),
    ("staff", ["show 3"]),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--only", nargs="*", help="names as in SHOTS (attendance, staff …)")
    args = parser.parse_args(argv)
    if missing_tools() or shutil.which("import") is None:
        print(f"laptop_screens: needs {missing_tools() or ['import (imagemagick)']}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        demo = Path(tmp) / "demo"
        done = subprocess.run([sys.executable, "-m", "app", "--data-dir", str(demo), "demo"], cwd=ROOT,
                              capture_output=True, text=True)
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return 1
        session = start_x_session(1366, 768, taskbar=48)
        try:
            for language, suffix in (("ja", ""), ("en", "_en")):
                folder = Path(tmp) / language
                shutil.copytree(demo, folder)
                app = RunningApp(session, folder, language)
                for name, commands in SHOTS:
                    if args.only and name not in args.only:
                        continue
                    for command in commands:
                        app.ask(command)
                    time.sleep(0.5)
                    path = session.screenshot(args.out / f"screen_1366_{name}{suffix}.png")
                    print(path)
                app.quit()
        finally:
            session.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
