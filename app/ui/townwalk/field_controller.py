"""Field mode wiring: every tick, note and arrival is written at once (its own transaction, on
the worker), the page shown is remembered in the store so a restart reopens it, and the notes
box is saved when the facilitator pauses typing, leaves the box or turns the page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFileDialog

from app.i18n import _
from app.services import townwalk_field as field
from app.ui.townwalk.common import PageController
from app.ui.townwalk.field_view import FieldView

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
    def open(self, walk_id: str, page: int = 0) -> None:
        store = self.store
        self.submit(lambda: field.open_sheet(store, walk_id), lambda sheet: self._opened(sheet, page))

    def _opened(self, sheet: field.FieldSheet, page: int) -> None:
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
        store, photos = self.store, page.photos
        self.submit(lambda: _thumbnails(store, photos),
                    lambda images: self.view.set_photos([(QPixmap.fromImage(i) if i is not None else None, n)
                                                         for i, n in images]))

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

    # -- writing -----------------------------------------------------------------------------------
    def _replace_page(self, page: field.FieldPage) -> None:
        pages = list(self.sheet.pages)
        pages[self.page] = page
        self.sheet = field.FieldSheet(self.sheet.walk_id, self.sheet.title, tuple(pages))

    def tick(self, item_id: str, result: str) -> None:
        """A tap on a result; a second tap on the same one clears it. The first tick at a stop stamps
        the arrival if nobody pressed 到着."""
        page = self.current()
        item = next(i for i in page.items if i.id == item_id)
        wanted = None if item.result == result else result
        store, now = self.store, self.clock()
        stamp = page.kind == "stop" and not page.arrived_at

        def job():
            field.set_result(store, item_id, wanted, now=now)
            return field.stamp_arrival(store, page.stop_id, now=now) if stamp else page.arrived_at

        self.write(job, lambda arrived: self._ticked(item_id, wanted, arrived))

    def _ticked(self, item_id: str, result: str | None, arrived: str) -> None:
        from dataclasses import replace

        page = replace(field.with_result(self.current(), item_id, result), arrived_at=arrived)
        self._replace_page(page)
        for row in self.view.item_rows:
            if row.item_id == item_id:
                row.set_result(result)
        if arrived:
            self.view.arrival.setText(_("Arrived {time}").format(time=arrived[11:16]))
        self._update_progress()

    def note(self, item_id: str, text: str) -> None:
        from dataclasses import replace

        page = self.current()
        if next(i for i in page.items if i.id == item_id).note == text:
            return
        self._replace_page(replace(page, items=tuple(replace(i, note=text) if i.id == item_id else i
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
        from dataclasses import replace

        self._notes_dirty = False
        text, page, store, walk_id = self.view.field_notes.toPlainText(), self.current(), self.store, self.sheet.walk_id
        self._replace_page(replace(page, field_notes=text))
        self.write(lambda: field.set_field_notes(store, walk_id, page.stop_id, text))

    def arrive(self, again: bool = False) -> None:
        page, store, now = self.current(), self.store, self.clock()
        if page.kind != "stop":
            return
        self.write(lambda: field.stamp_arrival(store, page.stop_id, now=now, again=again), self._arrived)

    def _arrived(self, stamp: str) -> None:
        from dataclasses import replace

        self._replace_page(replace(self.current(), arrived_at=stamp))
        self.view.arrival.setText(_("Arrived {time}").format(time=stamp[11:16]))

    def stamp_time(self) -> None:
        page, store, walk_id, now = self.current(), self.store, self.sheet.walk_id, self.clock()
        which = "start" if page.kind == "start" else "end"
        self.write(lambda: field.stamp_walk_time(store, walk_id, which, now=now),
                   lambda t: self.view.status.setText(
                       (_("Started at {time}") if which == "start" else _("Ended at {time}")).format(time=t)))

    def pick_photo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self.view, _("Add a photo"), "",
                                                    _("Images (*.jpg *.jpeg *.png *.heic)"))
        if path:
            self.add_photo(Path(path))

    def add_photo(self, path: Path) -> None:
        page, store, walk_id, now = self.current(), self.store, self.sheet.walk_id, self.clock()
        self.write(lambda: field.add_photo(store, walk_id, page.stop_id, path, now=now), self._photo_added)

    def _photo_added(self, photo: field.Photo) -> None:
        from dataclasses import replace

        page = replace(self.current(), photos=(*self.current().photos, photo))
        self._replace_page(page)
        self._load_photos(page)


def _html(text: str) -> str:
    from html import escape

    return escape(text).replace("\n", "<br>")
