"""Printing a PDF on a QPrinter: each page rendered by PDFium, painted to fit the printable area.

Separate from the preview dialog so tests (and scripts) print to a PDF-format QPrinter without a
dialog. Pages are rendered at the printer's resolution, capped at ``max_dpi`` (a 300 dpi A4 page
is ~35 MB of pixels; more buys nothing for our text-and-table reports).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPageLayout, QPainter
from PySide6.QtPrintSupport import QPrinter

from app.errors import UnavailableError
from app.i18n import _
from app.reports.render import PageImage, PdfPages

MAX_DPI = 300
Progress = Callable[[int, int], bool]  # (pages done, pages in all) -> go on?


def page_image(image: PageImage) -> QImage:
    """A QImage that owns a copy of the pixels (the bytes object may go away)."""
    return QImage(image.data, image.width, image.height, image.stride, QImage.Format.Format_RGBX8888).copy()


def pages_to_print(printer: QPrinter, count: int, current: int = 0) -> list[int]:
    """The 0-based pages of one print job, in order, copies included, as the printer says:
    its range (all, a page range such as 1-3,5, or the current page), its page order, and the
    copy count when the driver does not make the copies itself."""
    printer_range = printer.printRange()
    if printer_range == QPrinter.PrintRange.CurrentPage:
        chosen = [current] if 0 <= current < count else []
    elif printer_range == QPrinter.PrintRange.PageRange:
        ranges = printer.pageRanges()
        if ranges.isEmpty():
            first, last = printer.fromPage() or 1, printer.toPage() or count
            chosen = [i for i in range(count) if first <= i + 1 <= last]
        else:
            chosen = [i for i in range(count) if ranges.contains(i + 1)]
    else:
        chosen = list(range(count))
    if printer.pageOrder() == QPrinter.PageOrder.LastPageFirst:
        chosen.reverse()
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    if printer.collateCopies():
        return chosen * copies
    return [i for i in chosen for _copy in range(copies)]


def orientation_of(size: tuple[float, float]) -> QPageLayout.Orientation:
    """Landscape for a page wider than high (width, height in points)."""
    width, height = size
    return QPageLayout.Orientation.Landscape if width > height else QPageLayout.Orientation.Portrait


def print_pdf(pages: PdfPages, printer: QPrinter, *, current: int = 0, max_dpi: float = MAX_DPI,
              progress: Progress | None = None) -> int:
    """Print ``pages`` on ``printer`` (set up already, e.g. by a QPrintDialog); returns the number
    of pages sent. ``progress`` is called before each page; when it returns False the job is
    aborted. Each page keeps the orientation of its PDF page and is scaled to the printable
    area, aspect ratio kept, centred."""
    order = pages_to_print(printer, len(pages), current)
    if not order:
        return 0
    printer.setPageOrientation(orientation_of(pages.size(order[0])))
    painter = QPainter()
    if not painter.begin(printer):
        raise UnavailableError(_("The printer could not be started. Check the printer (or the file to print to) and try again."))
    done = 0
    try:
        for n, index in enumerate(order):
            if progress is not None and not progress(n, len(order)):
                printer.abort()
                break
            if n:
                printer.setPageOrientation(orientation_of(pages.size(index)))
                printer.newPage()
            _paint_page(painter, printer, pages, index, max_dpi)
            done += 1
    finally:
        painter.end()
    if progress is not None and done == len(order):
        progress(done, len(order))
    return done


def _paint_page(painter: QPainter, printer: QPrinter, pages: PdfPages, index: int, max_dpi: float) -> None:
    area = printer.pageLayout().paintRectPixels(printer.resolution())  # the painter's origin is its corner
    width_pt, height_pt = pages.size(index)
    scale = min(area.width() / width_pt, area.height() / height_pt)  # device pixels per point
    target = QRectF(0, 0, width_pt * scale, height_pt * scale)
    target.moveTo((area.width() - target.width()) / 2, (area.height() - target.height()) / 2)
    dpi = min(scale * 72, max_dpi)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.drawImage(target, page_image(pages.render(index, dpi)))
