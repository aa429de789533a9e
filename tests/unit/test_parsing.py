"""Cell parsers: dates (western and 和暦), times, numbers and flags."""

from datetime import date, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.parsing import (
    LATE_HEISEI,
    date_note,
    format_date_iso,
    format_time,
    parse_active,
    parse_date,
    parse_flag,
    parse_int,
    parse_time,
)
from app.domain.wareki import ERAS, format_wareki


@pytest.mark.parametrize(
    ("text", "d"),
    [
        ("2024-04-01", date(2024, 4, 1)),
        ("2024/4/1", date(2024, 4, 1)),
        ("令和6年4月1日", date(2024, 4, 1)),
        ("R6.4.1", date(2024, 4, 1)),
        ("R06/04/01", date(2024, 4, 1)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("H31.4.30", date(2019, 4, 30)),
        ("h31.4.30", date(2019, 4, 30)),
        ("S64.1.7", date(1989, 1, 7)),
        ("昭和元年12月25日", date(1926, 12, 25)),
        ("2024年4月1日", date(2024, 4, 1)),
        ("２０２４－０４－０１", date(2024, 4, 1)),
        ("令和６年４月１日", date(2024, 4, 1)),
        (" 令和 6年 4月 1日\u3000", date(2024, 4, 1)),
        ("2024-02-29", date(2024, 2, 29)),
        ("令和1年5月1日", date(2019, 5, 1)),
        # a weekday after the date, as meeting sheets print it
        ("令和6年6月12日(水)", date(2024, 6, 12)),
        ("令和6年6月12日水曜日", date(2024, 6, 12)),
        ("令和６年６月１２日（水）", date(2024, 6, 12)),
        ("令和6年6月12日（水曜日）", date(2024, 6, 12)),
        ("令和6年6月12日 (水曜)", date(2024, 6, 12)),
        ("令和7年5月5日(月・祝)", date(2025, 5, 5)),
        ("2024/6/12(水)", date(2024, 6, 12)),
        ("2024-06-12 (Wed)", date(2024, 6, 12)),
        ("2024-06-12 Wednesday", date(2024, 6, 12)),
        ("R6.6.12(水)", date(2024, 6, 12)),
        # kanji numerals
        ("令和六年六月十二日", date(2024, 6, 12)),
        ("令和元年五月一日", date(2019, 5, 1)),
        ("令和二年十月十日", date(2020, 10, 10)),
        ("令和三年二月二十日", date(2021, 2, 20)),
        ("令和五年十二月三十一日", date(2023, 12, 31)),
        ("平成十一年十一月十一日", date(1999, 11, 11)),
        ("令和六年六月十二日（水）", date(2024, 6, 12)),
        ("二〇二四年六月十二日", date(2024, 6, 12)),
        # 平成 after the era ended, to the end of 平成31年度: the same western date
        ("平成31年5月1日", date(2019, 5, 1)),
        ("H31.5.1", date(2019, 5, 1)),
        ("平成31年12月31日", date(2019, 12, 31)),
        ("平成32年1月1日", date(2020, 1, 1)),
        ("平成32年3月31日", date(2020, 3, 31)),
        ("平成三十二年三月三十一日", date(2020, 3, 31)),
        # 明治, from the western calendar on
        ("明治45年7月29日", date(1912, 7, 29)),
        ("M6.1.1", date(1873, 1, 1)),
    ],
)
def test_parse_date_accepts(text, d):
    assert parse_date(text) == d


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2024-02-30", "no day 30 in 2024-02"),
        ("2023-02-29", "no day 29 in 2023-02"),
        ("2024-13-01", "month 13 does not exist"),
        ("平成32年4月1日", r"not in the 平成 era \(1989-01-08 to 2019-04-30\); 平成 dates are read up to 平成32年3月31日"),
        ("H33.1.1", "平成 dates are read up to 平成32年3月31日"),
        ("令和1年4月1日", r"not in the 令和 era \(from 2019-05-01\)"),
        ("令和元年4月30日", "not in the 令和 era"),
        ("S64.1.8", "not in the 昭和 era"),
        ("昭和64年1月8日", r"not in the 昭和 era \(1926-12-25 to 1989-01-07\)"),
        ("明治45年8月1日", r"not in the 明治 era \(1868-10-23 to 1912-07-29\)"),
        ("大正元年7月29日", r"not in the 大正 era \(1912-07-30 to 1926-12-24\)"),
        ("明治5年12月31日", "before 1873-01-01, when the western calendar began"),
        ("令和6年6月12日(木)", "2024-06-12 is a Wednesday, not a Thursday"),
        ("令和6年6月12日木曜日", "2024-06-12 is a Wednesday, not a Thursday"),
        ("2024-06-12 (Sun)", "2024-06-12 is a Wednesday, not a Sunday"),
        ("令和6年6月12日(水)(水)", "not a date"),
        ("令和6年6月12日(休)", "not a date"),
        ("令和十十年1月1日", "not a date"),
        ("令和二二十年1月1日", "not a date"),
        ("令和0年5月1日", "no year 0"),
        ("2024-4/1", "not a date"),
        ("24/4/1", "not a date"),
        ("2024-04-01 19:00", "not a date"),
        ("明日", "not a date"),
        ("", "required"),
    ],
)
def test_parse_date_rejects(english, text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_date(text)


def test_wrong_weekday_is_named_in_japanese():
    with pytest.raises(ValueError) as info:
        parse_date("令和6年6月12日(木)")
    assert str(info.value) == "令和6年6月12日は水曜日です（木曜日ではありません）"


def test_date_note_tells_late_heisei():
    assert date_note("平成31年5月1日") == LATE_HEISEI
    assert date_note("H32.3.31") == LATE_HEISEI
    assert date_note("平成31年4月30日") is None
    assert date_note("令和元年5月1日") is None
    assert date_note("2019-05-01") is None


def test_parse_date_reason_is_japanese_by_default():
    with pytest.raises(ValueError) as info:
        parse_date("2024-02-30")
    assert "day" not in str(info.value)


def test_format_date_iso():
    assert format_date_iso(date(2024, 4, 1)) == "2024-04-01"


# --- property: format_wareki -> parse_date round-trips --------------------------------------------

# Every era boundary and its neighbours, so a formatter that is off by a day is found at once.
EDGE_DATES = sorted(
    {e.start + timedelta(days=k) for e in ERAS[1:] for k in (-1, 0, 1)}
    | {date(y, 1, 1) for y in (1927, 1989, 2019, 2020)}
    | {date(2100, 12, 31)}
)
WAREKI_DATES = st.one_of(
    st.dates(min_value=date(1927, 1, 1), max_value=date(2100, 12, 31)), st.sampled_from(EDGE_DATES)
)


def check_roundtrip(fmt, parse, max_examples=300):
    """The property: ``parse(fmt(d)) == d`` for every date 1927–2100, for any fmt/parse pair."""

    @settings(
        max_examples=max_examples,
        derandomize=True,
        database=None,
        deadline=None,
        report_multiple_bugs=False,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(WAREKI_DATES)
    def roundtrip(d):
        text = fmt(d)
        try:
            back = parse(text)
        except ValueError as e:
            raise AssertionError(f"{d} was written {text!r}, which does not parse: {e}") from e
        assert back == d, f"{d} was written {text!r}, which parses as {back}"

    roundtrip()


def test_wareki_roundtrip():
    check_roundtrip(format_wareki, parse_date)


def test_iso_roundtrip():
    check_roundtrip(format_date_iso, parse_date, max_examples=100)


def _heisei_a_day_late(d: date) -> str:
    """Broken on purpose: keeps 昭和 one day too long (昭和64年1月8日 instead of 平成元年1月8日)."""
    if d == date(1989, 1, 8):
        return "昭和64年1月8日"
    return format_wareki(d)


def _month_day_swapped(d: date) -> str:
    """Broken on purpose: writes the day before the month."""
    era_and_year = format_wareki(d).split("年")[0]
    return f"{era_and_year}年{d.day}月{d.month}日"


@pytest.mark.parametrize("broken", [_heisei_a_day_late, _month_day_swapped])
def test_roundtrip_property_catches_broken_formatters(broken):
    with pytest.raises(AssertionError):
        check_roundtrip(broken, parse_date)


def test_era_boundaries_exhaustively():
    for era in ERAS[1:]:
        d = era.start - timedelta(days=400)
        while d <= era.start + timedelta(days=400):
            assert parse_date(format_wareki(d)) == d
            d += timedelta(days=1)


# --- times -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "t"),
    [
        ("19:00", time(19, 0)),
        ("9:05", time(9, 5)),
        ("09:05", time(9, 5)),
        ("19時", time(19, 0)),
        ("19時30分", time(19, 30)),
        ("9時5分", time(9, 5)),
        ("19時半", time(19, 30)),
        ("１９：００", time(19, 0)),
        ("１９時", time(19, 0)),
        (" 19:00 ", time(19, 0)),
        ("0:00", time(0, 0)),
        ("23:59", time(23, 59)),
        ("19:00:00", time(19, 0)),
    ],
)
def test_parse_time_accepts(text, t):
    assert parse_time(text) == t


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("25:00", "hour 25 does not exist"),
        ("24:00", "hour 24 does not exist"),
        ("19:60", "0–59"),
        ("19時75分", "0–59"),
        ("19", "not a time"),
        ("7pm", "not a time"),
        ("19:5", "not a time"),
        ("", "required"),
    ],
)
def test_parse_time_rejects(english, text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_time(text)


def test_format_time():
    assert format_time(time(19, 0)) == "19:00"
    assert format_time(time(9, 5)) == "09:05"
    assert parse_time(format_time(time(7, 45))) == time(7, 45)


# --- numbers and flags -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "n"), [("0", 0), ("12", 12), ("１２", 12), (" 3 ", 3), ("1,200", 1200), ("007", 7)]
)
def test_parse_int_accepts(text, n):
    assert parse_int(text) == n


