"""Wiring of the 協議会出席 tab: selections load data on the worker, marks are saved one by one,
and every write can be undone with Ctrl+Z (an undo is itself a new, synced change).

A result from the worker arrives after the user may have picked another meeting: it is applied
to the meeting and person it was made for (by id), never to a row number of what is shown now.
An undo of a mark changes that one row in place, so the roster keeps its order and scroll."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox

from app.context import AppContext
from app.domain.enums import AttendanceStatus
from app.domain.fiscal import current_fiscal_year
from app.domain.wareki import fiscal_year_label, format_date
from app.i18n import _
from app.services.attendance import marking as service
from app.services.staff import people
from app.ui.attendance.models import STATUSES, meeting_heading
from app.ui.attendance.undo import UndoStep, undone_text
from app.ui.attendance.view import AttendanceView
from app.ui.widgets.staff_picker import StaffPicker

UNDO_DEPTH = 50


class AttendanceController(QObject):
    changed = Signal()  # a write happened: other views (participation, staff list) reload
    roster_loaded = Signal()
    message = Signal(str)  # for the status bar (what an undo undid)

    def __init__(self, view: AttendanceView, ctx: AppContext, runner, clock: Callable[[], datetime] = datetime.now):
        super().__init__(view)
        self.view = view
        self.ctx = ctx
        self.runner = runner
        self.clock = clock
        self.undo_stack: list[UndoStep] = []
        self.roster: service.Roster | None = None
        self.last_dialog = None
        self._reopen: tuple[str, int, str] | None = None  # (council, fiscal year, meeting) to show again
        view.council_tree.selectionModel().currentChanged.connect(lambda *_a: self.load_meetings())
        view.fiscal_year.currentIndexChanged.connect(lambda *_a: self.load_meetings())
        view.meetings_table.selectionModel().selectionChanged.connect(lambda *_a: self.load_roster())
        view.roster_table.mark_requested.connect(self.mark_row)
        view.roster_table.clicked.connect(self._clicked)
        view.roster_model.note_edited.connect(self.save_note)
        view.quick_entry.returnPressed.connect(self.quick_entry)
        view.undo_button.clicked.connect(self.undo)
        view.undo_shortcut.activated.connect(self.undo)
        view.add_person_button.clicked.connect(self.pick_person)

    # -- loading -----------------------------------------------------------------------------
    def reload(self) -> None:
        store = self.ctx.store
        selected = self.view.selected_council()
        self.runner.submit(lambda: service.list_councils(store), lambda rows: self._show_councils(rows, selected))

    def reopen(self, council_id: str, fiscal_year: int, meeting_id: str) -> None:
        """Show the meeting open at the last close again, once its council and meetings are in
        (the next ``set_years`` and ``reload``); nothing happens when it is gone."""
        self._reopen = (council_id, fiscal_year, meeting_id)

    @property
    def reopening(self) -> bool:
        return self._reopen is not None

    def set_years(self, years: list[int]) -> None:
        combo = self.view.fiscal_year
        current = combo.currentData() or (self._reopen[1] if self._reopen else None) or current_fiscal_year()
        combo.blockSignals(True)
        combo.clear()
        for fy in sorted(set(years) | {current_fiscal_year()}, reverse=True):
            combo.addItem(fiscal_year_label(fy), fy)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.blockSignals(False)

    def _show_councils(self, rows: list[service.CouncilRow], selected) -> None:
        self.view.council_model.set_councils(rows)
        self.view.council_tree.expandAll()
        if selected is not None:
            self.view.select_council(selected.id)
        elif self._reopen is not None and not self.view.select_council(self._reopen[0]):
            self._reopen = None

    def load_meetings(self) -> None:
        council = self.view.selected_council()
        fy = self.view.fiscal_year.currentData()
        self.view.council_title.setText(f"{council.code} {council.name}" if council else "")
        if council is None or fy is None:
            self.view.meetings_model.set_rows([])
            self._show_roster(None)
            return
        store = self.ctx.store
        self.runner.submit(lambda: service.list_meetings(store, council.id, fy), self._show_meetings)

    def _show_meetings(self, rows: list[service.MeetingRow]) -> None:
        self.view.meetings_model.set_rows(rows)
        self.view.meetings_table.resizeColumnsToContents()
        self._show_roster(None)
        reopen, self._reopen = self._reopen, None
        if reopen is not None:
            self.view.select_meeting(reopen[2])

    def load_roster(self) -> None:
        meeting = self.view.selected_meeting()
        if meeting is None:
            self._show_roster(None)
            return
        store = self.ctx.store
        self.runner.submit(lambda: service.roster(store, meeting.id), self._roster_arrived)

    def _selected_meeting_id(self) -> str | None:
        meeting = self.view.selected_meeting()
        return meeting.id if meeting is not None else None

    def _showing(self, meeting_id: str) -> bool:
        return self.roster is not None and self.roster.meeting.id == meeting_id

    def _roster_arrived(self, roster: service.Roster) -> None:
        if roster.meeting.id == self._selected_meeting_id():  # not a meeting the user has left since
            self._show_roster(roster)

    def _show_roster(self, roster: service.Roster | None) -> None:
        self.roster = roster
        view = self.view
        view.set_meeting_enabled(roster is not None)
        view.confirmation.clear()
        if roster is None:
            view.roster_model.set_entries([])
            view.meeting_title.setText(_("Choose a meeting"))
            view.counts.clear()
            return
        m = roster.meeting
        view.meeting_title.setText(meeting_heading(m))
        view.roster_model.set_entries(roster.entries)
        self._update_counts()
        view.quick_entry.setFocus()
        self.roster_loaded.emit()

    def _update_counts(self) -> None:
        if self.roster is None:
            return
        entries = self.view.roster_model.entries()
        present = sum(1 for e in entries if e.status in service.ATTENDED)
        self.view.counts.setText(_("Present {present} / expected {expected} · residents {residents}").format(
            present=present, expected=len(entries), residents=self.roster.meeting.residents))

    # -- marking -----------------------------------------------------------------------------
    def _clicked(self, index) -> None:
        first = self.view.roster_model.STATUS_FIRST
        if first <= index.column() < first + 4:
            self.mark_row(index.row(), STATUSES[index.column() - first])

    def mark_row(self, row: int, status: str | None) -> None:
        if self.roster is None:
            return
        entry = self.view.roster_model.entry_at(row)
        if entry.status == status:
            return
        store, meeting, now = self.ctx.store, self.roster.meeting, self.clock()
        self.runner.submit(lambda: service.mark(store, meeting.id, entry.staff_id, status, now=now),
                           lambda before: self._marked(meeting, entry, status, now, before), self._failed)

    def _marked(self, meeting: service.MeetingRow, entry: service.RosterEntry, status: str | None, now: datetime,
                before: service.MarkState) -> None:
        if self._showing(meeting.id):
            self.view.roster_model.set_status(entry.staff_id, status, now.isoformat(timespec="seconds") if status else "")
            self._update_counts()
        self._push_undo(undone_text(entry.name, status), before)
        label = AttendanceStatus(status).label() if status else _("cleared")
        self.view.show_confirmation(f"✓ {now:%H:%M} {entry.name} {label}{self._elsewhere(meeting)}", True)
        self.changed.emit()

    def _elsewhere(self, meeting: service.MeetingRow) -> str:
        """Names the meeting of a confirmation that arrives once another meeting is shown."""
        return "" if self._showing(meeting.id) else f"（{format_date(meeting.date)} {meeting.title}）"

    def quick_entry(self) -> None:
        typed = self.view.quick_entry.text()
        self.view.quick_entry.clear()
        if self.roster is None or not typed.strip():
            return
        store, meeting, now = self.ctx.store, self.roster.meeting, self.clock()
        self.runner.submit(lambda: service.quick_entry(store, meeting.id, typed, now=now),
                           lambda result: self._quick_done(meeting, typed.strip(), result), self._failed)

    def _quick_done(self, meeting: service.MeetingRow, typed: str, result: service.QuickResult) -> None:
        view = self.view
        if result.entry is None:
            view.show_confirmation(_("No staff member has the number {number}").format(number=typed), False)
            return
        entry, where = result.entry, self._elsewhere(meeting)
        if self._showing(meeting.id):
            view.roster_table.selectRow(view.roster_model.update_entry(entry))
        when = entry.marked_at[11:16]
        if result.already:
            view.show_confirmation(_("{name}: already recorded at {time}").format(name=entry.name, time=when) + where,
                                   False)
            return
        self._push_undo(undone_text(entry.name, "present"), result.before)
        view.show_confirmation(f"✓ {when} {entry.name} {AttendanceStatus.PRESENT.label()}{where}", True)
        self._update_counts()
        self.changed.emit()

    def save_note(self, staff_id: str, note: str) -> None:
        if self.roster is None:
            return
        store, meeting_id = self.ctx.store, self.roster.meeting.id
        row = self.view.roster_model.row_of(staff_id)
        name = self.view.roster_model.entry_at(row).name if row is not None else ""
        self.runner.submit(lambda: service.set_note(store, meeting_id, staff_id, note),
                           lambda before: self._push_undo(_("Undid the note of {name}").format(name=name), before),
                           self._failed)

    def pick_person(self) -> None:
        store = self.ctx.store
        self.runner.submit(lambda: people.list_staff(store), self._open_picker)

    def _open_picker(self, staff) -> None:
        picker = StaffPicker(staff, self.view)
        picker.chosen.connect(self.add_person)
        self.last_dialog = picker
        picker.open()

    def add_person(self, person: people.StaffRow) -> None:
        if self.roster is None:
            return
        store, meeting_id = self.ctx.store, self.roster.meeting.id
        self.runner.submit(lambda: (service.add_to_roster(store, meeting_id, person.id), service.roster(store, meeting_id)),
                           lambda result: self._added(person, *result), self._failed)

    def _added(self, person, before, roster) -> None:
        self._push_undo(_("Undid adding {name}").format(name=person.name), before)
        if roster.meeting.id == self._selected_meeting_id():
            self._show_roster(roster)
            row = self.view.roster_model.row_of(person.id)
            if row is not None:
                self.view.roster_table.selectRow(row)
        self.changed.emit()

    # -- undo --------------------------------------------------------------------------------
    def _push_undo(self, undone: str, state: service.MarkState) -> None:
        store = self.ctx.store
        self.undo_stack.append(UndoStep(undone, lambda: service.restore(store, state), state))
        self._trim_undo()

    def push_undo(self, what: str, action: Callable[[], None]) -> None:
        """An undo that changes more than a roster row (a delete): the lists reload after it."""
        self.undo_stack.append(UndoStep(_("Undone: {what}").format(what=what), action))
        self._trim_undo()

    def _trim_undo(self) -> None:
        del self.undo_stack[:-UNDO_DEPTH]
        self.view.undo_button.setEnabled(True)

    def undo(self) -> None:
        if not self.undo_stack:
            return
        step = self.undo_stack.pop()
        self.view.undo_button.setEnabled(bool(self.undo_stack))
        self.runner.submit(step.action, lambda _r: self._undone(step), self._failed)

    def _undone(self, step: UndoStep) -> None:
        self.view.show_confirmation(step.undone, True)
        self.message.emit(step.undone)
        self.changed.emit()
        if step.state is None:
            self.reload_current()
        elif self._showing(step.state.meeting_id):
            self._restore_row(step.state)

    def _restore_row(self, state: service.MarkState) -> None:
        """The row as the undo left it, in place: no reload, so no row moves and nothing scrolls."""
        model = self.view.roster_model
        row = model.row_of(state.staff_id)
        if row is None:
            return
        entry, live = model.entry_at(row), state.existed and not state.deleted
        if not live and not entry.expected:
            model.remove_entry(state.staff_id)  # a visitor whose adding was undone
        else:
            model.update_entry(replace(entry, status=state.status if live else None, note=state.note if live else "",
                                       marked_at=state.marked_at if live else ""))
        self._update_counts()

    def reload_current(self) -> None:
        """Reload the meetings (keeping the selection) and the roster after an edit or an undo."""
        meeting = self.view.selected_meeting()
        council = self.view.selected_council()
        fy = self.view.fiscal_year.currentData()
        if council is None or fy is None:
            return
        store = self.ctx.store

        def done(rows):
            self.view.meetings_model.set_rows(rows)
            if meeting is None or not self.view.select_meeting(meeting.id):
                self._show_roster(None)

        self.runner.submit(lambda: service.list_meetings(store, council.id, fy), done)

    def _failed(self, exc: BaseException) -> None:
        from app.errors import FieldDeskError

        if isinstance(exc, FieldDeskError):
            self.view.show_confirmation(str(exc), False)
            box = QMessageBox(QMessageBox.Icon.Warning, _("FieldDesk"), str(exc), QMessageBox.StandardButton.Ok, self.view)
            self.last_dialog = box
            box.open()
            return
        raise exc

