"""Field mode, made for standing outdoors: one stop at a time in large text, ✓ / ✗ / 該当なし as
big buttons (≥ 44 px, one thumb), next/previous at the bottom, arrival stamp, notes and photos.
Fits 1280×800. Layout only: ``FieldController`` fills it and saves every change as it is made."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.ui.townwalk.common import TOUCH
from app.ui.townwalk.field_map import SidePanel

BIG = 18
RESULT_STYLE = {
    "ok": "QPushButton:checked { background: #1b7f3b; color: white; }",
    "ng": "QPushButton:checked { background: #b00020; color: white; }",
    "na": "QPushButton:checked { background: #555555; color: white; }",
}


def _font(widget: QWidget, size: int, bold: bool = False) -> None:
    font = QFont(widget.font())
    font.setPointSize(size)
    font.setBold(bold)
    widget.setFont(font)


def big_button(text: str, parent: QWidget, name: str, height: int = TOUCH + 12) -> QPushButton:
    b = QPushButton(text, parent)
    b.setObjectName(name)
    b.setMinimumHeight(height)
    b.setMinimumWidth(height)
    _font(b, 15, True)
    return b


class ItemRowWidget(QFrame):
    """One checklist item: its text, three result buttons and a one-line note."""

    result_clicked = Signal(str, str)  # item id, result
    note_edited = Signal(str, str)  # item id, note

    def __init__(self, item, parent: QWidget | None = None):
        super().__init__(parent)
        self.item_id = item.id
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.text = QLabel(item.text + ("　＊" if item.required else ""), self)
        self.text.setWordWrap(True)
        _font(self.text, 15)
        self.category = QLabel(item.category, self)
        self.category.setStyleSheet("color: #555")
        self.buttons: dict[str, QPushButton] = {}
        group = QButtonGroup(self)
        group.setExclusive(False)
        row = QHBoxLayout()
        for result, label in (("ok", "✓"), ("ng", "✗"), ("na", _("N/A"))):
            b = big_button(label, self, f"result_{result}", TOUCH + 8)
            b.setCheckable(True)
            b.setMinimumWidth(72 if result != "na" else 110)
            b.setStyleSheet(RESULT_STYLE[result])
            b.clicked.connect(lambda _c=False, r=result: self.result_clicked.emit(self.item_id, r))
            group.addButton(b)
            self.buttons[result] = b
            row.addWidget(b)
        self.note = QLineEdit(item.note, self)
        self.note.setObjectName("item_note")
        self.note.setPlaceholderText(_("Note (optional)"))
        self.note.setMinimumHeight(TOUCH)
        _font(self.note, 13)
        self.note.editingFinished.connect(lambda: self.note_edited.emit(self.item_id, self.note.text()))
        text_box = QVBoxLayout()
        text_box.addWidget(self.text)
        text_box.addWidget(self.category)
        top = QHBoxLayout()
        top.addLayout(text_box, 1)
        top.addLayout(row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(top)
        layout.addWidget(self.note)
        self.set_result(item.result)

    def set_result(self, result: str | None) -> None:
        for key, b in self.buttons.items():
            b.setChecked(key == result)


class FieldView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.leave_button = big_button(_("◀ Leave field mode"), self, "leave_field")
        self.walk_title = QLabel(self)
        self.walk_title.setObjectName("walk_title")
        _font(self.walk_title, 13)
        self.progress = QLabel(self)
        self.progress.setObjectName("field_progress")
        _font(self.progress, 15, True)
        self.map_button = big_button(_("Map"), self, "show_map")  # swaps notes/photos and the route map
        self.map_button.setCheckable(True)
        top = QHBoxLayout()
        top.addWidget(self.leave_button)
        top.addWidget(self.walk_title, 1)
        top.addWidget(self.progress)
        top.addWidget(self.map_button)

        self.stop_name = QLabel(self)
        self.stop_name.setObjectName("stop_name")
        self.stop_name.setWordWrap(True)
        _font(self.stop_name, 24, True)
        self.address = QLabel(self)
        _font(self.address, 13)
        self.arrival = QLabel(self)
        self.arrival.setObjectName("arrival")
        _font(self.arrival, 15)
        self.arrive_button = big_button(_("Arrived now"), self, "arrive")
        self.time_button = big_button("", self, "walk_time")
        head = QHBoxLayout()
        names = QVBoxLayout()
        names.addWidget(self.stop_name)
        names.addWidget(self.address)
        head.addLayout(names, 1)
        head.addWidget(self.arrival)
        head.addWidget(self.arrive_button)
        head.addWidget(self.time_button)

        self.guide = QLabel(self)  # what to point out and the route notes
        self.guide.setObjectName("guide")
        self.guide.setWordWrap(True)
        self.guide.setTextFormat(Qt.TextFormat.RichText)
        _font(self.guide, 14)
        self.items_box = QWidget(self)
        self.items_layout = QVBoxLayout(self.items_box)
        self.items_layout.setContentsMargins(0, 0, 0, 0)
        inner = QWidget(self)
        column = QVBoxLayout(inner)
        column.addWidget(self.guide)
        column.addWidget(self.items_box)
        column.addStretch(1)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(inner)

        side = QWidget(self)
        side.setMaximumWidth(400)
        notes_title = QLabel(_("Notes on the day"), side)
        _font(notes_title, 13, True)
        self.field_notes = QPlainTextEdit(side)
        self.field_notes.setObjectName("field_notes")
        self.field_notes.setPlaceholderText(_("Route notes: detours, hazards, what residents said…"))
        _font(self.field_notes, 13)
        self.photo_button = big_button(_("Add photo…"), side, "add_photo")
        self.photos = QWidget(side)
        self.photos_layout = QGridLayout(self.photos)
        self.photos_layout.setContentsMargins(0, 0, 0, 0)
        side_box = QVBoxLayout(side)
        side_box.setContentsMargins(0, 0, 0, 0)
        side_box.addWidget(notes_title)
        side_box.addWidget(self.field_notes, 1)
        side_box.addWidget(self.photo_button)
        side_box.addWidget(self.photos)
        self.side_panel = SidePanel(side, self)
        self.route_map = self.side_panel.map
        self.map_button.toggled.connect(self.side_panel.show_map)
        middle = QHBoxLayout()
        middle.addWidget(self.scroll, 1)
        middle.addWidget(self.side_panel)

        self.prev_button = big_button(_("◀ Previous"), self, "prev_stop", 64)
        self.next_button = big_button(_("Next ▶"), self, "next_stop", 64)
        for b in (self.prev_button, self.next_button):
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.status = QLabel(self)
        self.status.setObjectName("field_status")
        _font(self.status, 13)
        bottom = QHBoxLayout()
        bottom.addWidget(self.prev_button, 1)
        bottom.addWidget(self.status, 1, Qt.AlignmentFlag.AlignCenter)
        bottom.addWidget(self.next_button, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(head)
        layout.addLayout(middle, 1)
        layout.addLayout(bottom)
        self.item_rows: list[ItemRowWidget] = []

    def set_items(self, items) -> list[ItemRowWidget]:
        for row in self.item_rows:
            row.setParent(None)
            row.deleteLater()
        self.item_rows = [ItemRowWidget(item, self.items_box) for item in items]
        for row in self.item_rows:
            self.items_layout.addWidget(row)
        return self.item_rows

    def set_photos(self, pixmaps: list) -> None:
        """Thumbnails, three to a row, newest last; a photo whose file is not here shows its name."""
        while self.photos_layout.count():
            widget = self.photos_layout.takeAt(0).widget()
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        for n, (pixmap, name) in enumerate(pixmaps):
            label = QLabel(self.photos)
            label.setObjectName("photo_thumbnail")
            label.setToolTip(name)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            if pixmap is not None:
                label.setPixmap(pixmap)
            else:
                label.setText(name)
            self.photos_layout.addWidget(label, n // 3, n % 3)

    def photo_count(self) -> int:
        return self.photos_layout.count()
