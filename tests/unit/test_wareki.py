"""Japanese eras: formatting dates and fiscal years, parsing fiscal years."""

from datetime import date, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from app.domain.wareki import (
    ERAS,
    era_of,
    fiscal_year_label,
    format_date,
    format_fiscal_year,
    format_wareki,
    parse_fiscal_year,
)
from app.i18n import set_language


@pytest.mark.parametrize(
    ("d", "text"),
    [
        (date(2024, 4, 1), "令和6年4月1日"),
        (date(2019, 5, 1), "令和元年5月1日"),
        (date(2019, 4, 30), "平成31年4月30日"),
        (date(1989, 1, 8), "平成元年1月8日"),
        (date(1989, 1, 7), "昭和64年1月7日"),
        (date(1926, 12, 25), "昭和元年12月25日"),
        (date(1926, 12, 24), "大正15年12月24日"),
        (date(2020, 1, 1), "令和2年1月1日"),
        (date(1912, 7, 30), "大正元年7月30日"),
        (date(1912, 7, 29), "明治45年7月29日"),
        (date(1873, 1, 1), "明治6年1月1日"),
    ],
)
def test_format_wareki(d, text):
    assert format_wareki(d) == text


def test_format_wareki_refuses_dates_before_the_western_calendar():
    with pytest.raises(ValueError, match="1873-01-01"):
        format_wareki(date(1872, 12, 31))


def test_format_date_follows_the_ui_language(english):
    assert format_date(date(2024, 6, 12)) == "2024-06-12"
    assert format_date(date(2024, 6, 12), weekday=True) == "2024-06-12 (Wed)"
    set_language("ja")
    assert format_date(date(2024, 6, 12)) == "令和6年6月12日"
    assert format_date(date(2024, 6, 12), weekday=True) == "令和6年6月12日（水）"
    assert format_date(date(2019, 5, 1)) == "令和元年5月1日"


def test_eras_are_contiguous():
    for older, newer in zip(ERAS, ERAS[1:], strict=False):
        assert older.end + timedelta(days=1) == newer.start
    assert era_of(date(2019, 5, 1)).name == "令和"


@pytest.mark.parametrize(
    ("fy", "text"),
    [
        (2024, "令和6年度"),
        (2019, "令和元年度"),
        (2020, "令和2年度"),
        (2018, "平成30年度"),
        (1989, "平成元年度"),
        (1988, "昭和63年度"),
    ],
)
def test_format_fiscal_year(fy, text):
    assert format_fiscal_year(fy) == text


def test_fiscal_year_label_uses_full_width_parentheses():
    assert fiscal_year_label(2024) == "令和6年度（2024）"
    assert fiscal_year_label(2019) == "令和元年度（2019）"


@pytest.mark.parametrize(
    ("text", "fy"),
    [
        ("2024", 2024),
        ("2024年度", 2024),
        ("令和6年度", 2024),
        ("R6", 2024),
        ("r6年度", 2024),
        ("R06", 2024),
        ("令和元年度", 2019),
        ("令和1年度", 2019),
        ("平成31年度", 2019),
        ("H31", 2019),
        ("平成元年度", 1989),
        ("昭和63年度", 1988),
        ("２０２４", 2024),
        ("令和６年度", 2024),
        ("  令和 6 年度\u3000", 2024),
        ("FY2024", 2024),
        ("令和6年度（2024）", 2024),
    ],
)
def test_parse_fiscal_year(text, fy):
    assert parse_fiscal_year(text) == fy


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "required"),
        ("   ", "required"),
        ("24", "not a fiscal year"),
        ("令和", "not a fiscal year"),
        ("2024年", "not a fiscal year"),
        ("X6", "not a fiscal year"),
        ("平成32年度", r"not in the 平成 era \(1989-01-08 to 2019-04-30\)"),
        ("昭和64年度", "not in the 昭和 era"),
        ("令和0年度", "no year 0"),
        ("1800", "between 1913 and 9998"),
        ("令和6年度（2023）", "different fiscal years"),
    ],
)
def test_parse_fiscal_year_rejects(english, text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_fiscal_year(text)


def test_parse_fiscal_year_reason_is_translated():
    with pytest.raises(ValueError) as info:
        parse_fiscal_year("平成32年度")
    assert "era" not in str(info.value)
    assert "平成" in str(info.value)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1913, max_value=9998))
@example(2019)
@example(1989)
@example(1988)
@example(1926)
def test_format_fiscal_year_roundtrips(fy):
    assert parse_fiscal_year(format_fiscal_year(fy)) == fy
    assert parse_fiscal_year(fiscal_year_label(fy)) == fy
