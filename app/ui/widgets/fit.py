"""Widgets that give way on a 1366×768 laptop instead of pushing the window off the screen.

Qt's defaults size a window to the sum of its widgets' natural widths: a combo box as wide as its
longest item, a label as wide as its text, a header cut where the column ends ("l Present").
These helpers let a page shrink and still be read: header labels wrap at spaces (a column can be
as narrow as its longest word), columns fit their contents with one column taking the rest, long
single-line texts are elided with the whole text in the tooltip. See docs/dev/window_fit.md.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyleOptionHeader,
    QToolTip,
    QWidget,
)

BIG = 10_000


class WrapHeader(QHeaderView):
    """A horizontal header whose labels wrap at spaces rather than being cut or elided.

    A column fitted to its contents needs only its longest word ("1" over "Present"); the header
    grows to the lines its labels need at the widths they have (QHeaderView alone never grows
    for wrapped text). Lines break at spaces only, so 「1 出席」 becomes 1 / 出席, never 1 出 / 席.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)  # eliding would undo the wrap
        self.setSectionsClickable(True)
        self.setHighlightSections(True)
        self.sectionResized.connect(self._relayout)
        self._refit_timer = QTimer(self)  # the header's own: it goes when the header goes
        self._refit_timer.setSingleShot(True)
        self._refit_timer.setInterval(0)
        self._refit_timer.timeout.connect(self._refit)
        self.stretching: set[int] = set()  # sections meant to take the spare width (fit_columns)

    def _text(self, section: int) -> str:
        model = self.model()
        value = model.headerData(section, self.orientation(), Qt.ItemDataRole.DisplayRole) if model else None
        return "" if value is None else str(value)

    def _padding(self, section: int) -> QSize:
        """What the style takes around a label when it paints it (margins, the sort arrow)."""
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        option.section = section
        option.rect = QRect(0, 0, BIG, BIG)
        label = self.style().subElementRect(QStyle.SubElement.SE_HeaderLabel, option, self)
        width, height = BIG - label.width(), BIG - label.height()
        if self.isSortIndicatorShown() and self.sortIndicatorSection() == section:
            option.sortIndicator = QStyleOptionHeader.SortIndicator.SortDown
            width += self.style().subElementRect(QStyle.SubElement.SE_HeaderArrow, option, self).width()
        return QSize(width + 2, height)  # 2 px: rounding of fractional advances

    def longest_word(self, section: int) -> int:
        metrics = self.fontMetrics()
        return max([0, *(metrics.horizontalAdvance(word) for word in self._text(section).split())])

    def lines(self, section: int, width: int) -> list[str]:
        """The label broken at spaces into lines no wider than ``width`` where words allow."""
        metrics = self.fontMetrics()
        lines: list[str] = []
        for paragraph in self._text(section).splitlines() or [""]:
            line = ""
            for word in paragraph.split():
                candidate = f"{line} {word}" if line else word
                if line and metrics.horizontalAdvance(candidate) > width:
                    lines.append(line)
                    line = word
                else:
                    line = candidate
            lines.append(line)
        return lines

    def _room(self, section: int) -> int:
        return max(self.sectionSize(section) - self._padding(section).width(), self.longest_word(section))

    def sectionSizeFromContents(self, section: int) -> QSize:  # noqa: N802 - Qt's name
        pad, width = self._padding(section), self.longest_word(section)
        return QSize(pad.width() + width, pad.height() + len(self.lines(section, width)) * self.fontMetrics().height())

    def sizeHint(self) -> QSize:  # noqa: N802
        base = super().sizeHint()
        height = base.height()
        for section in range(self.count()):
            if not self.isSectionHidden(section):
                lines = len(self.lines(section, self._room(section)))
                height = max(height, self._padding(section).height() + lines * self.fontMetrics().height())
        return QSize(base.width(), height)

    def initStyleOptionForIndex(self, option: QStyleOptionHeader, section: int) -> None:  # noqa: N802
        super().initStyleOptionForIndex(option, section)
        option.text = "\n".join(self.lines(section, self._room(section)))

    def _relayout(self, *_args) -> None:
        view = self.parent()
        if isinstance(view, QAbstractItemView) and self.sizeHint().height() != self.height():
            self.updateGeometry()
            view.updateGeometries()
        self._schedule_refit()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._schedule_refit()

    def _schedule_refit(self) -> None:
        # A view's resizeColumnsToContents() sizes the stretching column too, leaving a gap or a
        # scroll bar; once the event loop is back, the modes decide again.
        if self.stretching and not self._refit_timer.isActive():
            self._refit_timer.start()

    def _refit(self) -> None:
        """The stretching column takes the spare width, but never less than its label's longest
        word: then it keeps that width and the view scrolls sideways rather than cut the label."""
        view = self.parent()
        room = view.viewport().width() if isinstance(view, QAbstractItemView) else self.width()
        for section in sorted(self.stretching):
            if section >= self.count() or self.isSectionHidden(section):
                continue
            need = self.sectionSizeFromContents(section).width()
            others = self.length() - self.sectionSize(section)
            stretching = self.sectionResizeMode(section) == QHeaderView.ResizeMode.Stretch
            if others + need > room and stretching:
                self.setSectionResizeMode(section, QHeaderView.ResizeMode.Interactive)
                self.resizeSection(section, need)
            elif others + need <= room and not stretching:
                self.setSectionResizeMode(section, QHeaderView.ResizeMode.Stretch)
        self.resizeSections()


