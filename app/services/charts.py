"""The shapes every chart is drawn from, as plain numbers: the PDF reports (``app.reports``) and
the tabs' widgets draw these, so paper and screen show the same data. Each tab fills them in its
own ``charts`` (attendance) or beside its figures (town-walk coverage)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RateRow:
    key: str  # district value or council code
    label: str
    rates: tuple[float | None, ...]  # one per year of the chart, oldest first; None: nobody expected
    below: int  # housing residents below the minimum in the chart's last year
    people: int  # housing residents in the chart's last year


@dataclass(frozen=True)
class RateChart:
    years: tuple[int, ...]  # oldest first; the last is the year the report is about
    rows: tuple[RateRow, ...]
    minimum: int

    @property
    def below(self) -> int:
        return sum(r.below for r in self.rows)


@dataclass(frozen=True)
class ShareBar:
    label: str
    part: int
    whole: int

    @property
    def rate(self) -> float | None:
        return self.part / self.whole if self.whole else None
