"""The page an empty store shows: what FieldDesk is, and one button to load sample data."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from app.i18n import _


class WelcomePage(QWidget):
    load_demo_requested = Signal()
    import_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        title = QLabel(_("Welcome to FieldDesk"), self)
        title.setObjectName("welcome_title")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        text = QLabel(_("The local store is empty. Import your staff and councils from the File menu, "
                        "or load sample data to try FieldDesk out."), self)
        text.setWordWrap(True)
        self.demo_button = QPushButton(_("Load sample data"), self)
        self.demo_button.setObjectName("load_demo")
        self.demo_button.setMinimumHeight(44)
        self.demo_button.clicked.connect(self.load_demo_requested)
        self.import_button = QPushButton(_("Import a table…"), self)
        self.import_button.setMinimumHeight(44)
        self.import_button.clicked.connect(self.import_requested)
        title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        column = QWidget(self)  # a fixed-width column, so the wrapped text gets its full height
        column.setMaximumWidth(560)
        inner = QVBoxLayout(column)
        for widget in (title, text, self.demo_button, self.import_button):
            inner.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(column, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
