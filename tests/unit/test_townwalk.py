"""Town walks without Qt: routes and stops, templates copied per walk, people, field mode
(every tick saved, the position remembered, photos by content) and coverage figures by hand."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.errors import Invalid
from app.services.admin.check import run_check
from app.services.townwalk import coverage, field, templates, walks
from app.services.townwalk import routes as tw
from tests.helpers.townwalk import make_route

NOW = datetime(2026, 6, 12, 10, 0)


def test_stops_keep_their_order_through_moves_deletes_and_duplicates(store):
    route_id = make_route(store, stops=("A", "B", "C", "D"))
    stops = tw.route_stops(store, route_id)
    tw.move_stop(store, stops[3].id, -1)  # D up
    tw.move_stop(store, stops[0].id, -1)  # A at the top: nothing
    assert [s.name for s in tw.route_stops(store, route_id)] == ["A", "B", "D", "C"]
    tw.delete_stop(store, stops[1].id)
    assert [(s.position, s.name) for s in tw.route_stops(store, route_id)] == [(1, "A"), (2, "D"), (3, "C")]
    copy = tw.duplicate_route(store, route_id)
    assert [s.name for s in tw.route_stops(store, copy)] == ["A", "D", "C"]
    assert {r.code for r in tw.list_routes(store)} == {"SHIBA01", "SHIBA01-2"}
    assert run_check(store).ok


def test_route_validation_names_each_field(store):
    make_route(store)
    with pytest.raises(Invalid) as err:
        tw.save_route(store, tw.RouteInput("SHIBA01", "", "渋谷", minutes=-1))
    assert set(err.value.problems) == {"code", "name", "district", "minutes"}
    with pytest.raises(Invalid) as err:
        tw.save_stop(store, tw.StopInput("x", "地点", lat="north", lon="200"))
    assert set(err.value.problems) == {"lat", "lon"}


def test_a_route_with_walks_is_retired_not_deleted(store, walk):
    route = tw.list_routes(store)[0]
    assert tw.retire_or_delete_route(store, route.id) == "retired"
    assert tw.list_routes(store, include_retired=False) == []
    assert walks.list_walks(store, 2026)[0].route_code == "SHIBA01"
    empty = make_route(store, "AZABU01", "麻布")
    assert tw.retire_or_delete_route(store, empty) == "deleted"
    tw.restore_route(store, empty)
    assert {r.code for r in tw.list_routes(store)} == {"SHIBA01", "AZABU01"}


def test_editing_the_template_or_route_never_changes_a_past_walk(store, walk):
    sheet = field.open_sheet(store, walk)
    assert [p.kind for p in sheet.pages] == ["start", "stop", "stop", "stop", "end"]
    assert [len(p.items) for p in sheet.pages] == [1, 2, 2, 2, 1]
    field.set_result(store, sheet.pages[1].items[0].id, "ok", now=NOW)
    template = templates.list_templates(store)[0]
    item = templates.template_items(store, template.id)[1]
    templates.save_item(store, templates.ItemInput(template.id, "stop", "書き換えた項目", id=item.id))
    templates.save_item(store, templates.ItemInput(template.id, "stop", "新しい項目"))
    stop = tw.route_stops(store, sheet.walk_id and walks.load_walk(store, walk).route_id)[0]
    tw.save_stop(store, tw.StopInput(stop.route_id, "改名した地点", id=stop.id))
    again = field.open_sheet(store, walk)
    assert again.pages[1].name == "芝公園"
    assert [i.text for i in again.pages[1].items] == ["避難場所の表示", "段差・危険箇所"]
    assert again.pages[1].items[0].result == "ok"


def test_people_by_number_reading_and_department(store, walk):
    first = walks.quick_add(store, walk, "０００１０１\n")  # full width, as a scanner may type it
    assert first.person.name == "髙橋　一郎" and not first.already
    assert walks.quick_add(store, walk, "000101").already
    assert walks.quick_add(store, walk, "999999").person is None
    assert walks.add_department(store, walk, "防災課") == 3
    walks.add_guide(store, walk, "芝地区町会連合会　青木", "芝地区町会連合会")
    staff_fac = walks.walk_people(store, walk)
    assert [p.role for p in staff_fac].count("facilitator") == 1
    assert walks.list_walks(store, 2026)[0].participants == 4
    walks.remove_person(store, first.person.id)
    assert walks.list_walks(store, 2026)[0].participants == 3
    assert run_check(store).ok


def test_every_tick_note_and_arrival_is_saved_and_the_position_survives_a_restart(data_dir, walk, store):
    sheet = field.open_sheet(store, walk)
    stop = sheet.pages[2]
    assert field.set_result(store, stop.items[0].id, "ok", now=NOW) is None
    assert field.set_result(store, stop.items[1].id, "na", now=NOW) is None
    field.set_item_note(store, stop.items[1].id, "工事中で通行止め")
    field.set_field_notes(store, walk, stop.stop_id, "トイレは寺務所の横")
    assert field.stamp_arrival(store, stop.stop_id, now=NOW) == "2026-06-12T10:00:00"
    assert field.stamp_arrival(store, stop.stop_id, now=datetime(2026, 6, 12, 11, 0)) == "2026-06-12T10:00:00"
    field.save_position(store, walk, 2)
    store.close()
    from app.storage.store import open_store

    reopened = open_store(data_dir)
    try:
        assert field.saved_position(reopened) == (walk, 2)
        page = field.open_sheet(reopened, walk).pages[2]
        assert [i.result for i in page.items] == ["ok", "na"]
        assert page.items[1].note == "工事中で通行止め"
        assert page.field_notes == "トイレは寺務所の横" and page.arrived_at == "2026-06-12T10:00:00"
        assert field.open_sheet(reopened, walk).open_items == 6
        field.save_position(reopened, None)
        assert field.saved_position(reopened) is None
        assert run_check(reopened).ok
    finally:
        reopened.close()


def test_photos_are_stored_once_by_content(store, walk, tmp_path):
    picture = tmp_path / "増上寺.jpg"
    picture.write_bytes(b"\xff\xd8 not really a jpeg")
    stop = field.open_sheet(store, walk).pages[2].stop_id
    one = field.add_photo(store, walk, stop, picture, now=NOW)
    two = field.add_photo(store, walk, None, picture, now=NOW)
    assert one.sha256 == two.sha256 and one.mime == "image/jpeg"
    assert sorted(p.name for p in store.paths.blobs.iterdir()) == [one.sha256]
    sheet = field.open_sheet(store, walk)
    assert [p.file_name for p in sheet.pages[2].photos] == ["増上寺.jpg"] and len(sheet.pages[0].photos) == 1
    field.remove_photo(store, one.id)
    assert field.open_sheet(store, walk).pages[2].photos == ()
    assert run_check(store).ok


def test_coverage_by_department_and_district_against_hand_counts(store, walk):
    # Fiscal 2026: walk on 2026-06-12 (芝) with 000101, 000201; a 麻布 walk on 2027-02-01 with 000201, 000202;
    # a walk dated after the count day, and one in fiscal 2025, do not count.
    for no in ("000101", "000201", "000301"):  # 000301 is retired: not counted anywhere
        walks.quick_add(store, walk, no)
    azabu = make_route(store, "AZABU01", "麻布", ("麻布十番商店街",))
    w2 = walks.save_walk(store, walks.WalkInput(azabu, date(2027, 2, 1)))
    for no in ("000201", "000202"):
        walks.quick_add(store, w2, no)
    later = walks.save_walk(store, walks.WalkInput(azabu, date(2027, 3, 20)))
    walks.quick_add(store, later, "000103")
    old = walks.save_walk(store, walks.WalkInput(azabu, date(2026, 3, 1)))
    walks.quick_add(store, old, "000102")
    walks.add_person(store, w2, walks.quick_add(store, w2, "000203").person.staff_id, walks.FACILITATOR)

    report = coverage.coverage(store, 2026, today=date(2027, 3, 1))
    assert (report.staff, report.walked) == (6, 4)  # 000101, 000201, 000202, 000203
    assert [(d.department, d.staff, d.walked) for d in report.departments] == [("人事課", 3, 1), ("防災課", 3, 3)]
    assert {d.district: (d.walks, d.walkers) for d in report.districts}["芝"] == (1, 2)
    assert {d.district: (d.walks, d.walkers) for d in report.districts}["麻布"] == (1, 3)
    assert [p.staff_no for p in report.not_yet()] == ["000103", "000102"]  # by department, then reading
    assert round(report.rate * 100, 1) == 66.7
    assert coverage.coverage(store, 2025, today=date(2027, 3, 1)).walked == 1
