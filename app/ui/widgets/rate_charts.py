"""Rate charts painted with QPainter (QtCharts is not in PySide6-Essentials), the screen twins of
``app.reports.rate_charts``: the same ``app.services.charts`` figures, the same texts.

``texts()`` returns what each widget prints, row by row, so tests read the figures back without
looking at pixels."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.domain.wareki import short_fiscal_year_label
from app.i18n import _

NOW = QColor("#336ba8")
TRACK = QColor("#e6e6e6")
BELOW = QColor("#9a1a1a")
GRID = QColor("#d9d9d9")


def year_colours(n: int) -> list[QColor]:
    """As on paper: earlier years in greys, lighter the older; the chart's last year blue."""
    greys = [QColor.fromRgbF(g, g, g) for g in (0.80, 0.70, 0.60, 0.50)][-(n - 1):] if n > 1 else []
    return [*greys, NOW]


def rate_text(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.0f}%"


def _ink(widget: QWidget) -> QColor:
    return widget.palette().color(QPalette.ColorRole.WindowText)


class _Chart(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.chart = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_chart(self, chart) -> None:
        self.chart = chart
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def _legend(self, painter: QPainter, x: float, y: float) -> None:
        painter.save()
        small = QFont(self.font())
        small.setPixelSize(11)
        painter.setFont(small)
        metrics = painter.fontMetrics()
        for colour, fy in zip(year_colours(len(self.chart.years)), self.chart.years, strict=True):
            painter.fillRect(QRectF(x, y + 3, 12, 10), colour)
            painter.setPen(_ink(self))
            label = short_fiscal_year_label(fy)
            painter.drawText(QPointF(x + 16, y + 12), label)
            x += 16 + metrics.horizontalAdvance(label) + 14
        painter.restore()


class YearBarsChart(_Chart):
    """Grouped bars: one group per row (district), one bar per fiscal year, its rate on top; the
    below-minimum count of the last year under the row's name."""

    HEIGHT = 250

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(520, self.HEIGHT)

    def texts(self) -> list[tuple[str, list[str], str]]:
        """(label, the rate per year as printed, the below-minimum line) per row."""
        if self.chart is None:
            return []
        return [(r.label, [rate_text(v) for v in r.rates], _("below minimum {n}").format(n=r.below))
                for r in self.chart.rows]

    def paintEvent(self, _event) -> None:  # noqa: N802
        if self.chart is None or not self.chart.rows:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ink = _ink(self)
        small = QFont(self.font())
        small.setPixelSize(11)
        painter.setFont(small)
        metrics = painter.fontMetrics()
        left, top = metrics.horizontalAdvance("100%") + 10, 26
        bottom = self.height() - 2 * metrics.height() - 10
        plot_w, plot_h = self.width() - left - 6, bottom - top - metrics.height()
        self._legend(painter, left, 2)
        base = bottom
        for pct in range(0, 101, 20):  # grid and the value axis
            y = base - plot_h * pct / 100
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(QPointF(left, y), QPointF(left + plot_w, y))
            painter.setPen(ink)
            painter.drawText(QRectF(0, y - 8, left - 5, 16), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             f"{pct}%")
        colours = year_colours(len(self.chart.years))
        group = plot_w / len(self.chart.rows)
        bar = (group - 14) / len(self.chart.years)
        for i, (row, (label, rates, below)) in enumerate(zip(self.chart.rows, self.texts(), strict=True)):
            x0 = left + group * i + 7
            for k, rate in enumerate(row.rates):
                x = x0 + k * bar
                if rate:
                    painter.fillRect(QRectF(x + 1, base - plot_h * rate, bar - 2, plot_h * rate), colours[k])
                painter.setPen(ink)
                y = base - plot_h * (rate or 0) - metrics.height()
                painter.drawText(QRectF(x - 6, y, bar + 12, metrics.height()), Qt.AlignmentFlag.AlignCenter, rates[k])
            bold = QFont(self.font())
            bold.setBold(True)
            painter.setFont(bold)
            painter.drawText(QRectF(left + group * i, base + 3, group, metrics.height() + 2), Qt.AlignmentFlag.AlignCenter,
                             label)
            painter.setFont(small)
            painter.setPen(BELOW if row.below else ink)
            painter.drawText(QRectF(left + group * i, base + metrics.height() + 7, group, metrics.height() + 2),
                             Qt.AlignmentFlag.AlignCenter, below)
        painter.setPen(QPen(ink, 1))
        painter.drawLine(QPointF(left, base), QPointF(left + plot_w, base))
        painter.end()


class RateRowsChart(_Chart):
    """One row per council: this year's rate as a bar, earlier years as marks on the track, then
    this year's rate, the year before's and the below-minimum count."""

    ROW = 22
    KEY = 24

    def sizeHint(self) -> QSize:  # noqa: N802
        rows = len(self.chart.rows) if self.chart is not None else 0
        return QSize(520, self.KEY + self.ROW * max(1, rows) + 4)

    def texts(self) -> list[tuple[str, str, str, str]]:
        """(label, this year's rate, the year before's, the below-minimum count) per row."""
        if self.chart is None:
            return []
        last = len(self.chart.years) - 1
        out = []
        for r in self.chart.rows:
            before = next((r.rates[i] for i in range(last - 1, -1, -1) if r.rates[i] is not None), None)
            out.append((r.label, rate_text(r.rates[last]), rate_text(before) if last else "", str(r.below)))
        return out

    def paintEvent(self, _event) -> None:  # noqa: N802
        if self.chart is None or not self.chart.rows:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ink = _ink(self)
        metrics = painter.fontMetrics()
        width = self.width()
        label_w = min(int(width * 0.36), max(80, *(metrics.horizontalAdvance(r.label) + 12 for r in self.chart.rows)))
        titles = (_("This year"), _("Year before") if len(self.chart.years) > 1 else "", _("Below minimum"))
        column = max(metrics.horizontalAdvance(t) for t in (*titles, "100%")) + 12
        figures_w = 3 * column
        room = max(20, width - label_w - figures_w - 8)
        self._legend(painter, 0, 2)
        painter.setPen(ink)
        for k, title in enumerate(titles):
            painter.drawText(QRectF(width - figures_w + k * column, 2, column - 4, self.KEY - 6),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, title)
        colours = year_colours(len(self.chart.years))
        last = len(self.chart.years) - 1
        for n, (row, texts) in enumerate(zip(self.chart.rows, self.texts(), strict=True)):
            y = self.KEY + n * self.ROW
            painter.setPen(ink)
            painter.drawText(QRectF(0, y, label_w - 6, self.ROW), Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(row.label, Qt.TextElideMode.ElideRight, label_w - 8))
            track = QRectF(label_w, y + 5, room, self.ROW - 10)
            painter.fillRect(track, TRACK)
            if row.rates[last]:
                painter.fillRect(QRectF(track.left(), track.top(), max(2.0, room * row.rates[last]), track.height()), NOW)
            for k in range(last):
                if row.rates[k] is not None:
                    x = label_w + room * row.rates[k]
                    painter.setPen(QPen(colours[k], 2))
                    painter.drawLine(QPointF(x, y + 2), QPointF(x, y + self.ROW - 2))
            for k, text in enumerate(texts[1:]):
                painter.setPen(BELOW if k == 2 and row.below else ink)
                painter.drawText(QRectF(width - figures_w + k * column, y, column - 4, self.ROW),
                                 Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
        painter.end()


class ShareBarsChart(_Chart):
    """One bar per (label, part, whole), "12 / 30（40.0%）" beside it — coverage by department."""

    ROW = 22

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(420, self.ROW * max(1, len(self.chart or ())) + 4)

    def set_bars(self, bars: Sequence) -> None:
        self.set_chart(tuple(bars))

    def texts(self) -> list[tuple[str, str]]:
        return [(b.label, f"{b.part} / {b.whole}（{b.part / b.whole * 100:.1f}%）" if b.whole else "—")
                for b in self.chart or ()]

    def paintEvent(self, _event) -> None:  # noqa: N802
        if not self.chart:
            return
        painter = QPainter(self)
        metrics = painter.fontMetrics()
        width = self.width()
        label_w = min(int(width * 0.4), max(60, *(metrics.horizontalAdvance(b.label) + 12 for b in self.chart)))
        figure_w = metrics.horizontalAdvance("9999 / 9999（100.0%）") + 8
        room = max(10, width - label_w - figure_w - 8)
        ink = _ink(self)
        for i, (b, (label, figure)) in enumerate(zip(self.chart, self.texts(), strict=True)):
            y = 2 + i * self.ROW
            painter.setPen(ink)
            painter.drawText(QRectF(0, y, label_w - 6, self.ROW), Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_w - 8))
            bar = QRectF(label_w, y + 4, room, self.ROW - 8)
            painter.fillRect(bar, TRACK)
            if b.part and b.whole:
                painter.fillRect(QRectF(bar.left(), bar.top(), max(2.0, room * b.part / b.whole), bar.height()), NOW)
            painter.drawText(QRectF(width - figure_w, y, figure_w, self.ROW),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, figure)
        painter.end()
