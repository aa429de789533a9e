"""Japanese eras (和暦): the ward writes dates and fiscal years as 令和6年4月1日 / 令和6年度.

The era table covers 明治 to 令和; dates before 1873-01-01 (明治6年, when Japan took up the
western calendar) are refused. The first year of an era is written 元年 on output; "1年" is
accepted on input. ``format_date`` is the one way a date is shown: 和暦 in Japanese, ISO in English.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from app.domain.fiscal import MAX_FISCAL_YEAR, MIN_FISCAL_YEAR, fiscal_year_range
from app.i18n import _, current_language


@dataclass(frozen=True)
class Era:
    name: str  # 令和
    letter: str  # R (upper case)
    start: date  # first day
    end: date | None  # last day (inclusive); None for the current era

    def contains(self, d: date) -> bool:
        return self.start <= d and (self.end is None or d <= self.end)

    def year_of(self, d: date) -> int:
        """Era year of a date inside the era (1 for the first, partial, year)."""
        return d.year - self.start.year + 1

    def span_text(self) -> str:
        """The era's dates for error messages (ISO, readable in both languages)."""
        if self.end is None:
            return _("from {start}").format(start=self.start.isoformat())
        return _("{start} to {end}").format(start=self.start.isoformat(), end=self.end.isoformat())


# Oldest first; each era starts the day after the previous one ends.
ERAS: tuple[Era, ...] = (
    Era("明治", "M", date(1868, 10, 23), date(1912, 7, 29)),  # 改元 in the western calendar
    Era("大正", "T", date(1912, 7, 30), date(1926, 12, 24)),
    Era("昭和", "S", date(1926, 12, 25), date(1989, 1, 7)),
    Era("平成", "H", date(1989, 1, 8), date(2019, 4, 30)),
    Era("令和", "R", date(2019, 5, 1), None),
)
WESTERN_CALENDAR_START = date(1873, 1, 1)  # 明治6年1月1日: earlier dates are in the old calendar
HEISEI = ERAS[3]
# Forms printed before 2019-05-01 carry 平成; the ward reads 平成31年5月1日 … 平成32年3月31日 (the end of
# 平成31年度 = 令和元年度) as the same western date.
LATE_HEISEI_END = date(2020, 3, 31)
ERA_PATTERN = "|".join([e.name for e in ERAS] + [e.letter for e in ERAS] + [e.letter.lower() for e in ERAS])


def find_era(name: str) -> Era:
    """The era written as ``name``: kanji (令和) or letter (R, r)."""
    for era in ERAS:
        if name in (era.name, era.letter, era.letter.lower()):
            return era
    raise ValueError(_("unknown era {name}").format(name=name))


def era_of(d: date) -> Era:
    """The era in force on ``d``."""
    if d < WESTERN_CALENDAR_START:
        raise ValueError(_("dates before {start} are not supported").format(start=WESTERN_CALENDAR_START.isoformat()))
    for era in reversed(ERAS):
        if d >= era.start:
            return era
    raise AssertionError("unreachable: the first era starts before the western calendar")


def era_year_text(year: int) -> str:
    """``1`` -> 元, else the number."""
    return "元" if year == 1 else str(year)


def parse_era_year(text: str) -> int:
    """``元`` or digits -> the era year (≥ 1)."""
    year = 1 if text == "元" else int(text)
    if year < 1:
        raise ValueError(_("an era has no year 0; its first year is written 元年"))
    return year


def checked_date(year: int, month: int, day: int) -> date:
    """``date(year, month, day)`` with a translated reason when the day does not exist."""
    if not 1 <= month <= 12:
        raise ValueError(_("month {month} does not exist (1–12)").format(month=month))
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(
            _("there is no day {day} in {year}-{month:02d}").format(day=day, year=year, month=month)
        ) from None


def era_date(era: Era, year: int, month: int, day: int) -> date:
    """The date written ``{era}{year}年{month}月{day}日``; refused when outside the era, except a
    平成 date up to 平成32年3月31日 (``is_late_heisei``), which is the same western date."""
    d = checked_date(era.start.year + year - 1, month, day)
    written = f"{era.name}{era_year_text(year)}年{month}月{day}日"
    if d < WESTERN_CALENDAR_START:
        raise ValueError(_("{written} is before {start}, when the western calendar began").format(
            written=written, start=WESTERN_CALENDAR_START.isoformat()))
    if era is HEISEI and d > LATE_HEISEI_END:
        raise ValueError(_("{written} is not in the {era} era ({span}); 平成 dates are read up to 平成32年3月31日, "
                           "the end of 平成31年度").format(written=written, era=era.name, span=era.span_text()))
    if not era.contains(d) and not is_late_heisei(era, d):
        raise ValueError(
            _("{written} is not in the {era} era ({span})").format(
                written=written, era=era.name, span=era.span_text()
            )
        )
    return d


def is_late_heisei(era: Era, d: date) -> bool:
    """A 平成 date written after the era ended, up to the end of 平成31年度."""
    return era is HEISEI and HEISEI.end < d <= LATE_HEISEI_END


