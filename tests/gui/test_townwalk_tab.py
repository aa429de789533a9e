"""The town-walk tab on real widgets: field mode (tick, note, next, reopen after a restart), people
by quick entry, routes reordered and duplicated, coverage shown and exported, a PDF from the tab,
every model through the model tester."""

from __future__ import annotations

import csv

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from app.context import AppContext
from app.services.admin.check import run_check
from app.services.townwalk import field, walks
from tests.helpers.townwalk import seed
from tests.helpers.townwalk_tab import open_tab


@pytest.fixture
def setup(qtbot, tmp_path):
    folder = tmp_path / "data"
    ctx = AppContext.open(folder)
    walk_id = seed(ctx)
    ctx.close()
    ctx, tab = open_tab(qtbot, folder)
    yield folder, ctx, tab, walk_id
    tab.close()
    ctx.close()


def test_field_mode_saves_every_tick_and_reopens_where_the_facilitator_was(qtbot, setup):
    folder, ctx, tab, walk_id = setup
    changes = []
    tab.changed.connect(lambda: changes.append(1))
    tab.open_field(walk_id)
    assert tab.pages.currentWidget() is tab.field_view
    view = tab.field_view
    assert "安全説明" in view.item_rows[0].text.text()
    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)  # to stop 1
    assert view.stop_name.text() == "1. 芝公園"
    assert "地点 1 / 3" in view.progress.text() and "残り 8 項目" in view.progress.text()
    row = view.item_rows[0]
    qtbot.mouseClick(row.buttons["ok"], Qt.MouseButton.LeftButton)
    assert row.buttons["ok"].isChecked() and view.arrival.text() == "到着 10:30"  # the first tick stamps arrival
    second = view.item_rows[1]
    qtbot.mouseClick(second.buttons["na"], Qt.MouseButton.LeftButton)
    second.note.setText("工事中で通れず")
    second.note.editingFinished.emit()
    view.field_notes.setPlainText("集合は公園の入口に変更")
    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)  # the notes are saved on the way
    assert "残り 6 項目" in view.progress.text() and changes
    page = field.open_sheet(ctx.store, walk_id).pages[1]
    assert [i.result for i in page.items] == ["ok", "na"] and page.items[1].note == "工事中で通れず"
    assert page.field_notes == "集合は公園の入口に変更" and page.arrived_at == "2026-06-12T10:30:00"
    assert run_check(ctx.store).ok

    tab.close()  # the app closes (or crashes) on stop 2 …
    ctx.close()
    ctx2, tab2 = open_tab(qtbot, folder)
    try:
        assert tab2.pages.currentWidget() is tab2.field_view  # … and reopens there
        assert tab2.field.page == 2 and tab2.field_view.stop_name.text() == "2. 増上寺"
        qtbot.mouseClick(tab2.field_view.prev_button, Qt.MouseButton.LeftButton)
        assert [r.buttons["ok"].isChecked() for r in tab2.field_view.item_rows] == [True, False]
        assert tab2.field_view.item_rows[1].note.text() == "工事中で通れず"
        qtbot.mouseClick(tab2.field_view.leave_button, Qt.MouseButton.LeftButton)
        assert tab2.pages.currentWidget() is tab2.walks_view and field.saved_position(ctx2.store) is None
    finally:
        tab2.close()
        ctx2.close()


def test_field_mode_is_made_for_fingers_at_1280x800(setup, tmp_path):
    _folder, ctx, tab, walk_id = setup
    tab.open_field(walk_id, 1)
    view = tab.field_view
    buttons = [view.next_button, view.prev_button, view.arrive_button, view.leave_button, view.photo_button]
    buttons += [b for row in view.item_rows for b in row.buttons.values()]
    assert all(b.height() >= 44 and b.width() >= 44 for b in buttons if b.isVisible())
    assert all(row.note.height() >= 44 for row in view.item_rows)
    assert view.next_button.geometry().bottom() <= view.height()  # nothing below the fold at 1280×800
    picture = tmp_path / "増上寺.png"
    from PySide6.QtGui import QColor, QImage

    image = QImage(640, 480, QImage.Format.Format_RGB32)
    image.fill(QColor("#b5332e"))
    image.save(str(picture))
    tab.field.add_photo(picture)
    assert view.photo_count() == 1 and view.findChild(type(view.stop_name), "photo_thumbnail").pixmap().width() <= 110
    assert len(list(ctx.store.paths.blobs.iterdir())) == 1


def test_participants_by_quick_entry_and_guides_by_name(setup):
    _folder, ctx, tab, walk_id = setup
    view = tab.walks_view
    view.walks_table.selectRow(0)
    view.quick_entry.setText("０００１０２")
    view.quick_entry.returnPressed.emit()
    assert "山﨑　花子" in view.confirmation.text()
    view.quick_entry.setText("000102")
    view.quick_entry.returnPressed.emit()
    assert "登録済み" in view.confirmation.text()
    view.guide_name.setText("青木　正")
    view.guide_org.setText("芝地区町会連合会")
    view.add_guide.click()
    view.department.setCurrentText("防災課")
    view.add_department.click()
    names = [p.name for p in view.people_model.rows()]
    assert names[0] == "青木　正" and len(names) == 5
    assert view.walks_model.rows()[0].participants == 4
    assert run_check(ctx.store).ok


