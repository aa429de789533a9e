"""``python -m tools.screenshots OUT_DIR``: the real window, offscreen, with sample data, as PNGs.

Every picture comes from a store in a temporary folder (never the user's data folder), filled
through the same paths the app uses (the demo import, a CSV import, a store session), and is
drawn with the bundled BIZ UDGothic so the pictures look the same on every machine:

    main_window.png     the 協議会出席 tab during a meeting: marks, a repeat scan, counts (1280×800)
    participation.png   the participation page of a fiscal year, below-minimum residents highlighted
    participation_chart.png   its charts: the rate per district and council against the earlier years
    staff.png           the staff tab
    welcome.png         an empty store
    staff_search.png    a hiragana query typed in the search box, the list filtered
    import_problems.png the problems dialog after importing a CSV with bad rows
    history.png         one person's change history after one edit of their department
    conflicts.png       two laptops renamed the same council offline: the conflicts view after sync
    print-preview.png   a year's participation report (3 pages) in the print preview

    settings.png, sync_warning.png, restore_confirm.png   for the user guide: tools/guide_screenshots.py

Run with ``QT_QPA_PLATFORM=offscreen`` (``make screenshots`` does); ``--only NAME …`` makes only those
(names as in ``shots()``, e.g. ``--only settings sync_warning``).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QWidget

from app.context import AppContext
from app.font_files import font_path
from app.services.demo.load import load_demo
from app.services.transfer.kinds import KINDS
from app.storage.models import Staff
from app.ui.application import UI_FONT, ensure_japanese_font, install_translations, make_app
from app.ui.dialogs.history import HistoryDialog
from app.ui.dialogs.transfer import ProblemsDialog
from app.ui.main_window import MainWindow
from app.ui.tasks import SyncRunner

SIZE = (1280, 800)
TODAY = date(2026, 11, 23)  # fixed, so the sample data (and the pictures) are the same every time
USER = "総務課 港"
SEARCH = "さとう"  # hiragana; matches サトウ, さとう and ｻﾄｳ readings alike
NEW_DEPARTMENT = "防災課"


def use_bundled_font(app: QApplication) -> None:
    """The app's own font choice, then the bundled font as the UI font for reproducible pictures
    (with a system Japanese font installed, ``ensure_japanese_font`` leaves the UI font to Qt)."""
    ensure_japanese_font(app)
    for name in ("BIZUDPGothic-Regular.ttf",):
        if QFontDatabase.addApplicationFont(str(font_path(name))) < 0:
            raise SystemExit(f"screenshots: cannot load the bundled font {name}")
    # 10 pt, not offscreen Qt's 9: at 9 pt the rendered digits 8 and 0 are hard to tell apart.
    app.setFont(QFont(UI_FONT, max(10, app.font().pointSize())))


def settle(ms: int = 50) -> None:
    """Let Qt lay out and paint (a short event loop, not just one processEvents)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    QCoreApplication.processEvents()


def save(widget: QWidget, path: Path) -> None:
    settle()
    if not widget.grab().save(str(path)):
        raise SystemExit(f"screenshots: cannot write {path}")
    print(f"wrote {path}")


@contextmanager
def window_on(folder: Path, *, demo: bool) -> Iterator[MainWindow]:
    """A main window on a fresh store in ``folder``, optionally filled with the sample data."""
    folder.mkdir(parents=True)
    (folder / "settings.json").write_text(json.dumps({"language": "ja", "user_name": USER}, ensure_ascii=False),
                                          encoding="utf-8")
    ctx = AppContext.open(folder, language="ja")
    try:
        if demo:
            load_demo(ctx.store, TODAY)
        window = MainWindow(ctx, SyncRunner())
        window.resize(*SIZE)
        window.refresh()
        window.show()
        settle()
        try:
            yield window
        finally:
            window.close()
            window.deleteLater()
            settle(0)
    finally:
        ctx.close()


def shoot_welcome(tmp: Path, out: Path) -> None:
    with window_on(tmp / "empty", demo=False) as window:
        save(window, out / "welcome.png")


