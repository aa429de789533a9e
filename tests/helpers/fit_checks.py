"""Checks that a window reads on a 1366×768 laptop: it fits the screen less a taskbar, and no header,
label or button shows less than its text. Written against Qt's own measures (font metrics, the
style's label rectangles), not against the app's fitting helpers, so they judge those helpers."""

from __future__ import annotations

import re

from PySide6.QtCore import QMargins, QRect, Qt
from PySide6.QtGui import Qt as QtGui_Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QStyle,
    QStyleOptionHeader,
    QWidget,
)

SCREEN = QRect(0, 0, 1366, 768)
TASKBAR = 48
FREE = QRect(0, 0, 1366, 768 - TASKBAR)  # what a Windows laptop leaves a window: 1366×720
WINDOWS_FRAME = QMargins(8, 31, 8, 8)  # Windows 10 at 100 %: title bar and (partly invisible) borders


def frame(w: QWidget) -> QRect:
    """The window with the frame Windows would draw around it (offscreen Qt draws none)."""
    return w.geometry().marginsAdded(WINDOWS_FRAME)


def fits(w: QWidget) -> list[str]:
    """The window, its frame included, within the free area, and its minimum too."""
    problems = []
    if frame(w).width() > FREE.width() or frame(w).height() > FREE.height():
        problems.append(f"{type(w).__name__} {w.windowTitle()!r}: frame {frame(w).size().toTuple()} "
                        f"larger than {FREE.size().toTuple()}")
    least = w.minimumSizeHint().expandedTo(w.minimumSize())
    if least.width() + 16 > FREE.width() or least.height() + 39 > FREE.height():
        problems.append(f"{type(w).__name__} {w.windowTitle()!r}: minimum {least.toTuple()} with its frame "
                        f"larger than {FREE.size().toTuple()}")
    return problems


def header_problems(header: QHeaderView, where: str = "") -> list[str]:
    """Each shown section's label as painted: the whole text (not elided), every line within the
    style's label rectangle."""
    problems = []
    model = header.model()
    if model is None:
        return problems
    metrics = header.fontMetrics()
    for section in range(header.count()):
        if header.isSectionHidden(section) or header.sectionSize(section) <= 0:
            continue
        full = model.headerData(section, header.orientation(), Qt.ItemDataRole.DisplayRole)
        if not full:
            continue
        option = QStyleOptionHeader()
        header.initStyleOption(option)
        option.rect = QRect(0, 0, header.sectionSize(section), header.height())
        header.initStyleOptionForIndex(option, section)
        option.rect = QRect(0, 0, header.sectionSize(section), header.height())
        label = header.style().subElementRect(QStyle.SubElement.SE_HeaderLabel, option, header)
        if header.isSortIndicatorShown() and header.sortIndicatorSection() == section:
            label.setRight(label.right() - header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize))
        lines = option.text.splitlines() or [""]
        name = f"{where} {header.parent().objectName()!r} column {section} {str(full)!r}"
        if " ".join(option.text.split()) != " ".join(str(full).split()):
            problems.append(f"{name}: shown as {option.text!r}")
        widest = max(metrics.horizontalAdvance(line) for line in lines)
        if widest > label.width():
            problems.append(f"{name}: {widest} px of text in {label.width()} px")
        if len(lines) * metrics.height() > label.height():
            problems.append(f"{name}: {len(lines)} lines in {label.height()} px")
        view = header.parent()
        right = header.sectionViewportPosition(section) + header.offset() + header.sectionSize(section)
        if header.orientation() == Qt.Orientation.Horizontal and right > view.viewport().width() + 1:
            problems.append(f"{name}: beyond the view's right edge ({right} px of {view.viewport().width()})")
    return problems


def headers_of(top: QWidget, where: str = "") -> list[str]:
    problems = []
    for view in top.findChildren(QAbstractItemView):
        header = view.horizontalHeader() if hasattr(view, "horizontalHeader") else getattr(view, "header", None)
        header = header() if callable(header) else header
        if view.isVisible() and header is not None and header.isVisible():
            problems += header_problems(header, where)
    return problems


def cut_texts(top: QWidget, where: str = "") -> list[str]:
    """Shown labels and buttons narrower than their text (Qt clips them without a sign)."""
    problems = []
    for w in top.findChildren(QWidget):
        if not w.isVisible() or w.width() <= 0:
            continue
        if isinstance(w, QLabel) and w.text() and not w.wordWrap() and w.pixmap().isNull():
            shown = getattr(w, "shown_text", w.text)()  # an eliding label shows what fits, tooltip whole
            if w.buddy() is not None:  # "&T" is shown as an underlined T
                shown = re.sub("&(.)", r"\1", shown)
            if w.textFormat() == Qt.TextFormat.RichText or QtGui_Qt.mightBeRichText(shown):
                doc = QTextDocument()
                doc.setDefaultFont(w.font())
                doc.setHtml(shown)
                need = doc.idealWidth() - 2 * doc.documentMargin()
            else:
                need = max(w.fontMetrics().horizontalAdvance(line) for line in shown.splitlines() or [""])
            if need > w.contentsRect().width() + 1:
                problems.append(f"{where} label {w.objectName()!r} {w.text()[:40]!r}: {need:.0f} px in {w.contentsRect().width()}")
        elif isinstance(w, (QPushButton, QCheckBox)) and w.text():
            if w.sizeHint().width() > w.width() + 1:
                problems.append(f"{where} {type(w).__name__} {w.text()!r}: {w.sizeHint().width()} px in {w.width()}")
    return problems


def cut_scroll_areas(top: QWidget, where: str = "") -> list[str]:
    """A scroll area without a horizontal scroll bar whose contents are wider than it: cut."""
    problems = []
    for area in top.findChildren(QScrollArea):
        inner = area.widget()
        if (area.isVisible() and inner is not None
                and area.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
                and inner.width() > area.viewport().width() + 1):
            problems.append(f"{where} scroll area {area.objectName()!r}: contents {inner.width()} px wide "
                            f"in {area.viewport().width()} px, no scroll bar")
    return problems


def readable(top: QWidget, where: str = "") -> list[str]:
    return headers_of(top, where) + cut_texts(top, where) + cut_scroll_areas(top, where)