def test_routes_reorder_duplicate_and_retire(setup):
    _folder, ctx, tab, _walk_id = setup
    tab.pages.setCurrentWidget(tab.routes_view)
    view = tab.routes_view
    view.routes_table.selectRow(0)
    view.stops_table.selectRow(2)
    view.stop_up.click()
    assert [s.name for s in view.stops_model.rows()] == ["芝公園", "東京タワー", "増上寺"]
    view.duplicate_route.click()
    assert [r.code for r in view.routes_model.rows()] == ["SHIBA01", "SHIBA01-2"]
    view.routes_table.selectRow(0)
    view.retire_route.click()  # it has a walk: retired, not deleted
    retired = [r for r in view.routes_model.rows() if r.code == "SHIBA01"]
    assert retired and retired[0].retired
    assert run_check(ctx.store).ok


def test_a_new_route_through_its_dialog(setup):
    _folder, _ctx, tab, _walk_id = setup
    view = tab.routes_view
    view.new_route.click()
    dialog = tab.routes.last_dialog
    dialog.code.setText("AZABU01")
    dialog.name.setText("麻布十番商店街コース")
    dialog.ok_button.click()
    assert dialog.error_text("district")  # no district chosen: refused beside the field
    dialog.district.setCurrentIndex(dialog.district.findData("麻布"))
    dialog.ok_button.click()
    assert "AZABU01" in [r.code for r in view.routes_model.rows()]


def test_coverage_page_exports_the_not_yet_list(setup, tmp_path):
    _folder, ctx, tab, walk_id = setup
    walks.quick_add(ctx.store, walk_id, "000101")
    tab.pages.setCurrentWidget(tab.coverage_view)
    tab.coverage.select_year(2026)
    view = tab.coverage_view
    assert view.summary.text().startswith("受講済み 1 / 6人")
    assert [(d.department, d.walked) for d in view.departments_model.rows()] == [("人事課", 1), ("防災課", 0)]
    out = tmp_path / "未受講者.csv"
    tab.coverage.export(out)
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["職員番号", "氏名", "ふりがな", "所属"] and len(rows) == 6


def test_coverage_export_to_xlsx_has_the_headers_of_the_settings_language(setup, tmp_path):
    """The service writes it, as every table export: English settings give the canonical names."""
    from openpyxl import load_workbook

    _folder, ctx, tab, _walk_id = setup
    tab.coverage.select_year(2026)
    ctx.settings.language = "en"
    out = tmp_path / "not_yet.xlsx"
    tab.coverage.export(out)
    rows = list(load_workbook(out, read_only=True).worksheets[0].iter_rows(values_only=True))
    assert rows[0] == ("staff_no", "name", "kana", "department") and len(rows) == 7
    assert "000101" in [r[0] for r in rows[1:]]  # text, with its zeros


def test_walk_record_from_the_tab_reads_back(setup, tmp_path):
    _folder, _ctx, tab, walk_id = setup
    written = []
    tab.report_written.connect(written.append)
    tab.save_pdf("walk", walk_id, tmp_path / "walk.pdf")
    text = "".join(page.extract_text() for page in PdfReader(written[0]).pages)
    assert "まちあるき研修 実施記録" in text and "増上寺" in text and "安全説明" in text


def test_every_model_passes_the_model_tester(setup, qtmodeltester):
    _folder, ctx, tab, walk_id = setup
    walks.quick_add(ctx.store, walk_id, "000101")
    tab.reload()
    tab.walks_view.walks_table.selectRow(0)
    tab.routes_view.routes_table.selectRow(0)
    tab.templates_view.templates_table.selectRow(0)
    tab.coverage.select_year(2026)
    models = [tab.walks_view.walks_model, tab.walks_view.people_model, tab.routes_view.routes_model,
              tab.routes_view.stops_model, tab.templates_view.templates_model, tab.templates_view.items_model,
              tab.coverage_view.departments_model, tab.coverage_view.districts_model, tab.coverage_view.not_yet_model]
    for model in models:
        assert model.rowCount() > 0
        qtmodeltester.check(model)


def test_leaving_field_mode_and_coming_back_reopens_the_stop(qtbot, setup):
    folder, ctx, tab, walk_id = setup
    view = tab.field_view
    tab.walks_view.walks_table.selectRow(0)
    qtbot.mouseClick(tab.walks_view.field_button, Qt.MouseButton.LeftButton)
    assert tab.field.page == 0  # never opened on this laptop: the start
    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    assert view.stop_name.text() == "2. 増上寺"
    qtbot.mouseClick(view.leave_button, Qt.MouseButton.LeftButton)
    assert tab.pages.currentWidget() is tab.walks_view
    assert field.saved_position(ctx.store) is None  # left: a restart opens the walks page
    tab.walks_view.walks_table.selectRow(0)
    qtbot.mouseClick(tab.walks_view.field_button, Qt.MouseButton.LeftButton)  # back to the walk …
    assert tab.pages.currentWidget() is tab.field_view
    assert tab.field.page == 2 and view.stop_name.text() == "2. 増上寺"  # … where they were
    tab.close()
    ctx.close()
    ctx2, tab2 = open_tab(qtbot, folder)  # and after a restart, on the same stop
    try:
        assert tab2.pages.currentWidget() is tab2.field_view and tab2.field.page == 2
    finally:
        tab2.close()
        ctx2.close()


def test_the_position_written_before_pages_were_kept_per_walk_still_reads(setup):
    """A laptop updated in the middle of a walk: the old value reopens that walk and page."""
    _folder, ctx, _tab, walk_id = setup
    import json

    from app.storage.models import LocalMeta

    with ctx.store.uncaptured() as session:
        session.merge(LocalMeta(key=field.POSITION_KEY, value=json.dumps({"walk_id": walk_id, "page": 3})))
    assert field.saved_position(ctx.store) == (walk_id, 3) and field.last_page(ctx.store, walk_id) == 3
    field.save_position(ctx.store, None)
    assert field.saved_position(ctx.store) is None and field.last_page(ctx.store, walk_id) == 3
