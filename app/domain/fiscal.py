"""Fiscal years (年度): every yearly figure of the ward runs 1 April – 31 March.

A fiscal year is named by the calendar year in which it begins: fiscal 2024 is
2024-04-01 .. 2025-03-31.
"""

from __future__ import annotations

from datetime import date

FIRST_MONTH = 4  # April

# The range a fiscal year may take anywhere in FieldDesk: the earliest year the era table can name
# (大正 began 1912-07-30, so fiscal 1913 is the first wholly inside it) and the last whose end date
# ``datetime.date`` can represent.
MIN_FISCAL_YEAR = 1913
MAX_FISCAL_YEAR = 9998


def fiscal_year_of(d: date) -> int:
    """The fiscal year ``d`` falls in: January–March belong to the year that began the April before."""
    return d.year if d.month >= FIRST_MONTH else d.year - 1


def fiscal_year_range(fy: int) -> tuple[date, date]:
    """First and last day of fiscal year ``fy``, both inclusive (so ``first <= d <= last`` tests it)."""
    return date(fy, FIRST_MONTH, 1), date(fy + 1, FIRST_MONTH - 1, 31)


def current_fiscal_year(today: date | None = None) -> int:
    """The fiscal year of ``today`` (default: the local date), the UI's default selection."""
    return fiscal_year_of(today or date.today())