def weekday_name(d: date) -> str:
    """Short weekday in the UI language (水 / Wed)."""
    return (_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun"))[d.weekday()]


def format_date(d: date, *, weekday: bool = False, western: bool = False) -> str:
    """How every tab and report shows a date: ``令和6年6月12日`` in Japanese, ``2024-06-12`` in English
    (ISO, which no reader of English misreads). ``weekday`` adds it (``令和6年6月12日（水）``,
    ``2024-06-12 (Wed)``); ``western`` adds the ISO date in Japanese (``令和6年6月12日（2024-06-12・水）``),
    for headers that are filed. A date before the western calendar has no era: ISO in both."""
    if current_language() != "ja" or d < WESTERN_CALENDAR_START:
        return f"{d.isoformat()} ({weekday_name(d)})" if weekday else d.isoformat()
    extra = [d.isoformat()] * western + [weekday_name(d)] * weekday
    return format_wareki(d) + (f"（{'・'.join(extra)}）" if extra else "")


def format_datetime(at: datetime, *, seconds: bool = False, western: bool = False) -> str:
    """A moment as ``format_date`` shows its day, then the time: ``令和6年6月12日 19:05`` /
    ``2024-06-12 19:05``; ``western`` adds ``（2024-06-12 19:05）`` in Japanese."""
    clock = at.strftime("%H:%M:%S" if seconds else "%H:%M")
    text = f"{format_date(at.date())} {clock}"
    if western and current_language() == "ja" and at.date() >= WESTERN_CALENDAR_START:
        text += f"（{at.date().isoformat()} {clock}）"
    return text


def format_wareki(d: date) -> str:
    """``2024-04-01`` -> ``令和6年4月1日`` (no zero padding, 元年 for year 1)."""
    era = era_of(d)
    return f"{era.name}{era_year_text(era.year_of(d))}年{d.month}月{d.day}日"


def fiscal_year_era(fy: int) -> tuple[Era, int]:
    """The era and era year a fiscal year is written with.

    The era in force on 1 May of the fiscal year: the only era change that fell between April and
    the end of May is 令和's (2019-05-01), and the ward writes fiscal 2019 as 令和元年度; every other
    fiscal year takes the era of its first day (fiscal 1988 is 昭和63年度).
    """
    era = era_of(date(fy, 5, 1))
    return era, fy - era.start.year + 1


def format_fiscal_year(fy: int) -> str:
    """``2024`` -> ``令和6年度``; ``2019`` -> ``令和元年度``."""
    era, year = fiscal_year_era(fy)
    return f"{era.name}{era_year_text(year)}年度"


def fiscal_year_label(fy: int) -> str:
    """``2024`` -> ``令和6年度（2024）`` in Japanese, ``FY2024`` in English: the text of the year
    selectors and PDF headings (both parse back with ``parse_fiscal_year``)."""
    return f"{format_fiscal_year(fy)}（{fy}）" if current_language() == "ja" else f"FY{fy}"


def short_fiscal_year_label(fy: int) -> str:
    """``令和6年度`` in Japanese, ``FY2024`` in English: chart legends, where space is short."""
    return format_fiscal_year(fy) if current_language() == "ja" else f"FY{fy}"


_FY_WESTERN = re.compile(r"(?:FY)?(?P<y>\d{4})(?:年度)?", re.IGNORECASE)
_FY_ERA = re.compile(rf"(?P<era>{ERA_PATTERN})(?P<y>元|\d{{1,4}})(?:年度)?")
_FY_LABEL = re.compile(r"(?P<era>.+)\((?P<y>\d{4})\)")


def parse_fiscal_year(text: str) -> int:
    """Fiscal year from ``2024``, ``2024年度``, ``FY2024``, ``令和6年度``, ``R6``, ``令和元年度``,
    ``平成31年度`` (= 2019, as some offices still write it) or a label ``令和6年度（2024）``.

    Full-width characters and spaces anywhere are accepted.
    """
    s = "".join(unicodedata.normalize("NFKC", text).split())
    if not s:
        raise ValueError(_("a fiscal year is required"))
    label = _FY_LABEL.fullmatch(s)
    if label:
        fy = _parse_fy(label["era"], text)
        if fy != int(label["y"]):
            raise ValueError(
                _("{era} and {year} are different fiscal years").format(era=label["era"], year=label["y"])
            )
        return fy
    return _parse_fy(s, text)


def _parse_fy(s: str, original: str) -> int:
    m = _FY_WESTERN.fullmatch(s)
    if m:
        fy = int(m["y"])
    else:
        m = _FY_ERA.fullmatch(s)
        if not m:
            raise ValueError(_("not a fiscal year; write e.g. 2024, 2024年度, 令和6年度 or R6"))
        era = find_era(m["era"])
        year = parse_era_year(m["y"])
        fy = era.start.year + year - 1
        first, last = fiscal_year_range(fy)
        if last < era.start or (era.end is not None and first > era.end):
            raise ValueError(
                _("{written} is not in the {era} era ({span})").format(
                    written=original.strip(), era=era.name, span=era.span_text()
                )
            )
    if not MIN_FISCAL_YEAR <= fy <= MAX_FISCAL_YEAR:
        raise ValueError(
            _("fiscal year must be between {min} and {max}").format(min=MIN_FISCAL_YEAR, max=MAX_FISCAL_YEAR)
        )
    return fy
