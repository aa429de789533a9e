"""``python -m tools.render_dialogs OUT_DIR``: the attendance tab's editing dialogs as PNGs.

Run with ``QT_QPA_PLATFORM=offscreen``. Each dialog is drawn twice, filled in and after OK with
every required field empty, so a layout that only breaks when the red reasons appear is seen:

    dialog_council.png  dialog_council_problems.png
    dialog_meeting.png  dialog_meeting_problems.png
    dialog_staff.png    dialog_staff_problems.png
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QDialog

from app.i18n import set_language
from app.services.attendance.marking import CouncilRow
from app.services.attendance.records import CouncilInput, MeetingInput, StaffInput
from app.ui.application import ensure_japanese_font, make_app

COUNCILS = [
    CouncilRow("c-101", "101", "芝地区地域防災協議会", "芝", "芝小学校区"),
    CouncilRow("c-201", "201", "麻布地区地域防災協議会", "麻布", "南山小学校区"),
]
COUNCIL = CouncilInput(code="101", name="芝地区地域防災協議会", district="芝", school_district="芝小学校区", id="c-101")
MEETING = MeetingInput(council_id="c-101", date=date(2024, 6, 12), kind="drill", title="地域防災訓練",
                       place="芝小学校 体育館", start="19:00", end="20:30", residents=42,
                       notes="雨天時は体育館で実施。\n起震車あり。", id="m-1")
STAFF = StaffInput(staff_no="100234", name="髙橋 美咲", kana="たかはし みさき", department="防災課",
                   housing="芝公園住宅 203", council_id="c-101", id="s-1")


def settle(ms: int = 50) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    QCoreApplication.processEvents()


def render(dialog: QDialog, path: Path) -> None:
    dialog.show()
    settle()
    if not dialog.grab().save(str(path)):
        raise SystemExit(f"render_dialogs: cannot write {path}")
    print(f"wrote {path}")


def render_all(out: Path) -> list[Path]:
    """Every dialog, filled and refused, into ``out``; returns the files written."""
    from app.ui.attendance.dialogs import CouncilDialog, MeetingDialog, StaffDialog

    ensure_japanese_font(QApplication.instance())  # as the app does: a machine may have no CJK font
    out.mkdir(parents=True, exist_ok=True)
    cases = {
        "council": (lambda: CouncilDialog(COUNCIL), lambda: CouncilDialog(None)),
        "meeting": (lambda: MeetingDialog(MEETING, COUNCILS),
                    lambda: MeetingDialog(MeetingInput("c-101", None, "meeting", "", start="19時",
                                                       end="18:00"), COUNCILS)),
        "staff": (lambda: StaffDialog(STAFF, COUNCILS),
                  lambda: StaffDialog(StaffInput("", "", "高橋", housing="芝公園住宅"), COUNCILS)),
    }
    written = []
    for name, (filled, refused) in cases.items():
        dialog = filled()
        render(dialog, out / f"dialog_{name}.png")
        dialog.close()
        dialog.deleteLater()
        dialog = refused()
        dialog.ok_button.click()
        render(dialog, out / f"dialog_{name}_problems.png")
        dialog.close()
        dialog.deleteLater()
        written += [out / f"dialog_{name}.png", out / f"dialog_{name}_problems.png"]
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, nargs="?", default=Path("docs"))
    parser.add_argument("--language", default="ja", choices=("ja", "en"))
    args = parser.parse_args(argv)
    set_language(args.language)
    app = make_app()
    ensure_japanese_font(app)
    app.setFont(QFont(app.font().family(), max(10, app.font().pointSize())))
    render_all(args.out)
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