def shoot_attendance(tmp: Path, out: Path) -> None:
    """A meeting in progress: some marks by key, a scan, a repeat scan that is not counted twice."""
    with window_on(tmp / "meeting", demo=True) as window:
        view = window.attendance_view
        councils = [c for group in view.council_model._councils for c in group]
        council = max(councils, key=lambda c: c.code == "AZ01")
        view.fiscal_year.setCurrentIndex(view.fiscal_year.findData(2026))
        view.select_council(council.id)
        settle()
        past = [m for m in view.meetings_model.rows() if m.date <= TODAY]
        view.select_meeting(past[-1].id)
        settle()
        model = view.roster_model
        for row, status in enumerate(["present", "late", "absent", "excused", "present", "present"][: model.rowCount()]):
            window.attendance.mark_row(row, status)
        if model.rowCount():
            view.quick_entry.setText(model.entry_at(0).staff_no)
            window.attendance.quick_entry()  # a repeat: 「… に記録済み」
        save(window, out / "main_window.png")
        view.pages.setCurrentWidget(view.participation)
        settle(200)
        save(window, out / "participation.png")


def shoot_staff(tmp: Path, out: Path) -> None:
    with window_on(tmp / "sample", demo=True) as window:
        window.tabs.setCurrentWidget(window.staff_tab)
        save(window, out / "staff.png")
        view = window.staff_view
        view.search.setFocus()
        view.search.setText(SEARCH)
        view.select_first()
        view.search.setFocus()
        save(window, out / "staff_search.png")


def _bad_staff_csv(path: Path) -> None:
    """A staff file as it might come from a spreadsheet: three good rows, four kinds of mistake."""
    headers = [c.header("ja") for c in KINDS["staff"].columns]
    rows = [
        ["010234", "佐藤\u3000花子", "サトウ\u3000ハナコ", "総務課", "", "", "1"],
        ["010588", "髙橋\u3000一郎", "Takahashi Ichiro", "防災課", "", "", "1"],
        ["011020", "山﨑\u3000健太", "ヤマサキ\u3000ケンタ", "地域振興課", "芝浦第三住宅 2-305", "Z99", "1"],
        ["011377", "渡邊\u3000美咲", "わたなべ\u3000みさき", "子ども家庭課", "", "", "はい?"],
        ["010234", "佐藤\u3000花子", "サトウ\u3000ハナコ", "総務課", "", "", "1"],
        ["012001", "齋藤\u3000誠", "さいとう\u3000まこと", "税務課", "", "", "0"],
    ]
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(headers)
        writer.writerows(rows)


def shoot_problems(tmp: Path, out: Path) -> None:
    with window_on(tmp / "problems", demo=True) as window:
        _bad_staff_csv(tmp / "職員名簿.csv")
        here = Path.cwd()
        os.chdir(tmp)  # the dialog names the file as given: a short name, not the temp path
        try:
            window.run_import("staff", Path("職員名簿.csv"))
        finally:
            os.chdir(here)
        dialog = window.last_dialog
        if not isinstance(dialog, ProblemsDialog):
            raise SystemExit(f"screenshots: the import was not refused as expected ({window.last_message})")
        save(dialog, out / "import_problems.png")
        dialog.close()


def shoot_history(tmp: Path, out: Path) -> None:
    with window_on(tmp / "history", demo=True) as window:
        window.tabs.setCurrentWidget(window.staff_tab)
        row = window.staff_view.model.rows()[0]
        with window.ctx.store.session() as session:  # one edit, captured like any other
            session.get(Staff, row.id).department = NEW_DEPARTMENT
        window.refresh()
        window.staff_tab.show_history(row)
        dialog = window.last_dialog
        if not isinstance(dialog, HistoryDialog):
            raise SystemExit("screenshots: the history dialog did not open")
        save(dialog, out / "history.png")
        dialog.close()


