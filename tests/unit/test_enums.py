"""Districts, meeting kinds and attendance marks: stored values, labels and parsers."""

import pytest

from app.domain.enums import (
    AttendanceStatus,
    District,
    MeetingKind,
    parse_attendance_status,
    parse_district,
    parse_meeting_kind,
)


def test_stored_values():
    assert [d.value for d in District] == ["芝", "麻布", "赤坂", "高輪", "芝浦港南"]
    assert District.SHIBAURA_KONAN == "芝浦港南"
    assert [k.value for k in MeetingKind] == ["meeting", "drill", "event"]
    assert [s.value for s in AttendanceStatus] == ["present", "late", "absent", "excused"]


def test_ja_is_fixed_whatever_the_language(english):
    assert [k.ja for k in MeetingKind] == ["会議", "訓練", "行事"]
    assert [s.ja for s in AttendanceStatus] == ["出席", "遅刻", "欠席", "公欠"]
    assert District.AZABU.ja == "麻布"


def test_labels_in_japanese():
    assert [k.label() for k in MeetingKind] == ["会議", "訓練", "行事"]
    assert [s.label() for s in AttendanceStatus] == ["出席", "遅刻", "欠席", "公欠"]
    assert [d.label() for d in District] == ["芝", "麻布", "赤坂", "高輪", "芝浦港南"]


def test_labels_in_english(english):
    assert [k.label() for k in MeetingKind] == ["Meeting", "Drill", "Event"]
    assert [s.label() for s in AttendanceStatus] == ["Present", "Late", "Absent", "Excused"]
    assert District.SHIBAURA_KONAN.label() == "Shibaura-Konan"


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("芝", District.SHIBA),
        ("芝地区", District.SHIBA),
        (" 芝 地区 ", District.SHIBA),
        ("芝浦港南", District.SHIBAURA_KONAN),
        ("芝浦港南地区", District.SHIBAURA_KONAN),
        ("芝浦\u3000港南", District.SHIBAURA_KONAN),
        ("麻布", District.AZABU),
        ("赤坂地区", District.AKASAKA),
        ("高輪", District.TAKANAWA),
        ("Shibaura-Konan", District.SHIBAURA_KONAN),
        ("ｔａｋａｎａｗａ", District.TAKANAWA),
    ],
)
def test_parse_district(text, district):
    assert parse_district(text) is district


@pytest.mark.parametrize("text", ["", "港南", "芝浦", "地区", "髙輪", "新宿"])
def test_parse_district_rejects_listing_choices(english, text):
    with pytest.raises(ValueError, match="芝, 麻布, 赤坂, 高輪, 芝浦港南"):
        parse_district(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("meeting", MeetingKind.MEETING),
        ("MEETING", MeetingKind.MEETING),
        ("Drill", MeetingKind.DRILL),
        (" event ", MeetingKind.EVENT),
        ("会議", MeetingKind.MEETING),
        ("訓練", MeetingKind.DRILL),
        ("行事", MeetingKind.EVENT),
    ],
)
def test_parse_meeting_kind(text, kind):
    assert parse_meeting_kind(text) is kind


def test_parse_meeting_kind_rejects(english):
    with pytest.raises(ValueError, match="meeting, drill, event, 会議, 訓練, 行事"):
        parse_meeting_kind("party")


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("present", AttendanceStatus.PRESENT),
        ("Late", AttendanceStatus.LATE),
        ("ABSENT", AttendanceStatus.ABSENT),
        ("excused", AttendanceStatus.EXCUSED),
        ("出席", AttendanceStatus.PRESENT),
        ("遅刻", AttendanceStatus.LATE),
        ("欠席", AttendanceStatus.ABSENT),
        ("公欠", AttendanceStatus.EXCUSED),
        ("\u3000出席 ", AttendanceStatus.PRESENT),
    ],
)
def test_parse_attendance_status(text, status):
    assert parse_attendance_status(text) is status


def test_parse_attendance_status_rejects(english):
    with pytest.raises(ValueError, match="present, late, absent, excused, 出席, 遅刻, 欠席, 公欠"):
        parse_attendance_status("here")


def test_parse_reason_is_japanese_by_default():
    with pytest.raises(ValueError) as info:
        parse_attendance_status("here")
    assert "write one of" not in str(info.value)
