"""Report pages as pixels, for the in-app print preview and printing; no Qt here.

PDFium through pypdfium2: Chromium's renderer, maintained, wheels that bundle the library for
Windows and Linux, and it draws our embedded fonts (BIZ UDGothic, the 𠮷 fallback) exactly.
QtPdf is not in PySide6-Essentials and poppler is not on Windows laptops.

PDFium is not thread-safe. The app calls this module from the GUI thread only (a page of our
reports renders in ~10 ms at 96 dpi, ~55 ms at 300 dpi, so the worker would buy nothing), and
every PDFium call also goes through one process-wide lock, so a second thread could never
corrupt it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

_LOCK = threading.RLock()


@dataclass(frozen=True)
class PageImage:
    """One rendered page: RGBX, 4 bytes a pixel (X is 255), rows ``stride`` bytes apart."""

    width: int
    height: int
    stride: int
    data: bytes

    def pixel(self, x: int, y: int) -> tuple[int, int, int]:
        at = y * self.stride + x * 4
        return self.data[at], self.data[at + 1], self.data[at + 2]


class PdfPages:
    """An open PDF: page count, page sizes in points, pages rendered at a given dpi.

    The file is read into memory once, so it is never held open (on Windows an open file could
    not be replaced or deleted while the preview shows it)."""

    def __init__(self, path: Path):
        import pypdfium2 as pdfium  # loaded on first preview, not at start-up

        self.path = Path(path)
        data = self.path.read_bytes()
        with _LOCK:
            self._pdf = pdfium.PdfDocument(data)
            self.sizes: list[tuple[float, float]] = []
            for index in range(len(self._pdf)):
                page = self._pdf[index]
                width, height = page.get_size()  # points, the page's /Rotate applied
                self.sizes.append((width, height))
                page.close()

    def __len__(self) -> int:
        return len(self.sizes)

    def size(self, index: int) -> tuple[float, float]:
        """Width and height of page ``index`` (0-based) in points (1/72 inch)."""
        return self.sizes[index]

    def render(self, index: int, dpi: float) -> PageImage:
        """Page ``index`` (0-based) at ``dpi`` on white, text anti-aliased."""
        with _LOCK:
            if self._pdf is None:
                raise ValueError("the PDF is closed")
            page = self._pdf[index]
            try:
                bitmap = page.render(scale=dpi / 72, rev_byteorder=True, prefer_bgrx=True)
                return PageImage(bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer))
            finally:
                page.close()

    def close(self) -> None:
        with _LOCK:
            if self._pdf is not None:
                self._pdf.close()
                self._pdf = None

    def __enter__(self) -> PdfPages:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()
