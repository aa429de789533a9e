"""Widgets that give way on a 1366×768 laptop instead of pushing the window off the screen.

Qt's defaults size a window to the sum of its widgets' natural widths: a combo box as wide as its
longest item, a label as wide as its text, a header cut where the column ends ("l Present").
These helpers let a page shrink and still be read: header labels wrap at spaces (a column can be
as narrow as its longest word), columns fit their contents with one column taking the rest, long
single-line texts are elided with the whole text in the tooltip. See docs/dev/window_fit.md.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QStyle,
    QStyleOptionHeader,
    QWidget,
)

WRAP = Qt.TextFlag.TextWordWrap
BIG = 10_000


class WrapHeader(QHeaderView):
    """A horizontal header whose labels wrap at spaces rather than being cut or elided.

    A column fitted to its contents needs only its longest word; the header grows to the lines
    its labels need at the widths they have (QHeaderView alone never grows for wrapped text).
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | WRAP)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)  # eliding would undo the wrap
        self.setSectionsClickable(True)
        self.setHighlightSections(True)
        self.sectionResized.connect(self._relayout)

    def _text(self, section: int) -> str:
        model = self.model()
        value = model.headerData(section, self.orientation(), Qt.ItemDataRole.DisplayRole) if model else None
        return "" if value is None else str(value)

    def _padding(self, section: int) -> QSize:
        """What the style adds around a label: margins, and the sort arrow where there is one."""
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        option.section = section
        if self.isSortIndicatorShown() and self.sortIndicatorSection() == section:
            option.sortIndicator = QStyleOptionHeader.SortIndicator.SortDown
        option.text = ""
        empty = self.style().sizeFromContents(QStyle.ContentsType.CT_HeaderSection, option, QSize(), self)
        return QSize(empty.width(), max(0, empty.height() - self.fontMetrics().height()))

    def _lines_height(self, text: str, width: int) -> int:
        return self.fontMetrics().boundingRect(QRect(0, 0, max(1, width), BIG), int(WRAP), text).height()

    def longest_word(self, section: int) -> int:
        metrics = self.fontMetrics()
        return max([0, *(metrics.horizontalAdvance(word) for word in self._text(section).split())])

    def sectionSizeFromContents(self, section: int) -> QSize:  # noqa: N802 - Qt's name
        text, pad = self._text(section), self._padding(section)
        width = self.longest_word(section)
        return QSize(pad.width() + width + 2, pad.height() + self._lines_height(text, width))

    def sizeHint(self) -> QSize:  # noqa: N802
        base = super().sizeHint()
        height = base.height()
        for section in range(self.count()):
            if self.isSectionHidden(section):
                continue
            text, pad = self._text(section), self._padding(section)
            room = max(self.sectionSize(section) - pad.width(), self.longest_word(section))
            height = max(height, pad.height() + self._lines_height(text, room))
        return QSize(base.width(), height)

    def _relayout(self, *_args) -> None:
        view = self.parent()
        if isinstance(view, QAbstractItemView) and self.sizeHint().height() != self.height():
            self.updateGeometry()
            view.updateGeometries()


def fit_columns(view: QAbstractItemView, *, stretch: int | None = None, interactive: tuple[int, ...] = (),
                cap: int = 320) -> WrapHeader:
    """Columns as wide as their contents (at most ``cap`` px: longer cells are elided, the text in
    the tooltip), ``stretch`` taking the spare width, ``interactive`` ones left to the user.

    Call it after the model is set and before sorting is enabled (the header is replaced)."""
    header = WrapHeader(view)
    view.setHorizontalHeader(header)
    header.setMaximumSectionSize(cap)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    for column in interactive:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setStretchLastSection(False)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    return header


class ElidedLabel(QLabel):
    """A one-line label that may be narrower than its text: it elides and shows the whole text
    as its tooltip (the status bar, a survey's title in a toolbar row)."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, mode=Qt.TextElideMode.ElideRight):
        super().__init__(parent)
        self._full = ""
        self._mode = mode
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(40)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        self._full = text or ""
        self._show()
        self.updateGeometry()

    def text(self) -> str:
        return self._full

    def shown_text(self) -> str:
        return super().text()

    def sizeHint(self) -> QSize:  # noqa: N802
        metrics = self.fontMetrics()
        margins = self.contentsMargins()
        return QSize(metrics.horizontalAdvance(self._full) + margins.left() + margins.right() + 2,
                     super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(40, super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._show()

    def _show(self) -> None:
        room = self.contentsRect().width() - 2
        shown = QFontMetrics(self.font()).elidedText(self._full, self._mode, max(room, 0))
        QLabel.setText(self, shown)
        self.setToolTip(self._full if shown != self._full else "")


def compact_combo(combo: QComboBox, chars: int = 12) -> QComboBox:
    """A combo box about ``chars`` characters wide whatever its longest item; the list that drops
    down stays as wide as its items, and the current text is its tooltip."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    combo.view().setTextElideMode(Qt.TextElideMode.ElideNone)
    combo.currentTextChanged.connect(combo.setToolTip)
    model = combo.model()

    def widen(*_args) -> None:
        view = combo.view()
        width = view.sizeHintForColumn(0) if model.rowCount() else 0
        view.setMinimumWidth(width + view.verticalScrollBar().sizeHint().width() + 8)

    model.rowsInserted.connect(widen)
    model.modelReset.connect(widen)
    widen()
    return combo
