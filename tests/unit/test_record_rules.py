"""The store-free rules the dialogs and forms run before saving (and the saves run again), without
Qt: one source per rule, so a dialog's reason is the service's reason, word for word."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from app.domain.parsing import tidy_time, time_problem
from app.errors import Invalid
from app.i18n import _
from app.services.attendance.records import (
    CouncilInput,
    MeetingInput,
    StaffInput,
    check_council,
    check_meeting,
    check_staff,
    save_meeting,
    validate_meeting,
)
from app.services.survey.answers import parse_answer, read_answers, typed_problems
from app.services.survey.defs import QuestionInput, SurveyInput
from app.services.survey.entry import ResponseInput
from app.services.townwalk.routes import RouteInput, check_route
from app.services.townwalk.templates import ItemInput, check_item
from app.services.townwalk.walks import WalkInput, check_walk

MEETING = MeetingInput("c-shiba", date(2024, 6, 12), "meeting", "定例会")


# -- times (app.domain.parsing) ----------------------------------------------------------------

def test_an_optional_time_is_tidied_or_refused_with_the_parser_reason():
    assert (tidy_time(""), time_problem("  ")) == ("", None)
    assert (tidy_time("19時半"), time_problem("19時半")) == ("19:30", None)
    assert tidy_time(" 25時 ") == "25時"  # as typed, for the reason to name
    with pytest.raises(ValueError) as exc:
        from app.domain.parsing import parse_time
        parse_time("25時")
    assert time_problem("25時") == str(exc.value)


# -- attendance --------------------------------------------------------------------------------

def test_council_rules():
    assert check_council(CouncilInput("101", "芝地区", "芝")) == {}
    assert check_council(CouncilInput(" ", "", "")) == {
        "code": _("required"), "name": _("required"), "district": _("choose one of the five districts")}


def test_meeting_rules_need_a_council_a_date_a_title_and_real_times_in_order():
    assert check_meeting(MEETING) == {}
    empty = check_meeting(MeetingInput("", None, "meeting", " "))
    assert empty == {"council_id": _("required"), "title": _("required"), "date": _("required")}
    bad = check_meeting(replace(MEETING, start="25時", end="18:00"))
    assert bad == {"start": time_problem("25時")}  # no order reason beside a time that is none
    assert check_meeting(replace(MEETING, start="19時", end="18時半")) == {"end": _("the end is before the start")}
    assert check_meeting(replace(MEETING, start="9時", end="10:00")) == {}  # compared as times, not texts


def test_the_save_refuses_what_the_dialog_refuses(store):
    """validate_meeting runs the same rules: a bad time cannot reach the table by another caller."""
    item = replace(MEETING, start="25時")
    assert validate_meeting(store, item)["start"] == check_meeting(item)["start"]
    with pytest.raises(Invalid) as refused:
        save_meeting(store, item)
    assert refused.value.problems == check_meeting(item)



def test_the_save_stores_times_as_the_dialog_shows_them(store):
    """A caller other than the dialog (import, a script) gets the same tidy times: 19時 → 19:00."""
    from app.domain.enums import District
    from app.services.attendance.records import CouncilInput, save_council
    from app.storage.models import Meeting

    council = save_council(store, CouncilInput("shiba-1", "芝地区第一協議会", District.SHIBA.value))
    saved = save_meeting(store, replace(MEETING, council_id=council, start="19時", end="20時半"))
    with store.read() as session:
        meeting = session.get(Meeting, saved)
        assert (meeting.start, meeting.end) == ("19:00", "20:30")

def test_staff_rules_with_the_ward_width():
    person = StaffInput("100234", "髙橋 美咲", "ﾀｶﾊｼ ﾐｻｷ")
    assert check_staff(person) == {}
    assert set(check_staff(StaffInput("", "", ""))) == {"staff_no", "name", "kana"}
    assert check_staff(replace(person, kana="高橋"))["kana"] == _("the reading must be written in hiragana or katakana")
    assert check_staff(replace(person, housing="芝公園住宅"))["council_id"] == \
        _("a housing resident needs an assigned council")
    assert "staff_no" in check_staff(replace(person, staff_no="12x"))
    assert "staff_no" in check_staff(person, width=4)  # six digits do not fit a four-digit ward
    assert check_staff(replace(person, staff_no="1234"), width=4) == {}


# -- town walks --------------------------------------------------------------------------------

def test_route_item_and_walk_rules():
    assert check_route(RouteInput("SHIBA01", "芝", "芝")) == {}
    assert check_route(RouteInput("", "", "")) == {
        "code": _("required"), "name": _("required"), "district": _("choose one of the five districts")}
    assert check_item(ItemInput("t", "stop", "  ")) == {"text": _("required")}
    assert check_walk(WalkInput("r", date(2026, 6, 12), start="10時", end="9:30")) == {
        "end": _("the end is before the start")}
    assert check_walk(WalkInput("", None, start="x")) == {
        "route_id": _("required"), "date": _("required"), "start": time_problem("x")}


# -- survey answers as typed -------------------------------------------------------------------

FORM = SurveyInput("S", "t", 2026, questions=(
    QuestionInput("single", "量", ("多い", "適切", "少ない"), True, id="q1"),
    QuestionInput("rating", "効率", (), True, id="q2"),
    QuestionInput("multiple", "非効率", ("紙", "会議", "照会"), id="q3"),
    QuestionInput("text", "その他", id="q4"),
))


@pytest.mark.parametrize(("index", "text", "expected"), [
    (0, "２", ("適切", None)),  # full-width digits, as an IME types them
    (0, "1 2", (None, "one choice only")),
    (0, "4", (None, "choose 1 to {n}")),
    (0, "多い", (None, "type the number of the choice")),
    (1, "5", (5, None)),
    (1, "6", (None, "type 1 to 5")),
    (2, "3、1", (["紙", "照会"], None)),
    (2, "13", (["紙", "照会"], None)),  # typed without a space
    (3, " そのまま ", ("そのまま", None)),
    (3, "", (None, None)),
])
def test_a_typed_answer_is_read_by_its_question_kind(index, text, expected):
    value, problem = parse_answer(FORM.questions[index], text)
    assert (value, problem) == (expected[0], _(expected[1]).format(n=3) if expected[1] else None)


def test_typed_problems_keep_the_reading_reason_then_the_response_rules():
    typed = {"q1": "9", "q2": "", "q3": "2", "q4": ""}
    answers, problems = read_answers(FORM, typed)
    assert answers == {"q1": None, "q2": None, "q3": ["会議"], "q4": None}
    assert problems == {"q:q1": _("choose 1 to {n}").format(n=3)}
    item = ResponseInput("s", True, date(2026, 6, 10), answers=answers)
    assert typed_problems(FORM, item, typed) == {"q:q1": _("choose 1 to {n}").format(n=3), "q:q2": _("required")}
    named = replace(item, anonymous=False)
    assert typed_problems(FORM, named, typed)["staff_no"] == _("required for a named response (or choose anonymous)")
    undated = replace(item, received=None)
    assert typed_problems(FORM, undated, typed) == {"q:q1": _("choose 1 to {n}").format(n=3),
                                                    "received": _("required")}


def test_choices_split_alike_in_the_editor_and_the_import():
    from app.services.survey.defs import split_choices

    assert split_choices(" 紙 | 会議｜照会 ") == ("紙", "会議", "照会")
    assert split_choices("紙\n会議||") == ("紙", "会議")
