"""Readings (ふりがな): people are sorted and searched by reading, not by kanji.

Keys produced here are for comparison only. Never store them: names and readings are kept
exactly as typed, and only the keys fold hiragana/katakana, full/half width, spaces and case.
"""

from __future__ import annotations

import unicodedata

# Katakana ァ (U+30A1) .. ヶ (U+30F6) and the iteration marks ヽヾ sit exactly 0x60 above their
# hiragana. ヷヸヹヺ have no hiragana form and are left as they are.
_KATA_TO_HIRA = {cp: cp - 0x60 for cp in [*range(0x30A1, 0x30F7), 0x30FD, 0x30FE]}


def _key(text: str) -> str:
    s = unicodedata.normalize("NFKC", text)  # ｶﾞ -> ガ, ＡＢＣ -> ABC, U+3000 -> space
    s = s.translate(_KATA_TO_HIRA)
    return "".join(s.split()).casefold()


def reading_key(text: str) -> str:
    """Comparison key of a reading: NFKC, katakana -> hiragana (ヴ -> ゔ, small letters too),
    no whitespace, casefolded. ``reading_key("ﾔﾏﾀﾞ ﾀﾛｳ") == reading_key("やまだ　たろう")``."""
    return _key(text)


def search_key(text: str) -> str:
    """The same folding for any text (kanji names, staff numbers, readings), for search.

    Kanji variants (髙/高, 﨑/崎) are not folded: they are different characters to NFKC too.
    """
    return _key(text)


def matches(query: str, *fields: str) -> bool:
    """True when the folded query occurs inside any folded field; an empty query matches all."""
    q = search_key(query)
    return not q or any(q in search_key(f) for f in fields)


_HIRAGANA = range(0x3041, 0x30A0)  # ぁ..ゟ, including ゔゕゖ, the combining marks and ゝゞ
_KATAKANA = range(0x30A0, 0x3100)  # ゠..ヿ, including ヴ, ・ and ー
_SPACES = {" ", "\u3000"}


def is_reading(text: str) -> bool:
    """True when ``text`` (after NFKC) is kana, ー, ・ and spaces only, with at least one kana.

    Half-width katakana pass (NFKC widens it). Used to validate the ふりがな column.
    """
    s = unicodedata.normalize("NFKC", text)
    has_kana = False
    for ch in s:
        if ch in _SPACES:
            continue
        if ord(ch) not in _HIRAGANA and ord(ch) not in _KATAKANA:
            return False
        has_kana = has_kana or ch not in "・ー゠"
    return has_kana


def sort_key(reading: str, name: str) -> tuple[str, str, str, str]:
    """Order by reading, then name; the raw texts break remaining ties so the order is total."""
    return reading_key(reading), search_key(name), reading, name