class ElidedCellTips(QObject):
    """Shows a cell's whole text as its tooltip when the column is too narrow for it (Qt elides
    the cell and says nothing). A tooltip the model gives itself wins."""

    def __init__(self, view: QAbstractItemView):
        super().__init__(view)
        self.view = view
        view.viewport().installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.ToolTip:
            return False
        index = self.view.indexAt(event.pos())
        if not index.isValid() or index.data(Qt.ItemDataRole.ToolTipRole):
            return False
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if text is None:
            return False
        rect = self.view.visualRect(index)
        if self.view.sizeHintForIndex(index).width() <= rect.width():
            QToolTip.hideText()
            return True
        QToolTip.showText(event.globalPos(), str(text), self.view, rect)
        return True


def wrap_header(view: QAbstractItemView) -> WrapHeader:
    """Give ``view`` a WrapHeader (keeping its resize modes' default) and tooltips on cut cells.
    Call it after the model is set and before sorting is enabled (the header is replaced)."""
    old = view.horizontalHeader()
    header = WrapHeader(view)
    header.setStretchLastSection(old.stretchLastSection())
    header.setSortIndicatorShown(old.isSortIndicatorShown())
    header.setVisible(not old.isHidden())
    view.setHorizontalHeader(header)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    ElidedCellTips(view)
    return header


def fit_columns(view: QAbstractItemView, *, stretch: int | None = None, interactive: tuple[int, ...] = (),
                cap: int = 320) -> WrapHeader:
    """Columns as wide as their contents (at most ``cap`` px: longer cells are elided, the text in
    the tooltip), ``stretch`` taking the spare width, ``interactive`` ones left to the user.

    Call it after the model is set and before sorting is enabled (the header is replaced)."""
    header = wrap_header(view)
    header.setMaximumSectionSize(cap)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    for column in interactive:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setStretchLastSection(False)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        header.stretching.add(stretch)
    return header


class ElidedLabel(QLabel):
    """A one-line label that may be narrower than its text: it elides and shows the whole text
    as its tooltip (the status bar, a survey's title in a toolbar row)."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, mode=Qt.TextElideMode.ElideRight):
        super().__init__(parent)
        self._full = ""
        self._details = ""
        self._mode = mode
        # Preferred: as wide as the text when there is room, down to minimumSizeHint when not.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def setToolTip(self, text: str) -> None:  # noqa: N802 - Qt's name
        """A tooltip of the caller's own (details) is kept, after the whole text when elided."""
        self._details = text or ""
        self._show()

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
        return QSize(metrics.horizontalAdvance(self._full) + margins.left() + margins.right() + 4,
                     super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(40, super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._show()

    def _show(self) -> None:
        room = self.contentsRect().width()
        shown = QFontMetrics(self.font()).elidedText(self._full, self._mode, max(room, 0))
        QLabel.setText(self, shown)
        tip = [self._full] if shown != self._full else []
        QLabel.setToolTip(self, "\n".join(tip + ([self._details] if self._details else [])))


class VerticalScrollArea(QScrollArea):
    """Scrolls up and down only, and is never narrower than its contents need (with room for the
    vertical scroll bar): a splitter cannot squeeze it until its right side is cut off."""

    def __init__(self, contents: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(contents)
        contents.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if obj is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # the contents' minimum changed (a date shown, a problem)
        return False

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        base = super().minimumSizeHint()
        inner = self.widget().minimumSizeHint().width() if self.widget() is not None else 0
        return QSize(max(base.width(), inner + self.verticalScrollBar().sizeHint().width()), base.height())


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
