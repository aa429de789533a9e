"""Fiscal year (年度) arithmetic: April to March."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.fiscal import current_fiscal_year, fiscal_year_of, fiscal_year_range


@pytest.mark.parametrize(
    ("d", "fy"),
    [
        (date(2025, 3, 31), 2024),
        (date(2025, 4, 1), 2025),
        (date(2024, 1, 1), 2023),
        (date(2024, 12, 31), 2024),
        (date(2019, 4, 30), 2019),
        (date(2020, 2, 29), 2019),
    ],
)
def test_fiscal_year_of(d, fy):
    assert fiscal_year_of(d) == fy


def test_fiscal_year_range():
    assert fiscal_year_range(2024) == (date(2024, 4, 1), date(2025, 3, 31))
    assert fiscal_year_range(2019) == (date(2019, 4, 1), date(2020, 3, 31))


def test_current_fiscal_year_uses_given_day():
    assert current_fiscal_year(date(2026, 2, 1)) == 2025


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1913, 1, 1), max_value=date(9998, 12, 31)))
def test_fiscal_year_of_is_consistent_with_range(d):
    fy = fiscal_year_of(d)
    first, last = fiscal_year_range(fy)
    assert first <= d <= last
    assert fiscal_year_of(first) == fiscal_year_of(last) == fy
    assert fiscal_year_of(first - timedelta(days=1)) == fy - 1
    assert fiscal_year_of(last + timedelta(days=1)) == fy + 1
    assert (last - first).days + 1 in (365, 366)
