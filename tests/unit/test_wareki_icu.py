"""和暦 held against ICU's Japanese calendar (the oracle; the app needs no ICU), both ways: the app
writes a date as ICU does, and reads what ICU writes (with the weekday, in kanji numerals)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import icu
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from app.domain.parsing import parse_date
from app.domain.wareki import ERAS, format_wareki

JAPANESE = "ja_JP@calendar=japanese"
KANJI_NUMERALS = "ja_JP@calendar=japanese;numbers=jpan"  # 六月十二日 (the era year stays in digits)
# From 1873 (明治6年), when Japan took up the western calendar; ICU counts 明治 from 1868-09-08.
DATES = st.dates(min_value=date(1873, 1, 1), max_value=date(2150, 12, 31))
BOUNDARIES = [e.start + timedelta(days=k) for e in ERAS[1:] for k in (-1, 0, 1)]


def icu_text(d: date, pattern: str, locale: str = JAPANESE) -> str:
    fmt = icu.SimpleDateFormat(pattern, icu.Locale(locale))
    fmt.setTimeZone(icu.TimeZone.getGMT())
    noon = (datetime(d.year, d.month, d.day, 12) - datetime(1970, 1, 1)).total_seconds()
    return fmt.format(noon)  # PyICU takes seconds since the epoch


def test_icu_writes_as_the_ward_does():
    assert icu_text(date(2019, 5, 1), "Gy年M月d日") == "令和元年5月1日"
    assert icu_text(date(2024, 6, 12), "Gy年M月d日(E)", KANJI_NUMERALS) == "令和6年六月十二日(水)"


@pytest.mark.parametrize("d", BOUNDARIES)
def test_era_boundaries_as_icu(d):
    assert format_wareki(d) == icu_text(d, "Gy年M月d日")


@settings(max_examples=400, deadline=None)
@given(DATES)
@example(date(2019, 4, 30))
@example(date(2019, 5, 1))
@example(date(1912, 7, 29))
@example(date(1926, 12, 25))
def test_format_and_parse_as_icu(d):
    assert format_wareki(d) == icu_text(d, "Gy年M月d日")
    for pattern, locale in [
        ("Gy年M月d日", JAPANESE),
        ("Gy年M月d日(E)", JAPANESE),
        ("Gy年M月d日EEEE", JAPANESE),
        ("Gy年MM月dd日（E）", JAPANESE),
        ("Gy年M月d日", KANJI_NUMERALS),
        ("Gy年M月d日(E)", KANJI_NUMERALS),
    ]:
        text = icu_text(d, pattern, locale)
        assert parse_date(text) == d, text


@settings(max_examples=200, deadline=None)
@given(DATES, st.integers(1, 6))
def test_a_weekday_that_is_not_the_dates_is_refused(d, shift):
    """ICU writes the weekday of another day after this date: the app must say so."""
    other = icu_text(d + timedelta(days=shift), "E")
    text = icu_text(d, "Gy年M月d日") + f"({other})"
    with pytest.raises(ValueError, match=f"{other}曜日ではありません"):
        parse_date(text)
