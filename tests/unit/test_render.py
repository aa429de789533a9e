"""The page renderer of the print preview (PDFium, no Qt), on real reports of our report services:
page count and sizes as the PDF says, and ink where poppler says the words are."""

from __future__ import annotations

import re
import subprocess
import time
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.reports.render import PdfPages
from tests.helpers.render import dark_share, participation_pdf, proposals_pdf

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    return participation_pdf(tmp_path_factory.mktemp("render"))


def word_boxes(path: Path, page: int) -> dict[str, tuple[float, float, float, float]]:
    """Words of a page with their boxes in points (top-left origin), as poppler finds them."""
    xml = subprocess.run(["pdftotext", "-bbox", "-f", str(page + 1), "-l", str(page + 1), str(path), "-"],
                         capture_output=True, text=True, encoding="utf-8", check=True).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)</word>'
    return {m[4]: tuple(float(v) for v in m[:4]) for m in re.findall(pattern, xml)}


def test_page_count_and_sizes_are_the_pdfs(report):
    pdf = PdfReader(report)
    with PdfPages(report) as pages:
        assert len(pages) == len(pdf.pages) >= 3
        for index, page in enumerate(pdf.pages):
            width, height = pages.size(index)
            assert (round(width), round(height)) == (round(page.mediabox.width), round(page.mediabox.height)) == (595, 842)


def test_a_rendered_page_has_ink_where_the_words_are_and_white_margins(report):
    dpi = 96
    with PdfPages(report) as pages:
        image = pages.render(0, dpi)
        last = pages.render(len(pages) - 1, dpi)
    assert (image.width, image.height) == (794, 1123)  # A4 at 96 dpi
    assert image.stride >= image.width * 4 and len(image.data) == image.stride * image.height
    words = word_boxes(report, 0)
    assert dark_share(image, words["参加状況"], dpi) > 0.1  # the title, drawn in BIZ UDGothic
    assert dark_share(image, (0, 0, 595, 20), dpi) == 0  # the top margin stays paper-white
    assert image.pixel(5, 5) == (255, 255, 255)
    assert dark_share(last, (40, 40, 555, 800), dpi) > 0.005  # the last page is not blank either


def test_a_landscape_report_is_wider_than_high(tmp_path):
    with PdfPages(proposals_pdf(tmp_path)) as pages:
        width, height = pages.size(0)
        image = pages.render(0, 72)
    assert (round(width), round(height)) == (842, 595)
    assert image.width > image.height and abs(image.width - 842) <= 1


def test_the_file_is_not_held_open_and_a_closed_pdf_refuses_to_render(report, tmp_path):
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(report.read_bytes())
    pages = PdfPages(copy)
    copy.unlink()  # Windows refuses this while a file is open: the renderer read it into memory
    started = time.perf_counter()
    assert pages.render(0, 96).width == 794
    assert time.perf_counter() - started < 5  # ~10 ms on a laptop; generous for a busy CI machine
    pages.close()
    pages.close()  # twice is harmless (the dialog closes it when it closes)
    with pytest.raises(ValueError, match="closed"):
        pages.render(0, 96)
