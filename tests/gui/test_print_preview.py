"""The print preview on real widgets and real reports: every page shown with page n / N and zoom,
printing to a PDF-format QPrinter read back with pypdf (all pages, a range, the current page,
copies, landscape), the system print dialog driven to the end, and the preview appearing after a
report made from each tab."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPageRanges
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialogButtonBox

from app.context import AppContext
from app.errors import UnavailableError
from app.reports.render import PdfPages
from app.ui.tasks import SyncRunner
from app.ui.widgets.pdf_canvas import GAP, SHADOW
from app.ui.widgets.pdf_preview import PrintPreviewDialog
from app.ui.widgets.pdf_print import pages_to_print, print_pdf
from tests.helpers.render import dark_share, participation_pdf, proposals_pdf
from tests.helpers.survey import FY, make_survey, respond


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    return participation_pdf(tmp_path_factory.mktemp("preview"))  # 3 A4 pages


@pytest.fixture
def preview(qtbot, report):
    dialog = PrintPreviewDialog(report)
    qtbot.addWidget(dialog)
    dialog.resize(880, 700)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def pdf_printer(out: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    return printer


def page_range(printer: QPrinter, first: int, last: int) -> QPrinter:
    ranges = QPageRanges()
    ranges.addRange(first, last)
    printer.setPageRanges(ranges)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    return printer


def test_the_preview_shows_every_page_with_its_number_and_zooms(preview, report):
    assert preview.windowTitle() == "印刷プレビュー"
    assert preview.print_button.text() == "印刷…" and preview.viewer_button.text() == "PDFビューアで開く"
    pages = len(PdfReader(report).pages)
    assert preview.page_count == pages >= 3  # the charts, the tables, the people
    assert preview.page_label.text() == f"1 / {pages} ページ"
    canvas = preview.canvas
    rects = [canvas.page_rect(i) for i in range(3)]
    assert all(a.bottom() < b.top() for a, b in zip(rects, rects[1:], strict=False))
    fit = preview.scroll.viewport().width() - 2 * GAP - SHADOW
    assert abs(rects[0].width() - fit) <= 2  # fit width at first
    preview.go_to(2)
    assert preview.page_label.text() == f"3 / {pages} ページ"
    preview.go_to(1)
    assert preview.page_label.text() == f"2 / {pages} ページ"
    width, label = canvas.page_rect(1).width(), preview.zoom_label.text()
    preview.zoom_in_button.click()
    assert canvas.page_rect(1).width() > width and preview.zoom_label.text() != label
    assert preview.page_label.text() == f"2 / {pages} ページ"  # zooming keeps the page in view
    preview.zoom_out_button.click()
    preview.zoom_out_button.click()
    assert canvas.page_rect(1).width() < width and preview.zoom_label.text().endswith("%")
    preview.resize(700, 600)  # not fitting any more: a resize keeps the zoom
    assert canvas.page_rect(1).width() < width
    preview.fit_button.click()
    assert abs(canvas.page_rect(0).width() - (preview.scroll.viewport().width() - 2 * GAP - SHADOW)) <= 2


def test_pages_look_like_paper_on_grey(preview):
    preview.go_to(0)
    image = preview.grab().toImage()
    page = preview.canvas.page_rect(0)
    origin = preview.canvas.mapTo(preview, page.topLeft())
    assert image.pixelColor(origin.x() - GAP // 2, origin.y() + 40) == QColor("#7a7d82")  # the desk
    assert image.pixelColor(origin.x() + 5, origin.y() + 5) == QColor("white")  # the paper's margin
    inked = sum(1 for x in range(origin.x(), origin.x() + page.width(), 2)
                for y in range(origin.y() + 40, origin.y() + 200, 2)
                if image.pixelColor(x, y).lightness() < 110)
    assert inked > 100  # the title and the scope are drawn


def test_printing_gives_every_page_a_range_the_current_page_or_copies(report, tmp_path):
    n = len(PdfReader(report).pages)
    with PdfPages(report) as pages:
        assert print_pdf(pages, pdf_printer(tmp_path / "all.pdf")) == n
        assert print_pdf(pages, page_range(pdf_printer(tmp_path / "range.pdf"), 2, 3)) == 2
        assert print_pdf(pages, page_range(pdf_printer(tmp_path / "none.pdf"), 5, 9)) == 0
        current = pdf_printer(tmp_path / "current.pdf")
        current.setPrintRange(QPrinter.PrintRange.CurrentPage)
        assert print_pdf(pages, current, current=1) == 1
        copies = pdf_printer(tmp_path / "copies.pdf")
        copies.setCopyCount(2)  # a PDF file cannot ask a driver for copies: they are printed twice
        assert print_pdf(pages, copies) == 2 * n
    printed = PdfReader(tmp_path / "all.pdf")
    assert len(printed.pages) == n and round(printed.pages[0].mediabox.width) == 595  # A4 portrait
    assert len(PdfReader(tmp_path / "range.pdf").pages) == 2
    assert not (tmp_path / "none.pdf").exists()  # nothing chosen, no empty job
    assert len(PdfReader(tmp_path / "current.pdf").pages) == 1
    assert len(PdfReader(tmp_path / "copies.pdf").pages) == 2 * n
    with PdfPages(tmp_path / "all.pdf") as printed_pages:  # the printed page is the report, not blank
        assert dark_share(printed_pages.render(0, 72), (40, 30, 300, 60), 72) > 0.05


def test_page_order_and_uncollated_copies(tmp_path):
    printer = pdf_printer(tmp_path / "x.pdf")
    printer.setCopyCount(2)
    printer.setCollateCopies(False)
    assert pages_to_print(printer, 3) == [0, 0, 1, 1, 2, 2]
    printer.setCollateCopies(True)
    printer.setPageOrder(QPrinter.PageOrder.LastPageFirst)
    assert pages_to_print(page_range(printer, 1, 2), 3) == [1, 0, 1, 0]


def test_a_landscape_report_prints_landscape_and_stops_when_cancelled(tmp_path):
    with PdfPages(proposals_pdf(tmp_path)) as pages:
        assert print_pdf(pages, pdf_printer(tmp_path / "out.pdf")) == 1
        seen = []
        assert print_pdf(pages, pdf_printer(tmp_path / "cancelled.pdf"), progress=lambda done, total: seen.append(done) and False) == 0
    box = PdfReader(tmp_path / "out.pdf").pages[0].mediabox
    assert box.width > box.height
    assert seen == [0]


def test_the_print_button_opens_the_system_dialog_and_prints_what_it_says(preview, report, tmp_path):
    n = len(PdfReader(report).pages)
    out = tmp_path / "printed.pdf"
    preview.printer = pdf_printer(out)  # as if "print to file" had been chosen earlier
    preview.print_button.click()
    dialog = preview.last_dialog
    assert isinstance(dialog, QPrintDialog) and dialog.isVisible()
    assert dialog.windowModality() == Qt.WindowModality.WindowModal  # open(), not exec()
    dialog.accept()
    assert preview.status.text() == f"{n} ページをプリンターに送りました。"
    assert len(PdfReader(out).pages) == n


@pytest.mark.qt_log_ignore("QPainter::begin")
def test_a_printer_that_cannot_start_is_said_beside_the_pages(preview, tmp_path):
    printer = pdf_printer(tmp_path / "no such folder" / "x.pdf")
    with pytest.raises(UnavailableError):
        print_pdf(preview.pages, printer)
    assert preview.print_to(printer) == 0
    assert preview.status.text().startswith("印刷を開始できません")
    assert preview.buttons.isEnabled()


# -- after a report from each tab ----------------------------------------------------------------
def shown(dialog, path: Path) -> PrintPreviewDialog:
    assert isinstance(dialog, PrintPreviewDialog) and dialog.isVisible()
    assert dialog.path == path and dialog.page_count == len(PdfReader(path).pages)
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    return dialog


def test_an_attendance_report_opens_in_the_preview(qtbot, tmp_path):
    from app.services.demo.load import load_data
    from tests.helpers.attendance import hall_data
    from tests.helpers.hall_window import open_hall

    ctx = AppContext.open(tmp_path / "data")
    load_data(ctx.store, hall_data())
    window = open_hall(qtbot, ctx)
    window.reports.save("signin", tmp_path / "signin.pdf")
    dialog = shown(window.reports.last_dialog, tmp_path / "signin.pdf")
    assert dialog.parent() is window and dialog.viewer_button.isVisibleTo(dialog)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Close).click()
    assert not dialog.isVisible()
    window.close()
    ctx.close()


def test_a_town_walk_record_opens_in_the_preview(qtbot, tmp_path):
    from tests.helpers.townwalk import seed
    from tests.helpers.townwalk_tab import open_tab

    ctx = AppContext.open(tmp_path / "data")
    walk_id = seed(ctx)
    ctx.close()
    ctx, tab = open_tab(qtbot, tmp_path / "data")
    tab.open_reports = True
    tab.save_pdf("walk", walk_id, tmp_path / "walk.pdf")
    shown(tab.last_dialog, tmp_path / "walk.pdf").close()
    tab.close()
    ctx.close()


def test_survey_reports_and_the_kiosk_slip_open_in_the_preview(qtbot, tmp_path):
    from app.ui.survey.kiosk import KioskWindow
    from app.ui.survey.tab import SurveyTab

    ctx = AppContext.open(tmp_path / "data")
    form = make_survey(ctx.store)
    saved = respond(ctx.store, form, idea="申請書を電子化する", received=date(FY, 6, 1))
    tab = SurveyTab(ctx, SyncRunner(), today=lambda: date(FY, 8, 1))
    qtbot.addWidget(tab)
    tab.show()
    tab.reload()
    tab.save_pdf("proposals", tmp_path / "list.pdf")
    dialog = shown(tab.last_dialog, tmp_path / "list.pdf")
    width, height = dialog.pages.size(0)
    assert width > height  # the landscape list stays landscape
    dialog.close()
    kiosk = KioskWindow(ctx, SyncRunner(), form, open_slips=True)
    qtbot.addWidget(kiosk)
    kiosk.show()
    kiosk.last = saved
    kiosk.print_slip(tmp_path / "slip.pdf")
    slip = shown(kiosk.last_dialog, tmp_path / "slip.pdf")
    assert not slip.viewer_button.isVisibleTo(slip)  # no other program from a kiosk
    slip.ask_print()  # ... and no file browser behind the print dialog's "print to file"
    from PySide6.QtPrintSupport import QAbstractPrintDialog

    assert not slip.last_dialog.testOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile)
    slip.last_dialog.reject()
    slip.close()
    kiosk.unlocked = True
    kiosk.close()
    tab.close()
    ctx.close()
