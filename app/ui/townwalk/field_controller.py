"""Field mode wiring: every tick, note and arrival is written at once (its own transaction, on
the worker), the page shown is remembered in the store so a restart (or coming back to the walk)
reopens it, and the notes box is saved when the facilitator pauses typing, leaves the box or
turns the page.

A result comes back from the worker after the facilitator may have turned the page or left: it
is applied to the item, stop and walk it was made for (by id), never to "the current page"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap

from app.i18n import _
from app.services.townwalk import field
from app.ui.file_dialogs import ask_open
from app.ui.townwalk.common import PageController
from app.ui.townwalk.field_page import FieldView

THUMB = 110
NOTES_PAUSE_MS = 800


def _thumbnails(store, photos) -> list[tuple[QImage | None, str]]:
    """On the worker: QImage (not QPixmap) may be made off the GUI thread."""
    out = []
    for photo in photos:
        image = QImage(str(field.blob_path(store, photo.sha256)))
        if image.isNull():
            out.append((None, photo.file_name))
        else:
            out.append((image.scaled(THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                                     Qt.TransformationMode.SmoothTransformation), photo.file_name))
    return out


class FieldController(PageController):
    left = Signal()  # the facilitator left field mode
    page_shown = Signal(int)

    def __init__(self, view: FieldView, ctx, runner, clock: Callable[[], datetime] = datetime.now):
        super().__init__(view, ctx, runner)
        self.clock = clock
        self.sheet: field.FieldSheet | None = None
        self.page = 0
        self._opening: str | None = None
        self._notes_dirty = False
        self.notes_timer = QTimer(self)
        self.notes_timer.setSingleShot(True)
        self.notes_timer.setInterval(NOTES_PAUSE_MS)
        self.notes_timer.timeout.connect(self.flush_notes)
        view.prev_button.clicked.connect(lambda: self.go(self.page - 1))
        view.next_button.clicked.connect(lambda: self.go(self.page + 1))
        view.leave_button.clicked.connect(self.leave)
        view.arrive_button.clicked.connect(lambda: self.arrive(again=True))
        view.time_button.clicked.connect(self.stamp_time)
        view.photo_button.clicked.connect(self.pick_photo)
        view.field_notes.textChanged.connect(self._notes_changed)

    # -- opening ---------------------------------------------------------------------------------
    def open(self, walk_id: str, page: int | None = None) -> None:
        """Open the walk's sheet on ``page``; None: where this laptop last was on this walk."""
        store = self.store
        self._opening = walk_id

        def job():
            return field.open_sheet(store, walk_id), field.last_page(store, walk_id) if page is None else page

        self.submit(job, lambda result: self._opened(*result))

    def _opened(self, sheet: field.FieldSheet, page: int) -> None:
        if sheet.walk_id != self._opening:
            return  # another walk was asked for since
        self.sheet = sheet
        self.view.walk_title.setText(sheet.title)
        self.show_page(max(0, min(page, len(sheet.pages) - 1)))

    def current(self) -> field.FieldPage:
        return self.sheet.pages[self.page]

    def show_page(self, index: int) -> None:
        self.page = index
        page = self.current()
        view = self.view
        view.stop_name.setText(f"{page.position}. {page.name}" if page.kind == "stop" else page.name)
        view.address.setText(page.address)
        guide = []
        if page.point_out:
            guide.append(f"<b>{_('Point out')}</b>: {_html(page.point_out)}")
        if page.route_notes:
            guide.append(f"<b>{_('Route notes')}</b>: {_html(page.route_notes)}")
        view.guide.setText("<br>".join(guide))
        view.guide.setVisible(bool(guide))
        for row in view.set_items(page.items):
            row.result_clicked.connect(self.tick)
            row.note_edited.connect(self.note)
        view.field_notes.blockSignals(True)
        view.field_notes.setPlainText(page.field_notes)
        view.field_notes.blockSignals(False)
        stop = page.kind == "stop"
        view.arrive_button.setVisible(stop)
        view.arrival.setText(_("Arrived {time}").format(time=page.arrived_at[11:16]) if page.arrived_at else "")
        view.time_button.setVisible(not stop)
        view.time_button.setText(_("Start now") if page.kind == "start" else _("End now"))
        view.prev_button.setEnabled(index > 0)
        view.next_button.setEnabled(index < len(self.sheet.pages) - 1)
        view.photo_button.setEnabled(page.kind != "end")
        self._update_progress()
        self._load_photos(page)
        store, walk_id = self.store, self.sheet.walk_id
        self.submit(lambda: field.save_position(store, walk_id, index))
        self.page_shown.emit(index)

    def _update_progress(self) -> None:
        sheet, page = self.sheet, self.current()
        left = sum(p.open_items for p in sheet.pages)
        where = _("Stop {k} of {n}").format(k=page.position, n=sheet.stops) if page.kind == "stop" else page.name
        self.view.progress.setText(_("{where} · {left} items left").format(where=where, left=left))
        self.view.status.setText(_("{open} open on this page").format(open=page.open_items))

    def _load_photos(self, page: field.FieldPage) -> None:
        store, photos, where = self.store, page.photos, self._where()
        self.submit(lambda: _thumbnails(store, photos), lambda images: self._show_photos(where, images))

    def _show_photos(self, where, images) -> None:
        if self._where() != where:
            return  # the thumbnails of a page the facilitator has left
        self.view.set_photos([(QPixmap.fromImage(i) if i is not None else None, n) for i, n in images])

    def _where(self) -> tuple[str, int] | None:
        return (self.sheet.walk_id, self.page) if self.sheet is not None else None

    # -- moving ------------------------------------------------------------------------------------
    def go(self, index: int) -> None:
        if self.sheet is None or not 0 <= index < len(self.sheet.pages):
            return
        self.flush_notes()
        self.show_page(index)

    def leave(self) -> None:
        self.flush_notes()
        store = self.store
        self.submit(lambda: field.save_position(store, None), lambda _r: self.left.emit())
        self.sheet = None
        self._opening = None

    # -- the sheet, changed by id --------------------------------------------------------------------
    def _page_index(self, walk_id: str, found: Callable[[field.FieldPage], bool]) -> int | None:
        """The page of the open sheet that ``found`` picks, if that sheet is still ``walk_id``'s."""
        if self.sheet is None or self.sheet.walk_id != walk_id:
            return None
        return next((n for n, p in enumerate(self.sheet.pages) if found(p)), None)

    def _of_item(self, walk_id: str, item_id: str) -> int | None:
        return self._page_index(walk_id, lambda p: any(i.id == item_id for i in p.items))

    def _of_stop(self, walk_id: str, stop_id: str | None) -> int | None:
        """A stop's page; None as ``stop_id`` is the start page (the walk's own notes and photos)."""
        return self._page_index(walk_id, lambda p: p.stop_id == stop_id and p.kind != "end")

    def _replace_page(self, index: int, page: field.FieldPage) -> None:
        pages = list(self.sheet.pages)
        pages[index] = page
        self.sheet = field.FieldSheet(self.sheet.walk_id, self.sheet.title, tuple(pages))

    def _show_arrival(self, index: int) -> None:
        stamp = self.sheet.pages[index].arrived_at
        if index == self.page and stamp:
            self.view.arrival.setText(_("Arrived {time}").format(time=stamp[11:16]))

    # -- writing -----------------------------------------------------------------------------------

    def tick(self, item_id: str, result: str) -> None:
        """A tap on a result; a second tap on the same one clears it. The first tick at a stop stamps
        the arrival if nobody pressed 到着."""
        page = self.current()
        item = next(i for i in page.items if i.id == item_id)
        wanted = None if item.result == result else result
        store, now, walk_id = self.store, self.clock(), self.sheet.walk_id
        stamp = page.kind == "stop" and not page.arrived_at

        def job():
            field.set_result(store, item_id, wanted, now=now)
            return field.stamp_arrival(store, page.stop_id, now=now) if stamp else page.arrived_at

        self.write(job, lambda arrived: self._ticked(walk_id, item_id, wanted, arrived))

    def _ticked(self, walk_id: str, item_id: str, result: str | None, arrived: str) -> None:
        index = self._of_item(walk_id, item_id)
        if index is None:
            return  # saved; the sheet it was made on is closed (left, or another walk opened)
        page = field.with_result(self.sheet.pages[index], item_id, result)
        self._replace_page(index, replace(page, arrived_at=arrived) if page.kind == "stop" else page)
        if index == self.page:
            for row in self.view.item_rows:
                if row.item_id == item_id:
                    row.set_result(result)
            self._show_arrival(index)
        self._update_progress()

    def note(self, item_id: str, text: str) -> None:
        if self.sheet is None:
            return
        walk_id = self.sheet.walk_id
        index = self._of_item(walk_id, item_id)
        if index is None:
            return
        page = self.sheet.pages[index]
        if next(i for i in page.items if i.id == item_id).note == text:
            return
        self._replace_page(index, replace(page, items=tuple(replace(i, note=text) if i.id == item_id else i
                                                            for i in page.items)))
        store = self.store
        self.write(lambda: field.set_item_note(store, item_id, text))

    def _notes_changed(self) -> None:
        self._notes_dirty = True
        self.notes_timer.start()

    def flush_notes(self) -> None:
        self.notes_timer.stop()
        if not self._notes_dirty or self.sheet is None:
            return
        self._notes_dirty = False
        text, page, store, walk_id = self.view.field_notes.toPlainText(), self.current(), self.store, self.sheet.walk_id
        self._replace_page(self.page, replace(page, field_notes=text))
        self.write(lambda: field.set_field_notes(store, walk_id, page.stop_id, text))

    def arrive(self, again: bool = False) -> None:
        page, store, now = self.current(), self.store, self.clock()
        if page.kind != "stop":
            return
        walk_id = self.sheet.walk_id
        self.write(lambda: field.stamp_arrival(store, page.stop_id, now=now, again=again),
                   lambda stamp: self._arrived(walk_id, page.stop_id, stamp))

    def _arrived(self, walk_id: str, stop_id: str, stamp: str) -> None:
        index = self._of_stop(walk_id, stop_id)
        if index is not None:
            self._replace_page(index, replace(self.sheet.pages[index], arrived_at=stamp))
            self._show_arrival(index)

    def stamp_time(self) -> None:
        page, store, walk_id, now = self.current(), self.store, self.sheet.walk_id, self.clock()
        which = "start" if page.kind == "start" else "end"
        self.write(lambda: field.stamp_walk_time(store, walk_id, which, now=now),
                   lambda t: self._stamped(walk_id, page.kind, which, t))

    def _stamped(self, walk_id: str, kind: str, which: str, time: str) -> None:
        if self._where() is not None and self._where() == (walk_id, self.page) and self.current().kind == kind:
            self.view.status.setText((_("Started at {time}") if which == "start" else _("Ended at {time}")).format(time=time))

    def pick_photo(self) -> None:
        path = ask_open(self.view, self.ctx, "photo", _("Add a photo"), _("Images (*.jpg *.jpeg *.png *.heic)"))
        if path:
            self.add_photo(path)

    def add_photo(self, path: Path) -> None:
        page, store, walk_id, now = self.current(), self.store, self.sheet.walk_id, self.clock()
        self.write(lambda: field.add_photo(store, walk_id, page.stop_id, path, now=now),
                   lambda photo: self._photo_added(walk_id, photo))

    def _photo_added(self, walk_id: str, photo: field.Photo) -> None:
        index = self._of_stop(walk_id, photo.stop_id)
        if index is None:
            return
        page = self.sheet.pages[index]
        page = replace(page, photos=(*page.photos, photo))
        self._replace_page(index, page)
        if index == self.page:
            self._load_photos(page)


def _html(text: str) -> str:
    from html import escape

    return escape(text).replace("\n", "<br>")
