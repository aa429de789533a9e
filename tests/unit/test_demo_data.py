"""The demo-data generator must produce importable, plausible, deterministic rows."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from app.services.demo.attendance import DemoData, fiscal_year_of, generate, generate_bulk

TODAY = date(2026, 11, 23)
DISTRICTS = {"芝", "麻布", "赤坂", "高輪", "芝浦港南"}
KANA = re.compile(r"^[\u3041-\u3096\u30a1-\u30fa\u30fc\uff66-\uff9f\u3000 ]+$")
STAFF_KEYS = ["staff_no", "name", "kana", "department", "housing", "council_code", "active"]
COUNCIL_KEYS = ["code", "name", "district", "school_district"]
MEETING_KEYS = ["council_code", "date", "kind", "title", "place", "start", "end", "residents"]
ATTENDANCE_KEYS = ["council_code", "date", "title", "staff_no", "status", "note"]


@pytest.fixture(scope="module")
def data() -> DemoData:
    return generate(TODAY)


def _meeting_key(row: dict[str, str]) -> tuple[str, str, str]:
    return row["council_code"], row["date"], row["title"]


def test_deterministic_for_same_today_and_seed() -> None:
    assert generate(TODAY) == generate(TODAY)
    assert generate(TODAY, seed=7) == generate(TODAY, seed=7)
    assert generate(TODAY, seed=7) != generate(TODAY)


def test_columns_are_exactly_the_format_columns_with_string_values(data: DemoData) -> None:
    for rows, keys in ((data.staff, STAFF_KEYS), (data.councils, COUNCIL_KEYS),
                       (data.meetings, MEETING_KEYS), (data.attendance, ATTENDANCE_KEYS)):
        assert rows
        for row in rows:
            assert list(row) == keys
            assert all(isinstance(v, str) for v in row.values())


def test_counts_in_expected_ranges(data: DemoData) -> None:
    assert len(data.staff) == 200
    assert 22 <= len(data.councils) <= 30
    housed = [s for s in data.staff if s["housing"]]
    assert 30 <= len(housed) <= 50
    # per council and fiscal year: 4-6 meetings + 1 drill + 1-2 events
    assert 2 * len(data.councils) * 6 <= len(data.meetings) <= 2 * len(data.councils) * 9
    assert len(generate(TODAY, staff_count=57).staff) == 57


def test_councils_cover_the_five_districts(data: DemoData) -> None:
    per_district = Counter(c["district"] for c in data.councils)
    assert set(per_district) == DISTRICTS
    assert all(4 <= n <= 6 for n in per_district.values())
    for council in data.councils:
        assert re.fullmatch(r"(SH|AZ|AK|TK|SK)\d{2}", council["code"])
        assert council["school_district"].endswith("小学校区")
        assert council["name"] == council["school_district"] + "地域防災協議会"


def test_names_and_readings(data: DemoData) -> None:
    styles = Counter()
    for person in data.staff:
        family, given = person["name"].split("\u3000")
        assert family and given
        assert KANA.fullmatch(person["kana"]), person["kana"]
        if re.search(r"[\uff66-\uff9f]", person["kana"]):
            styles["half"] += 1
        elif re.search(r"[\u3041-\u3096]", person["kana"]):
            styles["hiragana"] += 1
        else:
            styles["katakana"] += 1
    assert styles["katakana"] > styles["hiragana"] > styles["half"] > 0
    assert any("髙" in p["name"] or "﨑" in p["name"] for p in generate(TODAY, staff_count=2000).staff)


def test_reading_matches_name() -> None:
    staff = generate(TODAY, staff_count=2000).staff
    by_name = {p["name"]: p["kana"] for p in staff}
    if "髙橋\u3000花子" in by_name:
        assert by_name["髙橋\u3000花子"] in {"タカハシ\u3000ハナコ", "たかはし\u3000はなこ", "ﾀｶﾊｼ ﾊﾅｺ"}
    for person in staff:
        if person["name"].startswith("山﨑\u3000"):
            assert person["kana"].split()[0] in {"ヤマサキ", "やまさき", "ﾔﾏｻｷ"}
        if person["name"].startswith("渡邊\u3000"):
            assert person["kana"].split()[0] in {"ワタナベ", "わたなべ", "ﾜﾀﾅﾍﾞ"}


def test_staff_numbers_unique_six_digits_some_leading_zero(data: DemoData) -> None:
    numbers = [s["staff_no"] for s in data.staff]
    assert len(set(numbers)) == len(numbers)
    assert all(re.fullmatch(r"\d{6}", n) for n in numbers)
    assert any(n.startswith("0") for n in numbers)


def test_housing_and_council_go_together(data: DemoData) -> None:
    codes = {c["code"] for c in data.councils}
    for person in data.staff:
        assert bool(person["housing"]) == bool(person["council_code"])
        if person["council_code"]:
            assert person["council_code"] in codes
    rooms = [s["housing"] for s in data.staff if s["housing"]]
    assert len(set(rooms)) == len(rooms)


def test_retired_share_about_five_percent(data: DemoData) -> None:
    assert {s["active"] for s in data.staff} == {"0", "1"}
    share = sum(s["active"] == "0" for s in data.staff) / len(data.staff)
    assert 0.03 <= share <= 0.08


def test_unique_keys(data: DemoData) -> None:
    codes = [c["code"] for c in data.councils]
    assert len(set(codes)) == len(codes)
    meeting_keys = [_meeting_key(m) for m in data.meetings]
    assert len(set(meeting_keys)) == len(meeting_keys)
    marks = [(*_meeting_key(a), a["staff_no"]) for a in data.attendance]
    assert len(set(marks)) == len(marks)


def test_meetings_span_two_fiscal_years(data: DemoData) -> None:
    fy = fiscal_year_of(TODAY)
    assert fy == 2026
    days = [date.fromisoformat(m["date"]) for m in data.meetings]
    assert min(days) >= date(fy - 1, 4, 1)
    assert max(days) <= date(fy + 1, 3, 31)
    assert {fiscal_year_of(d) for d in days} == {fy - 1, fy}
    assert any(d > TODAY for d in days)
    for council in data.councils:
        for year in (fy - 1, fy):
            kinds = Counter(m["kind"] for m, d in zip(data.meetings, days, strict=True)
                            if m["council_code"] == council["code"] and fiscal_year_of(d) == year)
            assert 4 <= kinds["meeting"] <= 6 and kinds["drill"] == 1 and 1 <= kinds["event"] <= 2


def test_meeting_fields_are_plausible(data: DemoData) -> None:
    for m in data.meetings:
        day = date.fromisoformat(m["date"])
        assert m["kind"] in {"meeting", "drill", "event"}
        assert re.fullmatch(r"\d{2}:\d{2}", m["start"]) and m["start"] < m["end"]
        assert 10 <= int(m["residents"]) <= 80
        assert m["place"]
        if m["kind"] == "meeting":
            assert day.weekday() < 5 and (m["start"], m["end"]) == ("19:00", "20:30")
        else:
            assert day.weekday() >= 5
        if m["kind"] == "drill":
            assert (m["start"], m["end"]) == ("09:00", "12:00")


def test_attendance_refers_to_existing_past_meetings_and_staff(data: DemoData) -> None:
    meetings = {_meeting_key(m): m for m in data.meetings}
    staff = {s["staff_no"]: s for s in data.staff}
    for mark in data.attendance:
        assert _meeting_key(mark) in meetings
        assert mark["staff_no"] in staff
        assert mark["date"] <= TODAY.isoformat()
        assert mark["status"] in {"present", "late", "absent", "excused"}
    past = {k for k, m in meetings.items() if m["date"] <= TODAY.isoformat()}
    assert {_meeting_key(a) for a in data.attendance} <= past
    assert len(past) < len(meetings)


def test_every_active_resident_marked_at_each_past_meeting(data: DemoData) -> None:
    marked = {(*_meeting_key(a), a["staff_no"]) for a in data.attendance}
    for m in data.meetings:
        if m["date"] > TODAY.isoformat():
            continue
        for s in data.staff:
            if s["council_code"] == m["council_code"]:
                assert ((*_meeting_key(m), s["staff_no"]) in marked) == (s["active"] == "1")
    statuses = Counter(a["status"] for a in data.attendance)
    assert 0.6 <= statuses["present"] / len(data.attendance) <= 0.85
    assert any(a["note"] for a in data.attendance)
    council_of = {s["staff_no"]: s["council_code"] for s in data.staff}
    visitors = [a for a in data.attendance if council_of[a["staff_no"]] != a["council_code"]]
    assert visitors and all(a["status"] == "present" for a in visitors)


def test_generate_bulk_exact_marks_unique() -> None:
    bulk = generate_bulk(TODAY, staff=2000, marks=40000, seed=1)
    assert len(bulk.staff) == 2000
    assert 28 <= len(bulk.councils) <= 32
    assert len(bulk.attendance) == 40000
    keys = {(*_meeting_key(a), a["staff_no"]) for a in bulk.attendance}
    assert len(keys) == 40000
    meetings = {_meeting_key(m) for m in bulk.meetings}
    numbers = {s["staff_no"] for s in bulk.staff}
    assert all(_meeting_key(a) in meetings and a["staff_no"] in numbers for a in bulk.attendance)
    assert len(generate_bulk(TODAY, staff=300, marks=1234).attendance) == 1234
    assert generate_bulk(TODAY, marks=500, seed=1) == generate_bulk(TODAY, marks=500, seed=1)


def test_generate_scales_to_2000_staff() -> None:
    big = generate(TODAY, staff_count=2000)
    assert len({s["staff_no"] for s in big.staff}) == 2000


def test_no_qt_or_sqlalchemy_imported_by_the_generator() -> None:
    import app.services.demo.attendance as module

    here = Path(module.__file__)
    for text in (here.read_text(encoding="utf-8"), here.with_name("names.py").read_text(encoding="utf-8")):
        assert "PySide6" not in text and "sqlalchemy" not in text.lower()
