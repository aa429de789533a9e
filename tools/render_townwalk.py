"""``python -m tools.render_townwalk [OUT_DIR]``: the town-walk tab and its reports as PNGs, to look at.

A demo store in a temporary folder (never the user's data), the tab alone at 1280×800 (the main
window plugs it in), offscreen with the bundled font:

    townwalk.png            the walks page: a walk and its facilitators and participants
    townwalk_field.png      field mode at a stop: ticks, a note, the arrival stamp, a photo
    route_map_field.png     field mode with the route map shown: the current stop, the stops done
    townwalk_routes.png     routes, the chosen route's stops and its map (a stop chosen)
    townwalk_coverage.png   coverage of a fiscal year with the not-yet list
    townwalk_coverage_chart.png   the same, coverage by department as bars
    report_route-1.png, report_walk-1.png, report_coverage-1.png   (pdftoppm -r 60)
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

from PySide6.QtGui import QColor, QImage, QPainter

from app.context import AppContext
from app.services.demo.load import load_demo
from app.services.townwalk import reports
from app.services.townwalk.walks import list_walks
from app.ui.application import install_translations, make_app
from app.ui.tasks import SyncRunner
from app.ui.townwalk import TownWalkTab
from tools.screenshots import SIZE, USER, save, settle, use_bundled_font

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 13, 42)


def _photo(folder: Path) -> Path:
    """A stand-in photo (a drawn picture of a gate), so no real person or place photo is shipped."""
    image = QImage(1200, 900, QImage.Format.Format_RGB32)
    image.fill(QColor("#9cc3e6"))
    painter = QPainter(image)
    painter.fillRect(0, 620, 1200, 280, QColor("#8a8a7a"))
    painter.fillRect(380, 260, 440, 380, QColor("#b5332e"))
    painter.fillRect(330, 220, 540, 60, QColor("#5a3a2a"))
    painter.fillRect(520, 420, 160, 220, QColor("#3a2a20"))
    painter.end()
    path = folder / "増上寺_三解脱門.jpg"
    image.save(str(path), "JPG")
    return path


def render(out: Path) -> list[Path]:
    app = make_app(["render"])
    translators = install_translations(app, "ja")  # noqa: F841 - kept alive while rendering
    use_bundled_font(app)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        folder.mkdir()
        (folder / "settings.json").write_text(json.dumps({"language": "ja", "user_name": USER, "device_name": "MINATO-TAB-03"},
                                                         ensure_ascii=False), encoding="utf-8")
        ctx = AppContext.open(folder, language="ja")
        try:
            load_demo(ctx.store, TODAY)
            tab = TownWalkTab(ctx, SyncRunner(), clock=lambda: NOW, open_reports=False)
            tab.resize(*SIZE)
            tab.reload()
            tab.show()
            settle()
            tab.walks.select_year(2026)
            settle()
            walks = tab.walks_view.walks_model.rows()
            done = next(w for w in walks if w.checked == w.items and w.date < TODAY)
            from app.ui.townwalk.common import select_row

            select_row(tab.walks_view.walks_table, lambda w: w.id == done.id)
            save(tab, out / "townwalk.png")
            written.append(out / "townwalk.png")
            # Field mode on the next walk: stop 1 done, the facilitator at stop 2 with some items done.
            today = min((w for w in walks if w.date >= TODAY), key=lambda w: w.date, default=walks[0])
            tab.open_field(today.id, 1)
            settle()
            field = tab.field
            for item in field.current().items:
                if item.result is None:
                    field.tick(item.id, "ok")
            field.go(2)
            settle()
            page = field.current()
            for item, result in zip(page.items, ("ok", "ok", "na"), strict=False):
                field.tick(item.id, result)
            field.note(page.items[2].id, "地域の方が不在のため次回に")
            for row in tab.field_view.item_rows:
                if row.item_id == page.items[2].id:
                    row.note.setText("地域の方が不在のため次回に")
            tab.field_view.field_notes.setPlainText("商店街は買い物客が多く、列を二つに分けて進んだ。")
            field.flush_notes()
            field.add_photo(_photo(Path(tmp)))
            settle(100)
            save(tab, out / "townwalk_field.png")
            written.append(out / "townwalk_field.png")
            tab.field_view.map_button.setChecked(True)
            save(tab, out / "route_map_field.png")
            written.append(out / "route_map_field.png")
            tab.field_view.map_button.setChecked(False)
            field.leave()
            tab.pages.setCurrentWidget(tab.routes_view)
            select_row(tab.routes_view.routes_table, lambda r: r.code == "SHIBA01")
            settle()
            select_row(tab.routes_view.stops_table, lambda s: s.position == 3)
            save(tab, out / "townwalk_routes.png")
            tab.pages.setCurrentWidget(tab.coverage_view)
            tab.coverage.select_year(2026)
            save(tab, out / "townwalk_coverage.png")
            tab.coverage_view.department_pages.setCurrentIndex(1)
            save(tab, out / "townwalk_coverage_chart.png")
            tab.coverage_view.department_pages.setCurrentIndex(0)
            written += [out / "townwalk_routes.png", out / "townwalk_coverage.png", out / "townwalk_coverage_chart.png"]
            store, settings = ctx.store, ctx.settings
            settings.device_name = "MINATO-TAB-03"
            pdfs = Path(tmp)
            reports.route_sheet(store, settings, "SHIBA01", pdfs / "route.pdf", now=NOW)
            recorded = next(w for w in list_walks(store, 2026) if w.id == today.id)
            reports.walk_record(store, settings, recorded.id, pdfs / "walk.pdf", now=NOW)
            reports.coverage_report(store, settings, 2026, pdfs / "coverage.pdf", today=TODAY, now=NOW)
            for name in ("route", "walk", "coverage"):
                subprocess.run(["pdftoppm", "-png", "-r", "60", "-l", "2", str(pdfs / f"{name}.pdf"),
                                str(out / f"report_{name}")], check=True)
                print(f"wrote {out}/report_{name}-*.png")
                written += sorted(out.glob(f"report_{name}-*.png"))
            tab.close()
        finally:
            ctx.close()
    return written


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.render_townwalk")
    p.add_argument("out", nargs="?", default="docs", type=Path)
    args = p.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    render(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
