"""Real reports to render (a multi-page participation report, a landscape proposals report) and
a measure of ink on a rendered page: for the renderer's tests and the print preview's."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.reports.render import PageImage
from app.services.attendance import reports
from app.services.demo.attendance import generate
from app.services.demo.load import load_data
from app.services.survey.reports import proposals_report
from app.settings import Settings
from app.storage.store import open_store
from tests.helpers.survey import FY, make_survey, respond

TODAY = date(2026, 11, 23)


def participation_pdf(folder: Path) -> Path:
    """A real multi-page report: a year's participation of 200 sample staff (3 A4 pages)."""
    from app.i18n import set_language

    set_language("ja")
    store = open_store(folder / "data", user="テスト担当")
    try:
        load_data(store, generate(TODAY, staff_count=200))
        return reports.participation_report(store, Settings(device_name="MINATO-PC-017"), 2026, None,
                                             folder / "participation.pdf", today=TODAY)
    finally:
        store.close()


def proposals_pdf(folder: Path) -> Path:
    """A real landscape report: the proposals of a fiscal year."""
    store = open_store(folder / "survey", user="テスト担当")
    try:
        form = make_survey(store)
        respond(store, form, idea="申請書を電子化する", received=date(FY, 6, 1))
        return proposals_report(store, Settings(), FY, folder / "proposals.pdf", today=date(FY, 8, 1))
    finally:
        store.close()


def dark_share(image: PageImage, box: tuple[float, float, float, float], dpi: float) -> float:
    """The share of dark pixels inside a box given in points."""
    scale = dpi / 72
    x0, y0, x1, y1 = (round(v * scale) for v in box)
    pixels = [image.pixel(x, y) for y in range(y0, y1) for x in range(x0, x1)]
    return sum(1 for r, g, b in pixels if r + g + b < 3 * 110) / len(pixels)
