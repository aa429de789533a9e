"""Bar charts painted with QPainter (QtCharts is not in PySide6-Essentials): one row per label,
the bar scaled to the largest count, the count and share on the right."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR = QColor("#336ba8")
TRACK = QColor("#e6e6e6")


class BarChart(QWidget):
    ROW = 22

    def __init__(self, parent: QWidget | None = None, *, colour: QColor = BAR):
        super().__init__(parent)
        self.rows: list[tuple[str, int]] = []
        self.total = 0
        self.colour = colour
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_rows(self, rows: Sequence[tuple[str, int]], total: int | None = None) -> None:
        self.rows = list(rows)
        self.total = sum(n for _l, n in rows) if total is None else total
        self.updateGeometry()
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(420, self.ROW * max(1, len(self.rows)) + 4)

    def share(self, n: int) -> str:
        return f"{n / self.total * 100:.0f}%" if self.total else "—"

    def paintEvent(self, _event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        width = self.width()
        label_w = min(int(width * 0.38), max([60, *(metrics.horizontalAdvance(label) + 12 for label, _n in self.rows)]))
        figure_w = metrics.horizontalAdvance("9999（100%）") + 8
        bar_room = max(10, width - label_w - figure_w - 8)
        top = max([1, *(n for _l, n in self.rows)])
        text_colour = self.palette().color(QPalette.ColorRole.WindowText)
        for i, (label, n) in enumerate(self.rows):
            y = 2 + i * self.ROW
            painter.setPen(text_colour)
            painter.drawText(QRectF(0, y, label_w - 6, self.ROW), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_w - 8))
            bar = QRectF(label_w, y + 4, bar_room, self.ROW - 8)
            painter.fillRect(bar, TRACK)
            if n:
                painter.fillRect(QRectF(bar.left(), bar.top(), max(2.0, bar_room * n / top), bar.height()), self.colour)
            painter.drawText(QRectF(width - figure_w, y, figure_w, self.ROW),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, f"{n}（{self.share(n)}）")
        painter.end()
