"""The 協議会出席 tab: councils by district | the council's meetings for a fiscal year | the roster.

Layout only. Made for a laptop on a community-hall table: big quick-entry box, one click or one
key (1 出席, 2 遅刻, 3 欠席, 4 公欠) per person, a clear confirmation after every mark.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.ui.attendance.models import STATUSES, CouncilFilter, CouncilTreeModel, MeetingsModel, RosterModel
from app.ui.attendance.participation_page import ParticipationView
from app.ui.widgets.fit import fit_columns


class RosterTable(QTableView):
    """Keys 1–4 mark the current person and move to the next; 0 clears; a click on a status marks."""

    mark_requested = Signal(int, object)  # row, status or None

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        keys = {Qt.Key.Key_1: 0, Qt.Key.Key_2: 1, Qt.Key.Key_3: 2, Qt.Key.Key_4: 3}
        row = self.currentIndex().row()
        if event.key() in keys and row >= 0 and event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier):
            self.mark_requested.emit(row, STATUSES[keys[event.key()]])
            if row + 1 < self.model().rowCount():
                self.setCurrentIndex(self.model().index(row + 1, 1))
            return
        if event.key() == Qt.Key.Key_0 and row >= 0:
            self.mark_requested.emit(row, None)
            return
        super().keyPressEvent(event)


class AttendanceView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.pages = QTabWidget(self)
        self.pages.setObjectName("attendance_pages")
        marking = QWidget(self)
        splitter = QSplitter(Qt.Orientation.Horizontal, marking)
        splitter.addWidget(self._councils_panel())
        splitter.addWidget(self._meetings_panel())
        splitter.addWidget(self._roster_panel())
        splitter.setSizes([215, 430, 705])  # at 1366 px: council names, meeting titles, roster columns
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 2)
        splitter.setChildrenCollapsible(False)
        box = QVBoxLayout(marking)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(splitter)
        self.pages.addTab(marking, _("Meetings and marks"))
        self.participation = ParticipationView(self)
        self.pages.addTab(self.participation, _("Participation"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.pages)
        self.undo_shortcut = QShortcut(QKeySequence.StandardKey.Undo, self)
        self.undo_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # -- left: councils ----------------------------------------------------------------------
    def _councils_panel(self) -> QWidget:
        panel = QWidget(self)
        self.council_search = QLineEdit(panel)
        self.council_search.setObjectName("council_search")
        self.council_search.setPlaceholderText(_("Search councils"))
        self.council_search.setClearButtonEnabled(True)
        self.council_model = CouncilTreeModel(panel)
        self.council_proxy = CouncilFilter(panel)
        self.council_proxy.setSourceModel(self.council_model)
        self.council_tree = QTreeView(panel)
        self.council_tree.setObjectName("council_tree")
        self.council_tree.setModel(self.council_proxy)
        self.council_tree.setHeaderHidden(True)
        self.council_tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.council_search.textChanged.connect(self._filter_councils)
        self.new_council_button = QPushButton(_("New council…"), panel)
        self.edit_council_button = QPushButton(_("Edit…"), panel)
        self.delete_council_button = QPushButton(_("Delete"), panel)
        buttons = QHBoxLayout()  # two rows: the panel stays narrow, the roster gets the width
        buttons.addWidget(self.edit_council_button)
        buttons.addWidget(self.delete_council_button)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.council_search)
        layout.addWidget(self.council_tree, 1)
        layout.addWidget(self.new_council_button)
        layout.addLayout(buttons)
        return panel

    def _filter_councils(self, text: str) -> None:
        self.council_proxy.set_query(text)
        self.council_tree.expandAll()

    def selected_council(self):
        index = self.council_tree.currentIndex()
        return self.council_model.council_at(self.council_proxy.mapToSource(index)) if index.isValid() else None

    def select_council(self, council_id: str) -> bool:
        index = self.council_proxy.mapFromSource(self.council_model.index_of(council_id))
        if index.isValid():
            self.council_tree.setCurrentIndex(index)
        return index.isValid()

    # -- middle: meetings --------------------------------------------------------------------
    def _meetings_panel(self) -> QWidget:
        panel = QWidget(self)
        self.fiscal_year = QComboBox(panel)
        self.fiscal_year.setObjectName("fiscal_year")
        self.council_title = QLabel(panel)
        self.council_title.setWordWrap(True)
        bold = QFont(self.council_title.font())
        bold.setBold(True)
        self.council_title.setFont(bold)
        self.meetings_model = MeetingsModel(panel)
        self.meetings_table = QTableView(panel)
        self.meetings_table.setObjectName("meetings_table")
        self.meetings_table.setModel(self.meetings_model)
        self.meetings_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.meetings_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.meetings_table.verticalHeader().setVisible(False)
        self.meetings_table.setWordWrap(False)
        fit_columns(self.meetings_table, stretch=2)  # the title takes the spare width
        for column in (3, 4):  # time and place: in the heading above the roster, not in the narrow list
            self.meetings_table.setColumnHidden(column, True)
        self.new_meeting_button = QPushButton(_("New meeting…"), panel)
        self.edit_meeting_button = QPushButton(_("Edit…"), panel)
        self.delete_meeting_button = QPushButton(_("Delete"), panel)
        self.signin_button = QPushButton(_("Sign-in sheet (PDF)"), panel)
        self.record_button = QPushButton(_("Meeting record (PDF)"), panel)
        row1 = QHBoxLayout()
        for button in (self.new_meeting_button, self.edit_meeting_button, self.delete_meeting_button):
            row1.addWidget(button)
        row2 = QHBoxLayout()
        row2.addWidget(self.signin_button)
        row2.addWidget(self.record_button)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Fiscal year"), panel))
        top.addWidget(self.fiscal_year, 1)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.council_title)
        layout.addWidget(self.meetings_table, 1)
        layout.addLayout(row1)
        layout.addLayout(row2)
        return panel

    def selected_meeting(self):
        rows = self.meetings_table.selectionModel().selectedRows()
        return self.meetings_model.row_at(rows[0].row()) if rows else None

    def select_meeting(self, meeting_id: str) -> bool:
        for row, meeting in enumerate(self.meetings_model.rows()):
            if meeting.id == meeting_id:
                while row >= self.meetings_model.rowCount() and self.meetings_model.canFetchMore(QModelIndex()):
                    self.meetings_model.fetchMore(QModelIndex())
                self.meetings_table.selectRow(row)
                return True
        return False

    # -- right: roster -----------------------------------------------------------------------
    def _roster_panel(self) -> QWidget:
        panel = QWidget(self)
        self.meeting_title = QLabel(_("Choose a meeting"), panel)
        self.meeting_title.setObjectName("meeting_title")
        self.meeting_title.setWordWrap(True)
        title_font = QFont(self.meeting_title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.2)
        title_font.setBold(True)
        self.meeting_title.setFont(title_font)
        self.counts = QLabel(panel)
        self.counts.setObjectName("roster_counts")
        counts_font = QFont(self.counts.font())
        counts_font.setPointSizeF(counts_font.pointSizeF() * 1.4)
        self.counts.setFont(counts_font)
        self.quick_entry = QLineEdit(panel)
        self.quick_entry.setObjectName("quick_entry")
        self.quick_entry.setPlaceholderText(_("Staff number or ID card scan, then Enter → present"))
        self.quick_entry.setMinimumHeight(40)
        entry_font = QFont(self.quick_entry.font())
        entry_font.setPointSizeF(entry_font.pointSizeF() * 1.4)
        self.quick_entry.setFont(entry_font)
        self.confirmation = QLabel(panel)
        self.confirmation.setObjectName("confirmation")
        self.confirmation.setMinimumHeight(32)
        self.confirmation.setFont(counts_font)
        self.roster_model = RosterModel(panel)
        self.roster_table = RosterTable(panel)
        self.roster_table.setObjectName("roster_table")
        self.roster_table.setModel(self.roster_model)
        self.roster_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.roster_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.roster_table.verticalHeader().setVisible(False)
        self.roster_table.setWordWrap(False)
        self.roster_table.verticalHeader().setDefaultSectionSize(34)
        self.roster_table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                          | QAbstractItemView.EditTrigger.EditKeyPressed)
        # Status headers wrap ("1" over "Present"): the four columns stay narrow in English too.
        fit_columns(self.roster_table, stretch=RosterModel.NOTE, cap=100)  # a long department: elided, tooltip
        self.add_person_button = QPushButton(_("Add a person…"), panel)
        self.undo_button = QPushButton(_("Undo (Ctrl+Z)"), panel)
        self.undo_button.setEnabled(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.add_person_button)
        bottom.addStretch(1)
        bottom.addWidget(self.undo_button)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.meeting_title)
        layout.addWidget(self.counts)
        layout.addWidget(self.quick_entry)
        layout.addWidget(self.confirmation)
        layout.addWidget(self.roster_table, 1)
        layout.addLayout(bottom)
        self.set_meeting_enabled(False)
        return panel

    def set_meeting_enabled(self, enabled: bool) -> None:
        for widget in (self.quick_entry, self.roster_table, self.add_person_button, self.edit_meeting_button,
                       self.delete_meeting_button, self.signin_button, self.record_button):
            widget.setEnabled(enabled)

    def show_confirmation(self, text: str, ok: bool) -> None:
        color = "#1b7f3b" if ok else "#b00020"
        self.confirmation.setStyleSheet(f"color: {color}; font-weight: bold")
        self.confirmation.setText(text)
