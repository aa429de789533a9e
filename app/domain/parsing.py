"""Cell parsers shared by imports and dialogs.

Each takes the text of one cell and returns a value or raises ``ValueError`` whose message is a
short translated reason; the caller adds where it was ("file:line:col: column 'value' — reason").
Input is NFKC-normalised (full-width digits, ：, ／, ㋿ …) and spaces anywhere are ignored.
Empty text is refused with a reason; optional columns must check for empty cells before calling.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, time
from functools import lru_cache

from app.domain.wareki import (
    ERA_PATTERN,
    checked_date,
    era_date,
    find_era,
    format_date,
    is_late_heisei,
    parse_era_year,
)
from app.i18n import _


def clean(text: str) -> str:
    """NFKC with every whitespace character (including U+3000 and line breaks) removed."""
    return "".join(unicodedata.normalize("NFKC", text).split())


# Separated forms need the same separator twice: 2024-04-01, 2024/4/1, R6.4.1, R06/04/01.
_WESTERN_SEP = re.compile(r"(?P<y>\d{4})(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})")
_WESTERN_KANJI = re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
_ERA_SEP = re.compile(
    rf"(?P<era>{ERA_PATTERN})(?P<y>元|\d{{1,3}})(?P<s>[-/.])(?P<m>\d{{1,2}})(?P=s)(?P<d>\d{{1,2}})"
)
_ERA_KANJI = re.compile(rf"(?P<era>{ERA_PATTERN})(?P<y>元|\d{{1,3}})年(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})日")


# A weekday after the date, as meeting sheets print it: (水), (水曜), 水曜日, (水・祝), (Wed), Wednesday.
_WEEKDAY = re.compile(
    r"(?:\((?P<p>[月火水木金土日])(?:曜日?)?(?:・?祝日?)?\)|(?P<k>[月火水木金土日])曜日?"
    r"|\(?(?P<e>mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\)?)$",
    re.IGNORECASE,
)
_KANJI_DIGITS = {c: n for n, c in enumerate("〇一二三四五六七八九")}
_KANJI_NUMBER = re.compile("[〇一二三四五六七八九十]+")


def _kanji_number(m: re.Match) -> str:
    """六 -> 6, 十 -> 10, 二十 -> 20, 三十一 -> 31, 二〇二四 -> 2024; anything else is left as it is."""
    run = m[0]
    if "十" not in run:
        return "".join(str(_KANJI_DIGITS[c]) for c in run)
    tens, _sep, ones = run.partition("十")
    if len(tens) > 1 or len(ones) > 1 or tens == "〇" or "十" in ones:
        return run
    return str((_KANJI_DIGITS[tens] if tens else 1) * 10 + (_KANJI_DIGITS[ones] if ones else 0))


LATE_HEISEI = "late_heisei"  # the note of a 平成 date written after the era ended


@lru_cache(maxsize=4096)
def _read_date(text: str) -> tuple[date, str | None]:
    s = _KANJI_NUMBER.sub(_kanji_number, clean(text))
    if not s:
        raise ValueError(_("a date is required"))
    weekday = _WEEKDAY.search(s)
    if weekday and weekday.start() > 0:
        s = s[: weekday.start()]
    d, note = _read_plain_date(s)
    if weekday and weekday.start() > 0:
        given = weekday["p"] or weekday["k"] or weekday["e"]
        written = "月火水木金土日".find(given) if given in "月火水木金土日" else \
            ("mon", "tue", "wed", "thu", "fri", "sat", "sun").index(given[:3].lower())
        if written != d.weekday():
            raise ValueError(_("{date} is a {actual}, not a {written}").format(
                date=format_date(d), actual=_long_weekday(d.weekday()), written=_long_weekday(written)))
    return d, note


def _long_weekday(n: int) -> str:
    return (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday"))[n]


def _read_plain_date(s: str) -> tuple[date, str | None]:
    for pattern in (_WESTERN_SEP, _WESTERN_KANJI):
        m = pattern.fullmatch(s)
        if m:
            return checked_date(int(m["y"]), int(m["m"]), int(m["d"])), None
    for pattern in (_ERA_SEP, _ERA_KANJI):
        m = pattern.fullmatch(s)
        if m:
            era = find_era(m["era"])
            d = era_date(era, parse_era_year(m["y"]), int(m["m"]), int(m["d"]))
            return d, LATE_HEISEI if is_late_heisei(era, d) else None
    raise ValueError(_("not a date; write e.g. 2024-04-01, 2024/4/1, 令和6年4月1日 or R6.4.1"))


def parse_date(text: str) -> date:
    """A date written ``2024-04-01``, ``2024/4/1``, ``2024年4月1日``, ``令和6年4月1日``, ``R6.4.1``,
    ``R06/04/01``, ``令和元年5月1日``, ``平成31年4月30日``, ``H31.4.30``, ``S64.1.7``, ``M45.7.29`` …,
    in kanji numerals too (令和六年六月十二日), with or without a weekday after it (``(水)``, ``水曜日``,
    ``(水・祝)``, ``(Wed)``), which must be the date's.

    Era letters are M/T/S/H/R in either case. Impossible days and era dates outside their era
    (令和元年4月1日, 明治45年8月1日) are refused, except 平成 dates up to 平成32年3月31日 that forms
    printed before 令和 still carry: they are the same western date (``date_note`` tells them).
    """
    return _read_date(text)[0]


def date_note(text: str) -> str | None:
    """``LATE_HEISEI`` for a 平成 date written after the era ended, else None (``text`` must parse)."""
    return _read_date(text)[1]


def format_date_iso(d: date) -> str:
    """``2024-04-01``: how every export writes a date."""
    return d.isoformat()


_TIME_COLON = re.compile(r"(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?")
_TIME_KANJI = re.compile(r"(?P<h>\d{1,2})時(?:(?P<m>\d{1,2})分|(?P<half>半))?")


def parse_time(text: str) -> time:
    """A time of day written ``19:00``, ``9:05``, ``19:00:00``, ``19時``, ``19時30分`` or ``19時半``."""
    s = clean(text)
    if not s:
        raise ValueError(_("a time is required"))
    m = _TIME_COLON.fullmatch(s)
    if m:
        hour, minute, second = int(m["h"]), int(m["m"]), int(m["s"] or 0)
    else:
        m = _TIME_KANJI.fullmatch(s)
        if not m:
            raise ValueError(_("not a time; write e.g. 19:00 or 19時"))
        hour, minute, second = int(m["h"]), 30 if m["half"] else int(m["m"] or 0), 0
    if hour > 23:
        raise ValueError(_("hour {hour} does not exist (0–23)").format(hour=hour))
    if minute > 59 or second > 59:
        raise ValueError(_("minutes and seconds must be 0–59"))
    return time(hour, minute, second)


def format_time(t: time) -> str:
    """``19:00`` (two-digit hour and minute; seconds are dropped): how exports write a time."""
    return f"{t.hour:02d}:{t.minute:02d}"


def time_problem(text: str) -> str | None:
    """The reason an optional time field is not a time (None when it is empty or a time)."""
    if not text.strip():
        return None
    try:
        parse_time(text)
    except ValueError as exc:
        return str(exc)
    return None


def tidy_time(text: str) -> str:
    """An optional time as saved: ``19時`` → ``19:00``, empty stays empty, a non-time as typed."""
    if not text.strip():
        return ""
    try:
        return format_time(parse_time(text))
    except ValueError:
        return text.strip()



def time_range_problems(start: str, end: str) -> dict[str, str]:
    """The reasons an optional start–end pair is refused: either is not a time, or the end comes
    before the start (compared as times, so 9時 is before 10:00). Meetings and walks alike."""
    problems = {name: reason for name, text in (("start", start), ("end", end)) if (reason := time_problem(text))}
    first, last = tidy_time(start), tidy_time(end)
    if first and last and not problems and last < first:
        problems["end"] = _("the end is before the start")
    return problems

_INT = re.compile(r"[+-]?(?:\d+|\d{1,3}(?:,\d{3})+)")


def parse_int(text: str, *, minimum: int | None = 0, maximum: int | None = None) -> int:
    """A whole number (``12``, ``１２``, ``1,200``) within ``minimum``..``maximum`` (None: no bound)."""
    s = clean(text)
    if not s:
        raise ValueError(_("a number is required"))
    if not _INT.fullmatch(s):
        raise ValueError(_("not a whole number"))
    n = int(s.replace(",", ""))
    if minimum is not None and n < minimum:
        raise ValueError(_("must be at least {minimum}").format(minimum=minimum))
    if maximum is not None and n > maximum:
        raise ValueError(_("must be at most {maximum}").format(maximum=maximum))
    return n


def parse_flag(
    text: str, *, true_words: Iterable[str], false_words: Iterable[str], empty: bool | None = None
) -> bool:
    """True/false from a word list, compared after NFKC, space removal and casefolding.

    ``empty`` is returned for a blank cell; when it is None a blank cell is refused.
    """
    trues, falses = list(true_words), list(false_words)
    s = clean(text).casefold()
    if not s and empty is not None:
        return empty
    if s in {clean(w).casefold() for w in trues}:
        return True
    if s in {clean(w).casefold() for w in falses}:
        return False
    raise ValueError(_("write one of: {choices}").format(choices=", ".join(trues + falses)))


ACTIVE_WORDS = ("1", "true", "在籍")
INACTIVE_WORDS = ("0", "false", "退職")


def parse_active(text: str) -> bool:
    """The staff 在籍 column: 1/0, true/false (any case), 在籍/退職; blank means active."""
    return parse_flag(text, true_words=ACTIVE_WORDS, false_words=INACTIVE_WORDS, empty=True)
