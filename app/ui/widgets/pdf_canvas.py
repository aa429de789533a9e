"""The pages of a PDF one below the other, like paper on a grey desk, drawn lazily.

Only the pages in view are rendered (PDFium, on the GUI thread: ~10 ms a page at 100 %), at the
screen's pixel ratio up to 300 dpi, and the last ones drawn are kept up to ~128 MB: a 40-page
report does not hold 40 bitmaps, and 300 % on a high-dpi screen does not hold gigabytes.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from app.reports.render import PdfPages
from app.ui.widgets.pdf_print import page_image

GAP = 16  # pixels between pages and around them
SHADOW = 4
KEEP_BYTES = 128 * 2**20  # rendered pages kept at the current zoom (the newest two always)
MAX_DPI = 300  # beyond it the page is scaled up: sharp enough, and an A4 page stays ~35 MB
SCREEN_DPI = 96  # zoom 1.0 shows a page at its real size on a 96-dpi screen


class PageCanvas(QWidget):
    def __init__(self, pages: PdfPages, parent: QWidget | None = None):
        super().__init__(parent)
        self.pages = pages
        self.zoom = 1.0
        self._cache: OrderedDict[int, QImage] = OrderedDict()
        self.setAutoFillBackground(False)
        self._update_size()

    # -- geometry -----------------------------------------------------------------------------
    def pixels_per_point(self) -> float:
        return self.zoom * SCREEN_DPI / 72

    def page_size(self, index: int) -> QSize:
        width, height = self.pages.size(index)
        scale = self.pixels_per_point()
        return QSize(round(width * scale), round(height * scale))

    def content_size(self) -> QSize:
        sizes = [self.page_size(i) for i in range(len(self.pages))]
        width = max((s.width() for s in sizes), default=0) + 2 * GAP + SHADOW
        height = sum(s.height() for s in sizes) + GAP * (len(sizes) + 1) + SHADOW
        return QSize(width, height)

    def page_rect(self, index: int) -> QRect:
        size = self.page_size(index)
        return QRect((self.width() - size.width()) // 2, self._tops[index], size.width(), size.height())

    def page_at(self, y: int) -> int:
        """The page at height ``y`` (or the one just above a gap)."""
        for index in range(len(self.pages)):
            if y < self.page_rect(index).bottom() + GAP:
                return index
        return max(0, len(self.pages) - 1)

    def set_zoom(self, zoom: float) -> None:
        if abs(zoom - self.zoom) > 1e-6:
            self.zoom = zoom
            self._cache.clear()
            self._update_size()
            self.update()

    def _update_size(self) -> None:
        self._tops, top = [], GAP
        for index in range(len(self.pages)):
            self._tops.append(top)
            top += self.page_size(index).height() + GAP
        self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.content_size()

    # -- drawing ------------------------------------------------------------------------------
    def _image(self, index: int) -> QImage:
        image = self._cache.get(index)
        if image is None:
            ratio = self.devicePixelRatioF()
            dpi = min(self.pixels_per_point() * 72 * ratio, MAX_DPI)
            image = page_image(self.pages.render(index, dpi))  # drawn into the page's rect, so scaled
            self._cache[index] = image
            while len(self._cache) > 2 and sum(i.sizeInBytes() for i in self._cache.values()) > KEEP_BYTES:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(index)
        return image

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.fillRect(event.rect(), QColor("#7a7d82"))
        for index in range(len(self.pages)):
            rect = self.page_rect(index)
            if not rect.adjusted(0, 0, SHADOW, SHADOW).intersects(event.rect()):
                continue
            painter.fillRect(rect.translated(SHADOW, SHADOW), QColor(0, 0, 0, 90))
            painter.fillRect(rect, Qt.GlobalColor.white)
            painter.drawImage(QRectF(rect), self._image(index))
            painter.setPen(QPen(QColor("#3c3f44"), 1))
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
        painter.end()
