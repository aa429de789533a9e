"""Print preview (印刷プレビュー) of a report the app has just written, and printing from it.

Every report flow ends in ``preview_report``: the pages as paper, page n / N, zoom, 印刷… through
the system's print dialog, and the external PDF viewer one button away. Printing runs on the GUI
thread page by page (PDFium must stay on one thread); a window-modal progress dialog with a
cancel button keeps the window painting between pages.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.errors import UnavailableError
from app.i18n import _
from app.reports.render import PdfPages
from app.ui.geometry import fit_dialog
from app.ui.widgets.pdf_canvas import GAP, SCREEN_DPI, SHADOW, PageCanvas
from app.ui.widgets.pdf_print import orientation_of, print_pdf

ZOOMS = (0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0)


class PrintPreviewDialog(QDialog):
    def __init__(self, path: Path, parent: QWidget | None = None, *, viewer: bool = True):
        super().__init__(parent)
        self.setWindowTitle(_("Print preview"))
        fit_dialog(self, 880, 700)  # less on a smaller screen
        self.path = Path(path)
        self.pages = PdfPages(self.path)
        self.canvas = PageCanvas(self.pages)
        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("preview_pages")
        self.scroll.setWidget(self.canvas)
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)  # fit width never flips it
        self.scroll.viewport().installEventFilter(self)
        self.scroll.verticalScrollBar().valueChanged.connect(self._show_page_number)
        self.scroll.verticalScrollBar().rangeChanged.connect(self._show_page_number)
        self.fitting = True  # fit width, again after every resize, until the user zooms
        self.printer: QPrinter | None = None
        self.last_dialog: QWidget | None = None
        self._printing = False

        self.zoom_out_button = QPushButton(_("Zoom out"), self)
        self.zoom_out_button.setShortcut(QKeySequence.StandardKey.ZoomOut)
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.zoom_label = QLabel(self)
        self.zoom_label.setMinimumWidth(48)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_in_button = QPushButton(_("Zoom in"), self)
        self.zoom_in_button.setShortcut(QKeySequence.StandardKey.ZoomIn)
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.fit_button = QPushButton(_("Fit width"), self)
        self.fit_button.clicked.connect(self.fit_width)
        self.page_label = QLabel(self)
        self.page_label.setObjectName("page_label")
        tools = QHBoxLayout()
        tools.addWidget(QLabel(self.path.name, self), 1)
        for widget in (self.zoom_out_button, self.zoom_label, self.zoom_in_button, self.fit_button):
            tools.addWidget(widget)
        tools.addSpacing(16)
        tools.addWidget(self.page_label)

        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.hide()  # shown with the outcome of a print
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.print_button = self.buttons.addButton(_("Print…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.clicked.connect(self.ask_print)
        self.viewer_button = self.buttons.addButton(_("Open in the PDF viewer"), QDialogButtonBox.ButtonRole.ActionRole)
        self.viewer_button.clicked.connect(self.open_in_viewer)
        self.viewer_button.setVisible(viewer)
        self.kiosk = not viewer  # no other program and no file browser for the kiosk's user
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.print_button.setDefault(True)
        self._layout_canvas()
        self._show_zoom()

    # -- pages and zoom ---------------------------------------------------------------------------
    @property
    def page_count(self) -> int:
        return len(self.pages)

    def current_page(self) -> int:
        """The 0-based page in the middle of the view (the first at the top, the last at the end)."""
        bar = self.scroll.verticalScrollBar()
        if bar.value() <= bar.minimum():
            return 0
        if bar.value() >= bar.maximum():
            return self.page_count - 1
        return self.canvas.page_at(bar.value() + self.scroll.viewport().height() // 2)

    def go_to(self, index: int) -> None:
        index = max(0, min(index, self.page_count - 1))
        self.scroll.verticalScrollBar().setValue(self.canvas.page_rect(index).top() - GAP // 2)
        self._show_page_number()

    def set_zoom(self, zoom: float) -> None:
        page = self.current_page()
        self.canvas.set_zoom(zoom)
        self._layout_canvas()
        self._show_zoom()
        if page:
            self.go_to(page)

    def zoom_in(self) -> None:
        self.fitting = False
        self.set_zoom(next((z for z in ZOOMS if z > self.canvas.zoom + 1e-3), ZOOMS[-1]))

    def zoom_out(self) -> None:
        self.fitting = False
        self.set_zoom(next((z for z in reversed(ZOOMS) if z < self.canvas.zoom - 1e-3), ZOOMS[0]))

    def fit_width(self) -> None:
        self.fitting = True
        widest = max((w for w, _h in self.pages.sizes), default=595)
        room = self.scroll.viewport().width() - 2 * GAP - SHADOW
        self.set_zoom(max(ZOOMS[0], min(ZOOMS[-1], room / (widest * SCREEN_DPI / 72))))

    def _layout_canvas(self) -> None:
        """Size the canvas to its pages, and at least to the view (pages are centred in it)."""
        content = self.canvas.content_size()
        self.canvas.resize(max(content.width(), self.scroll.viewport().width()), content.height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize and watched is self.scroll.viewport():
            if self.fitting:
                self.fit_width()
            else:
                self._layout_canvas()
        return super().eventFilter(watched, event)

    def _show_zoom(self) -> None:
        self.zoom_label.setText(f"{round(self.canvas.zoom * 100)}%")
        self._show_page_number()

    def _show_page_number(self, *_args) -> None:
        self.page_label.setText(_("Page {n} / {total}").format(n=self.current_page() + 1, total=self.page_count))

    # -- printing and the viewer ------------------------------------------------------------------
    def ask_print(self) -> None:
        """The system's print dialog (window-modal, not blocking); printing starts when it is accepted."""
        if self.printer is None:
            self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            self.printer.setDocName(self.path.stem)
            self.printer.setPageOrientation(orientation_of(self.pages.size(0)))
        printer = self.printer
        dialog = QPrintDialog(printer, self)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintSelection, False)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, not self.kiosk)
        dialog.setMinMax(1, self.page_count)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda result: result == QDialog.DialogCode.Accepted.value and self.print_to(printer))
        self.last_dialog = dialog
        QDialog.open(dialog)  # PySide6's QPrintDialog.open wants (receiver, member); QDialog's does not

    def print_to(self, printer: QPrinter) -> int:
        """Print on ``printer`` as it is set up, with a progress dialog; returns the pages sent."""
        progress = QProgressDialog(self)
        progress.setWindowTitle(_("Print preview"))
        progress.setLabelText(_("Printing…"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(500)

        def step(done: int, total: int) -> bool:
            progress.setMaximum(total)
            progress.setValue(done)  # window-modal: lets the window paint between pages
            return not progress.wasCanceled()

        self._printing = True
        self.buttons.setEnabled(False)
        try:
            sent = print_pdf(self.pages, printer, current=self.current_page(), progress=step)
        except UnavailableError as exc:
            self._say(str(exc))
            return 0
        finally:
            cancelled = progress.wasCanceled()
            progress.reset()
            progress.deleteLater()
            self._printing = False
            self.buttons.setEnabled(True)
        if cancelled:
            self._say(_("Printing was cancelled."))
        elif sent == 0:
            self._say(_("Nothing to print: the chosen pages are not in this report."))
        else:
            self._say(_("Sent {n} pages to the printer.").format(n=sent))
        return sent

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()

    def open_in_viewer(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path)))

    def done(self, result: int) -> None:
        if self._printing:
            return  # Escape or × while pages are being sent: the job finishes (or is cancelled) first
        self.pages.close()
        super().done(result)


def preview_report(path: Path, parent: QWidget, *, viewer: bool = True) -> PrintPreviewDialog:
    """Show a written report in the print preview: window-modal on ``parent``, not blocking
    (``open()``), deleted when closed. The caller keeps it as its ``last_dialog`` (tests drive it).
    ``viewer=False`` hides the external viewer (the kiosk must not hand its user another program)."""
    dialog = PrintPreviewDialog(path, parent, viewer=viewer)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
