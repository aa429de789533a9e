"""``python -m tools.render_reports [OUT_DIR]``: the three PDF reports as PNGs, to look at.

A demo store in a temporary folder (never the user's data), plus one hand-written council whose
residents have the names that test the fonts (髙橋, 山﨑, 𠮷田 — 𠮷 comes from the fallback font),
one retired resident (absent from the sign-in sheet) and one resident below the minimum.
Writes ``report_signin-1.png``, ``report_meeting-1.png`` and ``report_participation-1.png`` …
(``pdftoppm -png -r 60``, poppler-utils) into OUT_DIR (default ``docs/``).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

from app.i18n import set_language
from app.services.attendance import reports
from app.services.demo.attendance import generate
from app.services.demo.load import load_data
from app.services.transfer.files import import_rows
from app.services.transfer.kinds import KINDS
from app.settings import Settings
from app.storage.store import Store, open_store
from app.tabular.reader import SourceRow

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 9, 30)
COUNCIL = "SB90"
MEETING = (date(2026, 11, 12), "令和8年度 第3回 定例会")
YEARS = 4  # fiscal years of sample meetings: the participation charts compare this year with three before

SAMPLE = {
    "councils": [{"code": COUNCIL, "name": "芝公園小学校区地域防災協議会", "district": "芝",
                  "school_district": "芝公園小学校区"}],
    "staff": [
        {"staff_no": "900001", "name": "髙橋　一郎", "kana": "たかはし　いちろう", "department": "防災課",
         "housing": "芝公園住宅 101", "council_code": COUNCIL, "active": "1"},
        {"staff_no": "900002", "name": "山﨑　花子", "kana": "やまざき　はなこ", "department": "子ども家庭支援センター",
         "housing": "芝公園住宅 102", "council_code": COUNCIL, "active": "1"},
        {"staff_no": "900003", "name": "𠮷田　太郎", "kana": "よしだ　たろう", "department": "企画課",
         "housing": "芝公園住宅 201", "council_code": COUNCIL, "active": "1"},
        {"staff_no": "900004", "name": "佐々木　退蔵", "kana": "ささき　たいぞう", "department": "人事課",
         "housing": "芝公園住宅 202", "council_code": COUNCIL, "active": "0"},
    ],
    "meetings": [
        {"council_code": COUNCIL, "date": "2026-06-12", "kind": "meeting", "title": "令和8年度 第1回 定例会",
         "place": "芝公園区民協働スペース", "start": "19:00", "end": "20:30", "residents": "21"},
        {"council_code": COUNCIL, "date": "2026-09-05", "kind": "drill", "title": "地域合同防災訓練",
         "place": "芝公園小学校 校庭", "start": "09:00", "end": "12:00", "residents": "140"},
        {"council_code": COUNCIL, "date": "2026-11-12", "kind": "meeting", "title": MEETING[1],
         "place": "芝公園区民協働スペース", "start": "19:00", "end": "20:45", "residents": "18"},
    ],
    "attendance": [
        *({"council_code": COUNCIL, "date": d, "title": t, "staff_no": "900001", "status": "present", "note": ""}
          for d, t in (("2026-06-12", "令和8年度 第1回 定例会"), ("2026-09-05", "地域合同防災訓練"),
                       ("2026-11-12", MEETING[1]))),
        {"council_code": COUNCIL, "date": "2026-06-12", "title": "令和8年度 第1回 定例会", "staff_no": "900003",
         "status": "present", "note": ""},
        {"council_code": COUNCIL, "date": "2026-09-05", "title": "地域合同防災訓練", "staff_no": "900003",
         "status": "late", "note": "庁内会議のため30分遅れ"},
        {"council_code": COUNCIL, "date": "2026-11-12", "title": MEETING[1], "staff_no": "900003",
         "status": "present", "note": "次回の訓練計画を説明（𠮷田）"},
        {"council_code": COUNCIL, "date": "2026-06-12", "title": "令和8年度 第1回 定例会", "staff_no": "900002",
         "status": "absent", "note": ""},
        {"council_code": COUNCIL, "date": "2026-11-12", "title": MEETING[1], "staff_no": "900002",
         "status": "excused", "note": "区の防災訓練に従事"},
    ],
}


def load_sample(store: Store, sample: dict = SAMPLE) -> None:
    for name in ("councils", "staff", "meetings", "attendance"):
        kind = KINDS[name]
        cols = {c.name: (i + 1, c.name) for i, c in enumerate(kind.columns)}
        rows = [SourceRow(i + 2, {c.name: r.get(c.name, "") for c in kind.columns}, cols)
                for i, r in enumerate(sample[name])]
        import_rows(store, kind, f"<sample {name}>", rows)


def render_all(out_dir: Path, *, dpi: int = 60) -> list[Path]:
    set_language("ja")
    settings = Settings(device_name="MINATO-PC-017")
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "data", user="協働推進課 港")
        try:
            load_data(store, generate(TODAY, staff_count=200, years=YEARS))
            load_sample(store)
            pdfs = {
                "report_signin": reports.signin_sheet(store, settings, COUNCIL, *MEETING, Path(tmp) / "s.pdf", now=NOW),
                "report_meeting": reports.meeting_record(store, settings, COUNCIL, *MEETING, Path(tmp) / "m.pdf", now=NOW),
                "report_participation": reports.participation_report(
                    store, settings, 2026, None, Path(tmp) / "p.pdf", today=TODAY, now=NOW),
            }
        finally:
            store.close()
        out_dir.mkdir(parents=True, exist_ok=True)
        for stem, pdf in pdfs.items():
            for old in out_dir.glob(f"{stem}-*.png"):
                old.unlink()
            subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(out_dir / stem)], check=True)
    return sorted(out_dir.glob("report_*.png"))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out_dir", type=Path, nargs="?", default=ROOT / "docs")
    p.add_argument("--dpi", type=int, default=60)
    args = p.parse_args(argv)
    for path in render_all(args.out_dir, dpi=args.dpi):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