def shoot_conflicts(tmp: Path, out: Path) -> None:
    from sqlalchemy import select

    from app.services.admin.sync import sync_now
    from app.storage.models import Council

    share = tmp / "share"
    share.mkdir()
    with window_on(tmp / "laptop-a", demo=True) as a:
        a.ctx.settings.share_folder = str(share)
        a.ctx.settings.device_name = "MINATO-PC-07"
        sync_now(a.ctx.store, a.ctx.settings)
        other = AppContext.open(tmp / "laptop-b", language="ja")
        other.settings.share_folder, other.settings.device_name = str(share), "MINATO-PC-12"
        other.store.user = "麻布 花子"
        sync_now(other.store, other.settings)
        for ctx, name in ((a.ctx, "芝浦小学校区防災協議会"), (other, "芝浦小学校区 地域防災協議会")):
            with ctx.store.session() as session:
                session.scalars(select(Council).where(Council.code == "SK01")).one().name = name
        sync_now(a.ctx.store, a.ctx.settings)
        sync_now(other.store, other.settings)
        sync_now(a.ctx.store, a.ctx.settings)
        other.close()
        a.sync.refresh_state()
        a.show_conflicts()
        save(a.last_dialog, out / "conflicts.png")
        a.last_dialog.close()
        a.ctx.settings.sync_enabled = False


def shoot_participation_chart(tmp: Path, out: Path) -> None:
    """The participation page's charts with four fiscal years of sample meetings (the demo has two)."""
    from app.services.demo.attendance import generate
    from app.services.demo.load import load_data

    with window_on(tmp / "years", demo=True) as window:
        load_data(window.ctx.store, generate(TODAY, years=4))
        window.refresh()
        view = window.attendance_view
        view.pages.setCurrentWidget(view.participation)
        settle(200)
        page = view.participation
        page.group_pages.setCurrentIndex(1)
        page.group_pages.parentWidget().setSizes([560, 140])
        save(window, out / "participation_chart.png")


def shoot_preview(tmp: Path, out: Path) -> None:
    from datetime import datetime

    from app.services.attendance.reports import participation_report
    from app.ui.widgets.pdf_preview import preview_report

    with window_on(tmp / "preview", demo=True) as window:
        pdf = participation_report(window.ctx.store, window.ctx.settings, 2026, None, tmp / "participation.pdf",
                                   TODAY, now=datetime(2026, 11, 23, 9, 30))
        dialog = preview_report(pdf, window)
        while dialog.canvas.zoom > 0.5:  # a whole page and the next one's top: paper on the desk
            dialog.zoom_out()
        save(dialog, out / "print-preview.png")
        dialog.close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.screenshots", description=__doc__.splitlines()[0])
    p.add_argument("out_dir", type=Path, help="folder for the PNG files (created if missing)")
    p.add_argument("--only", nargs="+", choices=sorted(shots()), metavar="NAME", help="make only these pictures")
    args = p.parse_args(argv)
    out = args.out_dir.absolute()
    out.mkdir(parents=True, exist_ok=True)
    app = make_app([sys.argv[0]])
    app.setProperty("fielddesk_self_test", True)  # a crash prints instead of opening a dialog
    install_translations(app, "ja")
    use_bundled_font(app)
    with tempfile.TemporaryDirectory(prefix="fielddesk-shots-", ignore_cleanup_errors=True) as name:
        tmp = Path(name)
        # A ward key of the pictures' own, in a file keyring of the temp dir (never the user's store).
        os.environ["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"
        os.environ["XDG_DATA_HOME"] = str(tmp / "user-data")
        from app.sync import seal, ward_key

        ward_key.save(seal.new_key(1))
        for shot_name, shoot in shots().items():
            if not args.only or shot_name in args.only:
                shoot(tmp, out)
    return 0


def shots() -> dict:
    """Every picture by name, in the order they are made (the guide's own ones last)."""
    from tools.guide_screenshots import SHOTS as GUIDE_SHOTS

    return {"welcome": shoot_welcome, "attendance": shoot_attendance, "staff": shoot_staff,
            "problems": shoot_problems, "history": shoot_history, "conflicts": shoot_conflicts,
            "participation_chart": shoot_participation_chart, "preview": shoot_preview, **GUIDE_SHOTS}


if __name__ == "__main__":
    sys.exit(main())