@pytest.mark.parametrize(
    ("text", "kwargs", "reason"),
    [
        ("-1", {}, "at least 0"),
        ("0", {"minimum": 1}, "at least 1"),
        ("11", {"maximum": 10}, "at most 10"),
        ("1.5", {}, "not a whole number"),
        ("12人", {}, "not a whole number"),
        ("1,20", {}, "not a whole number"),
        ("", {}, "required"),
    ],
)
def test_parse_int_rejects(english, text, kwargs, reason):
    with pytest.raises(ValueError, match=reason):
        parse_int(text, **kwargs)


def test_parse_int_negative_when_allowed():
    assert parse_int("-3", minimum=None) == -3
    assert parse_int("－３", minimum=-5) == -3


def test_parse_flag_generic():
    kw = {"true_words": ["はい", "Yes"], "false_words": ["いいえ", "No"]}
    assert parse_flag("ＹＥＳ", **kw) is True
    assert parse_flag(" いいえ ", **kw) is False
    assert parse_flag("", empty=False, **kw) is False


def test_parse_flag_lists_accepted_words(english):
    with pytest.raises(ValueError, match="write one of: はい, Yes, いいえ, No"):
        parse_flag("maybe", true_words=["はい", "Yes"], false_words=["いいえ", "No"])
    with pytest.raises(ValueError):
        parse_flag("", true_words=["はい"], false_words=["いいえ"])


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1", True),
        ("0", False),
        ("true", True),
        ("TRUE", True),
        ("False", False),
        ("在籍", True),
        ("退職", False),
        ("", True),
        ("  ", True),
        ("１", True),
    ],
)
def test_parse_active(text, value):
    assert parse_active(text) is value


def test_parse_active_rejects(english):
    with pytest.raises(ValueError, match="1, true, 在籍, 0, false, 退職"):
        parse_active("yes")
