"""One person, one staff number: the domain rule and every service path that takes a number."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.domain.staff_no import parse_staff_no, read_staff_no, search_query, staff_no_key
from app.errors import ImportRejected, Invalid
from app.i18n import set_language
from app.services.admin.check import run_check
from app.services.attendance import marking as attendance
from app.services.attendance import records
from app.services.staff.numbers import repair_staff_numbers
from app.services.staff.people import list_staff
from app.services.survey import entry as survey_entry
from app.services.survey import lookup as survey_lookup
from app.services.townwalk import walks as townwalk_walks
from app.services.transfer.files import import_file, import_summary
from app.storage.models import Attendance, Staff, SyncChange, natural_id
from app.storage.models.survey import SurveyResponse

COUNCILS = "code,name,district\nSH01,芝協議会,芝\n"
HEADER = "staff_no,name,kana,department,housing,council_code,active\n"


def write(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path


def live_staff(store) -> dict[str, str]:
    with store.read() as session:
        return dict(session.execute(select(Staff.staff_no, Staff.name).where(Staff.deleted.is_(False))).all())


@pytest.mark.parametrize(("typed", "number", "padded"), [
    ("000123", "000123", False),
    ("０００１２３", "000123", False),  # full width
    (" 000123\r\n", "000123", False),  # a scanner's line end, stray spaces
    ("000 123", "000123", False),
    ("10099", "010099", True),  # a spreadsheet dropped the zero
    ("１００９９", "010099", True),
    ("'010099", "010099", False),  # Excel's text prefix, typed into a CSV
    ("0000456", "000456", False),  # a 0000000 cell format: surplus zeros only
    ("7", "000007", True),
])
def test_numbers_normalise_to_one_canonical_form(typed, number, padded):
    assert read_staff_no(typed) == (number, padded)
    assert staff_no_key(typed) == staff_no_key(number)


@pytest.mark.parametrize(("typed", "reason"), [
    ("", "required"), ("   ", "required"), ("12a45", "digits only"), ("12-345", "digits only"),
    ("١٢٣", "digits only"),  # Arabic-Indic digits: digits to Python, not a staff number
    ("1.5", "digits only"), ("1234567", "6 digits, this one 7"),
])
def test_anything_else_is_refused_with_a_reason(typed, reason):
    set_language("en")
    with pytest.raises(ValueError, match=reason):
        parse_staff_no(typed)


def test_the_width_is_the_wards():
    assert parse_staff_no("10099", 8) == "00010099"
    assert parse_staff_no("00010099", 6) == "010099"
    with pytest.raises(ValueError):
        parse_staff_no("1234567", 6)


@given(st.integers(min_value=0, max_value=999_999), st.booleans(), st.integers(min_value=0, max_value=6))
def test_any_written_form_of_a_number_is_the_same_number(n, wide, zeros):
    text = "0" * zeros + str(n)
    if wide:
        text = text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    if len(text.lstrip("0０")) <= 6:
        assert parse_staff_no(text) == f"{n:06d}"
        assert staff_no_key(text) == staff_no_key(f"{n:06d}") == str(n)


def test_a_search_for_a_number_ignores_its_leading_zeros():
    assert search_query("010099") == search_query("10099") == "10099"
    assert search_query("０１００９９") == "10099"
    assert search_query("ミナト") == search_query("みなと")


# -- imports ----------------------------------------------------------------------------------

def test_full_width_then_ascii_is_one_person(store, tmp_path):
    import_file(store, "councils", write(tmp_path / "c.csv", COUNCILS))
    first = import_file(store, "staff", write(tmp_path / "a.csv", HEADER + "０００１２３,港 太郎,みなと,,,,1\n"))
    again = import_file(store, "staff", write(tmp_path / "b.csv", HEADER + "000123,港 太郎,みなと,,,,1\n"))
    assert (first.created, again.created, again.updated, again.unchanged) == (1, 0, 0, 1)
    assert live_staff(store) == {"000123": "港 太郎"}


def test_numbers_without_their_zeros_update_and_are_counted(store, tmp_path):
    import_file(store, "councils", write(tmp_path / "c.csv", COUNCILS))
    import_file(store, "staff", write(tmp_path / "a.csv", HEADER + "010099,芝 花子,しば,,,,1\n000456,港 太郎,みなと,,,,1\n"))
    result = import_file(store, "staff", write(tmp_path / "b.csv", HEADER + "10099,芝 花子,しば,人事課,,,1\n456,港 太郎,みなと,,,,1\n"))
    assert (result.created, result.updated, result.unchanged, result.padded) == (0, 1, 1, 2)
    assert live_staff(store) == {"010099": "芝 花子", "000456": "港 太郎"}
    set_language("en")
    assert "2 staff numbers were shorter than 6 digits" in import_summary(result)


def test_the_wards_width_pads_imports(store, tmp_path):
    store.staff_no_width = 8
    import_file(store, "staff", write(tmp_path / "a.csv", HEADER + "10099,芝 花子,しば,,,,1\n"))
    assert live_staff(store) == {"00010099": "芝 花子"}


def test_a_bad_number_is_refused_where_it_is_and_nothing_is_written(store, tmp_path):
    set_language("en")
    path = write(tmp_path / "a.csv", HEADER + "000001,港 太郎,みなと,,,,1\n12-345,芝 花子,しば,,,,1\n")
    before = store_changes(store)
    with pytest.raises(ImportRejected) as caught:
        import_file(store, "staff", path)
    [problem] = caught.value.problems
    assert (problem.line, problem.col, problem.column, problem.value) == (3, 1, "staff_no", "12-345")
    assert str(problem).startswith(f"{path}:3:1: staff_no '12-345' — a staff number has digits only")
    assert store_changes(store) == before and live_staff(store) == {}


def test_one_number_twice_in_a_file_is_refused(store, tmp_path):
    path = write(tmp_path / "a.csv", HEADER + "010099,芝 花子,しば,,,,1\n10099,芝 花子,しば,,,,1\n")
    with pytest.raises(ImportRejected) as caught:
        import_file(store, "staff", path)
    assert [(p.line, p.value) for p in caught.value.problems] == [(3, "10099")]  # as written, line 3


def store_changes(store) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(SyncChange))


def test_every_kind_with_a_staff_number_finds_the_person(store, tmp_path):
    import_file(store, "councils", write(tmp_path / "c.csv", COUNCILS))
    import_file(store, "staff", write(tmp_path / "s.csv", HEADER + "010099,芝 花子,しば,,,SH01,1\n"))
    import_file(store, "meetings", write(tmp_path / "m.csv", "council_code,date,title\nSH01,2026-04-18,定例会\n"))
    marks = import_file(store, "attendance", write(
        tmp_path / "a.csv", "council_code,date,title,staff_no,status\nSH01,2026-04-18,定例会,１００９９,present\n"))
    assert (marks.created, marks.padded) == (1, 1)
    again = import_file(store, "attendance", write(
        tmp_path / "b.csv", "council_code,date,title,staff_no,status\nSH01,2026-04-18,定例会,010099,present\n"))
    assert (again.created, again.unchanged) == (0, 1)
    import_file(store, "routes", write(tmp_path / "r.csv", "route_code,route_name,district,stop_order,stop_name\n"
                                                          "R1,芝ルート,芝,1,芝公園\n"))
    walks = import_file(store, "walks", write(tmp_path / "w.csv", "route_code,date,staff_no\nR1,2026-06-01, 10099 \n"))
    assert (walks.created, walks.padded) == (1, 1)


def test_named_survey_responses_keep_the_canonical_number(store):
    from tests.helpers.survey import make_survey, respond

    form = make_survey(store)
    saved = respond(store, form, anonymous=False, staff_no="１２３４５")
    with store.read() as session:
        assert session.get(SurveyResponse, saved.response_id).staff_no == "012345"
    assert [v.receipt_code for v in survey_lookup.lookup(store, "12345")] == [saved.receipt_code]
    with pytest.raises(survey_entry.DuplicateRespondent):  # the same person, written another way
        respond(store, form, anonymous=False, staff_no="012345")
    with pytest.raises(Invalid) as caught:
        respond(store, form, anonymous=False, staff_no="12a")
    assert "staff_no" in caught.value.problems


# -- dialogs and quick entry ------------------------------------------------------------------

def test_the_edit_dialog_stores_the_canonical_number_and_sees_the_clash(store):
    records.save_staff(store, records.StaffInput("１２３", "港 太郎", "みなと"))
    assert live_staff(store) == {"000123": "港 太郎"}
    problems = records.validate_staff(store, records.StaffInput("000123", "港 次郎", "みなと"))
    assert "staff_no" in problems
    assert "staff_no" in records.validate_staff(store, records.StaffInput("12x", "港 次郎", "みなと"))


def test_quick_entry_and_the_picker_find_every_form(store):
    records.save_council(store, records.CouncilInput("SH01", "芝協議会", "芝"))
    records.save_staff(store, records.StaffInput("010099", "芝 花子", "しば"))
    council = attendance.list_councils(store)[0]
    meeting = records.save_meeting(store, records.MeetingInput(council.id, date(2026, 4, 18), "meeting", "定例会"))
    for typed in ("010099", "１００９９", "10099\n", " 0 1 0 0 9 9 "):
        result = attendance.quick_entry(store, meeting, typed)
        assert result.entry is not None and result.entry.staff_no == "010099", typed
    assert attendance.quick_entry(store, meeting, "99999").entry is None
    assert [e.staff_no for e in attendance.find_staff(store, "１００９９")] == ["010099"]


# -- stores written before the rule -----------------------------------------------------------

def _legacy(store, rows: list[tuple[str, str]]) -> list[str]:
    """Staff as the old import stored them: the number verbatim, id derived from it."""
    ids = []
    with store.session() as session:
        for number, name in rows:
            ids.append(natural_id("staff", number))
            session.add(Staff(id=ids[-1], staff_no=number, name=name, kana="みなと", department="", housing=""))
    return ids


def test_an_old_store_is_found_and_its_duplicates_merged_without_loss(store):
    records.save_council(store, records.CouncilInput("SH01", "芝協議会", "芝"))
    council = attendance.list_councils(store)[0]
    m1 = records.save_meeting(store, records.MeetingInput(council.id, date(2026, 4, 18), "meeting", "第1回"))
    m2 = records.save_meeting(store, records.MeetingInput(council.id, date(2026, 5, 18), "meeting", "第2回"))
    wide, plain, short = _legacy(store, [("０００１２３", "港 太郎"), ("000123", "港 太郎"), ("10099", "芝 花子")])
    attendance.mark(store, m1, wide, "present")
    attendance.mark(store, m2, wide, "late")
    attendance.mark(store, m2, plain, "absent")  # both records marked at one meeting: the later mark wins
    # Before the repair: the legacy forms are already found by every lookup.
    assert attendance.quick_entry(store, m1, "10099").entry.staff_id == short

    done = repair_staff_numbers(store)
    assert (done.merged, done.rewritten) == (1, 0)
    assert live_staff(store) == {"000123": "港 太郎", "10099": "芝 花子"}
    marks = {e.staff_no: e.status for e in attendance.roster(store, m1).entries}
    assert marks == {"000123": "present", "10099": "present"}
    assert {e.staff_no: e.status for e in attendance.roster(store, m2).entries} == {"000123": "absent"}
    with store.read() as session:
        merged = session.get(Staff, wide)
        assert merged.deleted and merged.staff_no == "０００１２３"  # kept, with its history
        assert session.scalar(select(func.count()).select_from(Attendance).where(
            Attendance.deleted.is_(False), Attendance.staff_id == plain)) == 2
    assert repair_staff_numbers(store) == type(done)()  # nothing left to do
    assert run_check(store).ok


def test_a_full_width_number_alone_is_rewritten(store):
    [sid] = _legacy(store, [("０１００９９", "芝 花子")])
    assert repair_staff_numbers(store).rewritten == 1
    with store.read() as session:
        assert session.get(Staff, sid).staff_no == "010099"
    assert [s.staff_no for s in list_staff(store)] == ["010099"]
    assert run_check(store).ok


def test_opening_the_data_folder_repairs(data_dir):
    from app.context import AppContext
    from app.storage.store import open_store

    store = open_store(data_dir)
    _legacy(store, [("０００１２３", "港 太郎"), ("000123", "港 太郎")])
    store.close()
    ctx = AppContext.open(data_dir)
    try:
        assert live_staff(ctx.store) == {"000123": "港 太郎"}
    finally:
        ctx.close()


def test_the_walk_quick_add_finds_a_short_number(store, walk):  # noqa: F811 - the imported fixture
    added = townwalk_walks.quick_add(store, walk, "１０１")  # the town-walk tests' staff 000101
    assert added.person is not None and added.person.staff_no == "000101"
