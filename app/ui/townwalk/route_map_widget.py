"""The route map on screen, painted with QPainter from ``app.domain.route_map`` — the layout the
route sheet prints, so screen and paper agree. No tiles, no network: it works in the field.

``marks`` say what field mode knows: the stop the facilitator is at ('current', highlighted) and
the stops done ('done', ticked); the legs walked so far are drawn solid, the rest lighter.
The route editor marks the stop chosen in its table."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.domain.route_map import MapStop, RouteMap, layout

ROUTE = QColor("#336ba8")
AHEAD = QColor("#9db5d3")
CURRENT = QColor("#e07b00")
DONE = QColor("#1b7f3b")
PAPER = QColor("#f7f7f2")
FRAME = QColor("#8c8c8c")
INK = QColor("#222222")  # on the map's own light paper, whatever the palette


class RouteMapWidget(QWidget):
    def __init__(self, parent: QWidget | None = None, *, marker: int = 11, strip: int = 30, names: bool = False):
        super().__init__(parent)
        self.setObjectName("route_map")
        self.marker, self.strip, self.names = marker, strip, names
        self.stops: list[MapStop] | None = []  # None: loading (nothing drawn, no message yet)
        self.marks: dict[int, str] = {}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(180, 130)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(360, 260)

    def set_stops(self, stops: Sequence[MapStop] | None) -> None:
        self.stops = None if stops is None else list(stops)
        self.update()

    def set_marks(self, marks: dict[int, str]) -> None:
        self.marks = dict(marks)
        self.update()

    def _note_height(self) -> int:
        return self.fontMetrics().height() + 4

    def route_map(self) -> RouteMap:
        """The layout for the widget's size now (what ``paintEvent`` draws; tests read it)."""
        room = self.marker * 1.4  # the highlighted marker and a done stop's tick stay inside the frame
        probe = layout(self.stops or [], self.width(), self.height(), marker=room, strip=self.strip)
        if probe.off_map and probe.drawn:
            return layout(self.stops or [], self.width(), self.height() - self._note_height(), marker=room,
                          strip=self.strip)
        return probe

    def top(self) -> int:
        """Where the layout's y = 0 is drawn: below the note line of stops that are not on the map."""
        m = self.route_map()
        return self._note_height() if m.drawn and m.off_map else 0

    def paintEvent(self, _event) -> None:  # noqa: N802
        m = self.route_map()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = INK
        painter.fillRect(self.rect(), PAPER)
        painter.setPen(QPen(FRAME, 1))
        painter.drawRect(QRectF(0.5, 0.5, self.width() - 1, self.height() - 1))
        metrics = painter.fontMetrics()
        if self.stops is None:
            painter.end()
            return
        if not m.drawn:
            painter.setPen(QColor("#444444"))
            painter.drawText(QRectF(8, 8, self.width() - 16, self.height() - 16),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, m.message)
            painter.end()
            return
        if m.off_map:
            painter.setPen(text)
            line = metrics.elidedText(m.off_map_text(), Qt.TextElideMode.ElideRight, self.width() - 12)
            painter.drawText(QRectF(6, 2, self.width() - 12, self._note_height()), Qt.AlignmentFlag.AlignVCenter, line)
            painter.translate(0, self._note_height())
        self._legs(painter, m)
        self._stops(painter, m)
        self._scale(painter, m, text)
        painter.end()

    def _reached(self) -> int | None:
        """The highest stop position done or current: legs up to it are walked (None: not a walk)."""
        walk = [k for k, v in self.marks.items() if v in ("current", "done")]
        return max(walk) if walk else None

    def _legs(self, painter: QPainter, m: RouteMap) -> None:
        reached = self._reached()
        for leg in m.legs:
            walked = reached is None or leg.end.position <= reached
            pen = QPen(ROUTE if walked else AHEAD, 3 if walked else 2.5)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            if leg.skips:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(leg.start.x, leg.start.y), QPointF(leg.end.x, leg.end.y))

    def _stops(self, painter: QPainter, m: RouteMap) -> None:
        font = QFont(self.font())
        font.setBold(True)
        font.setPixelSize(max(9, int(self.marker * 1.1)))
        painter.setFont(font)
        if self.names:
            self._names(painter, m)
            painter.setFont(font)
        for p in sorted(m.points, key=lambda p: self.marks.get(p.position) in ("current", "selected")):  # on top
            mark = self.marks.get(p.position)
            r = self.marker * (1.35 if mark in ("current", "selected") else 1.0)
            fill = {"current": CURRENT, "selected": CURRENT, "done": DONE}.get(mark, QColor("white"))
            painter.setPen(QPen(fill.darker(130) if mark else ROUTE, 2))
            painter.setBrush(QBrush(fill))
            painter.drawEllipse(QPointF(p.x, p.y), r, r)
            painter.setPen(QColor("white") if mark else QColor("black"))
            painter.drawText(QRectF(p.x - r, p.y - r, 2 * r, 2 * r), Qt.AlignmentFlag.AlignCenter, str(p.position))
            if mark == "done":
                self._tick(painter, p.x + r * 0.75, p.y - r * 0.75, r * 0.55)
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def _names(self, painter: QPainter, m: RouteMap) -> None:
        """Each stop's name beside its marker, on the side with room (the editor is wide enough)."""
        font = QFont(self.font())
        font.setPixelSize(12)
        painter.setFont(font)
        metrics = painter.fontMetrics()
        painter.setPen(INK)
        gap = self.marker * 1.35 + 5
        for p in m.points:
            width = metrics.horizontalAdvance(p.name)
            right = p.x + gap + width < self.width() - 4
            x = p.x + gap if right else p.x - gap - width
            painter.drawText(QRectF(x, p.y - 9, width + 2, 18), Qt.AlignmentFlag.AlignVCenter, p.name)

    @staticmethod
    def _tick(painter: QPainter, x: float, y: float, r: float) -> None:
        """A small ✓ badge at a done stop's shoulder (drawn, not a glyph: every font has it)."""
        painter.setPen(QPen(DONE.darker(130), 1.2))
        painter.setBrush(QBrush(QColor("white")))
        painter.drawEllipse(QPointF(x, y), r, r)
        path = QPainterPath(QPointF(x - r * 0.5, y))
        path.lineTo(x - r * 0.1, y + r * 0.45)
        path.lineTo(x + r * 0.55, y - r * 0.45)
        painter.setPen(QPen(DONE, max(1.5, r * 0.35)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)

    def _scale(self, painter: QPainter, m: RouteMap, text: QColor) -> None:
        font = QFont(self.font())
        font.setPixelSize(11)
        painter.setFont(font)
        s, n = m.scale, m.north
        painter.setPen(QPen(text, 1.5))
        painter.drawPolyline([QPointF(s.x, s.y - 5), QPointF(s.x, s.y), QPointF(s.x + s.length, s.y),
                              QPointF(s.x + s.length, s.y - 5)])
        painter.drawText(QPointF(s.x + s.length + 5, s.y + 4), s.label)
        half = n.size * 0.32
        arrow = QPainterPath(QPointF(n.x, n.y))
        arrow.lineTo(n.x + half, n.y + n.size)
        arrow.lineTo(n.x, n.y + n.size * 0.72)
        arrow.lineTo(n.x - half, n.y + n.size)
        arrow.closeSubpath()
        painter.setBrush(QBrush(text))
        painter.drawPath(arrow)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(QRectF(n.x - half - 16, n.y, 14, n.size * 0.8), Qt.AlignmentFlag.AlignRight
                         | Qt.AlignmentFlag.AlignVCenter, "N")
