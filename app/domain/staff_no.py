"""Staff numbers (職員番号): one rule for every path that takes one, so a person stays one person.

A number arrives typed in full width (０００１２３), scanned with a trailing newline, or back from a
spreadsheet that dropped its leading zeros (010099 → 10099). The ward's numbers have a fixed width
(a setting, 6 by default), so all of these are one number:

* :func:`parse_staff_no` — the canonical text to store: NFKC, spaces removed, ASCII digits only,
  left-padded with zeros to the width. Anything else is refused with a reason (ValueError).
* :func:`staff_no_key` — the identity key to compare by: the value without leading zeros. It does
  not depend on the width, so numbers stored before this rule (full width, shorter, or written
  under another width) are still found; it is never stored.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from app.domain.kana import search_key
from app.i18n import _

DEFAULT_WIDTH = 6
MIN_WIDTH, MAX_WIDTH = 1, 12  # the column holds 32 characters; 12 digits is plenty for a ward


def _digits(text: str) -> str:
    """NFKC without whitespace or Excel's leading "keep this as text" quote (typed into a
    hand-made CSV); the fast path skips all that for the plain ASCII digits most cells hold."""
    if text.isascii() and text.isdigit():
        return text
    s = "".join(unicodedata.normalize("NFKC", text).split())
    return s[1:] if s.startswith("'") else s


def read_staff_no(text: str, width: int = DEFAULT_WIDTH) -> tuple[str, bool]:
    """``(canonical number, whether zeros were added)``; ValueError with a short reason otherwise."""
    s = _digits(text)
    if not s:
        raise ValueError(_("a staff number is required"))
    if not (s.isascii() and s.isdigit()):
        raise ValueError(_("a staff number has digits only (0–9)"))
    if len(s) < width:
        return s.zfill(width), True
    if len(s) > width:
        trimmed = s.lstrip("0")
        if len(trimmed) > width:
            raise ValueError(_("a staff number has {width} digits, this one {n}; check the number or the "
                               "staff-number width in Settings").format(width=width, n=len(s)))
        s = trimmed.zfill(width)  # only surplus leading zeros go (a wider 0000000 cell format)
    return s, False


def parse_staff_no(text: str, width: int = DEFAULT_WIDTH) -> str:
    """The canonical staff number of ``text`` (see the module docstring), or ValueError."""
    return read_staff_no(text, width)[0]


def staff_no_key(text: str) -> str:
    """The identity key of any staff number, stored or typed: digits without leading zeros.

    Text that is not a number (a legacy ``S001``) keys as its NFKC form without spaces, so it
    still matches itself exactly.
    """
    s = _digits(text)
    if s.isascii() and s.isdigit():
        return s.lstrip("0") or "0"
    return s


def search_query(text: str) -> str:
    """The search key of what someone typed in a search box (``search_key``); a number also loses
    its leading zeros, so ``010099`` finds a ``10099`` stored before numbers were padded."""
    key = search_key(text)
    if key.isascii() and key.isdigit():
        return key.lstrip("0") or "0"
    return key


def clean_form(stored: str) -> str:
    """A stored number as plain text: NFKC without spaces (``０１００９９`` → ``010099``), width untouched."""
    return "".join(unicodedata.normalize("NFKC", stored).split())


def numbers_to_repair(staff: Iterable[tuple[str, str]], responses: Iterable[tuple[str, str]]
                      ) -> tuple[list[list[str]], list[str]]:
    """What ``app.services.staff.numbers.repair_staff_numbers`` has to do, from the live staff and
    named survey responses as (id, stored number): the groups of staff ids that are one person (or
    one unclean record), and the responses whose number is unclean. Both empty on a clean store."""
    staff = list(staff)
    groups: dict[str, list[str]] = {}
    for staff_id, stored in staff:
        groups.setdefault(staff_no_key(stored), []).append(staff_id)
    unclean = {sid for sid, stored in staff if stored != clean_form(stored)}
    wanted = [ids for ids in groups.values() if len(ids) > 1 or unclean.intersection(ids)]
    return wanted, [rid for rid, stored in responses if stored != clean_form(stored)]


def check_width(value: object) -> int:
    """A staff-number width from settings, or ValueError."""
    if not isinstance(value, int) or isinstance(value, bool) or not MIN_WIDTH <= value <= MAX_WIDTH:
        raise ValueError(f"staff-number width must be {MIN_WIDTH}–{MAX_WIDTH}, not {value!r}")
    return value
