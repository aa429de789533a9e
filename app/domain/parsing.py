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

from app.domain.wareki import ERA_PATTERN, checked_date, era_date, find_era, parse_era_year
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


def parse_date(text: str) -> date:
    """A date written ``2024-04-01``, ``2024/4/1``, ``2024年4月1日``, ``令和6年4月1日``, ``R6.4.1``,
    ``R06/04/01``, ``令和元年5月1日``, ``平成31年4月30日``, ``H31.4.30``, ``S64.1.7`` …

    Era letters are T/S/H/R in either case. Impossible days and era dates outside their era
    (平成32年, 令和元年4月1日) are refused.
    """
    s = clean(text)
    if not s:
        raise ValueError(_("a date is required"))
    for pattern in (_WESTERN_SEP, _WESTERN_KANJI):
        m = pattern.fullmatch(s)
        if m:
            return checked_date(int(m["y"]), int(m["m"]), int(m["d"]))
    for pattern in (_ERA_SEP, _ERA_KANJI):
        m = pattern.fullmatch(s)
        if m:
            era = find_era(m["era"])
            return era_date(era, parse_era_year(m["y"]), int(m["m"]), int(m["d"]))
    raise ValueError(_("not a date; write e.g. 2024-04-01, 2024/4/1, 令和6年4月1日 or R6.4.1"))


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
