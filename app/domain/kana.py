"""Readings (ふりがな): people are sorted and searched by reading, not by kanji.

Keys produced here are for comparison only. Never store them: names and readings are kept
exactly as typed, and only the keys fold scripts, widths, voicing and the like. The order is
JIS X 4061's, as ICU's Japanese collation implements it (docs/dev/reading-order.md); the tests
hold it against ICU, while the app itself needs no ICU.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Katakana ァ (U+30A1) .. ヶ (U+30F6) and the iteration marks ヽヾ sit exactly 0x60 above their
# hiragana. ヷヸヹヺ have no hiragana form and are left as they are.
_KATA_TO_HIRA = {cp: cp - 0x60 for cp in [*range(0x30A1, 0x30F7), 0x30FD, 0x30FE]}

# The spacing voicing marks ゛゜ (U+309B/C), as an old IME or a clerk types them after a kana,
# mean the combining ones; NFKC would turn them into a space and a mark.
_SPACING_MARKS = {0x309B: "\u3099", 0x309C: "\u309a"}

# 五十音: the column is the vowel that ー lengthens. "_" marks the gaps of や and わ rows.
_GOJUON = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもや_ゆ_よらりるれろわゐ_ゑを"
_VOWELS = "あいうえお"
_SMALL = dict(zip("ぁぃぅぇぉっゃゅょゎゕゖ", "あいうえおつやゆよわかけ", strict=True))
_VOICE = {"\u3099": 1, "\u309a": 2}  # secondary weights after the plain kana (0)

# Primary weights: symbols below letters (as ICU with non-ignorable punctuation), then the kana
# in 五十音 order, then everything else by code point.
_SYMBOLS = {" ": 1, "゠": 2, "・": 3, "ゝ": 5, "ヽ": 5, "ー": 6}
_KANA_PRIMARY = {k: 0x10000 + i for i, k in enumerate(_GOJUON.replace("_", "") + "ん")}
# Tertiary weights, compared only between the same primary: ー as a vowel, small, iteration, plain.
_PROLONGED, _SMALL_T, _ITERATION, _PLAIN = 1, 2, 3, 4


def normalize_reading(text: str) -> str:
    """The reading as it is meant: ゛゜ as voicing marks, NFKC (half-width ｶﾞ -> ガ, U+3000 -> space),
    single spaces, no space at either end. The order and search below start from this."""
    s = unicodedata.normalize("NFKC", text.translate(_SPACING_MARKS))
    return " ".join(s.split())


def _letter(ch: str) -> tuple[str, int, bool] | None:
    """A kana letter as (large hiragana base, voicing 0/1/2, small?); None for anything else."""
    parts = unicodedata.normalize("NFD", ch).translate(_KATA_TO_HIRA)  # ヷ -> わ + ゙
    base, marks = parts[0], parts[1:]
    small = base in _SMALL
    base = _SMALL.get(base, base)
    if base not in _KANA_PRIMARY or marks not in ("", "\u3099", "\u309a"):
        return None
    return base, _VOICE.get(marks, 0), small


def _is_hiragana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u3096"


def _is_katakana(ch: str) -> bool:
    return "\u30a1" <= ch <= "\u30fa"


def _other_primary(ch: str) -> int:
    """Letters, digits and kanji (not a reading's, but keep the order total and sensible)."""
    cp = ord(ch.casefold()[0])
    return 0x10 + cp if cp < 0x3000 else 0x20000 + cp


Element = tuple[int, int, int]


def _elements(s: str) -> list[Element]:
    """Collation elements (primary, secondary, tertiary) of a normalised reading, JIS X 4061 style:
    a voiced kana is its plain kana plus a secondary mark, ー repeats the vowel before it, ゝヽ
    the kana before them (plain; ゞヾ voiced), small kana sort with large ones."""
    out: list[Element] = []
    prev: tuple[str, int, bool] | None = None  # the kana letter just before, if any
    prev_ch = ""
    for ch in s:
        letter = _letter(ch)
        if letter:
            base, voice, small = letter
            out.append((_KANA_PRIMARY[base], 0, _SMALL_T if small else _PLAIN))
            if voice:
                out.append((0, voice, _PLAIN))
        elif ch in "\u3099\u309a":  # a mark left alone by NFKC (あ゙): voices what precedes it
            out.append((0, _VOICE[ch], _PLAIN))
        elif ch == "ー" and prev and prev[0] != "ん":
            vowel = _VOWELS[_GOJUON.index(prev[0]) % 5]
            out.append((_KANA_PRIMARY[vowel], 0, _PROLONGED))
        elif ch in "ゝゞヽヾ" and prev and (_is_hiragana(prev_ch) if ch in "ゝゞ" else _is_katakana(prev_ch)):
            out.append((_KANA_PRIMARY[prev[0]], 0, _ITERATION))
            if ch in "ゞヾ":
                out.append((0, 1, _PLAIN))
        elif ch in "ゞヾ":
            out += [(_SYMBOLS["ゝ"], 0, _PLAIN), (0, 1, _PLAIN)]
        else:
            out.append((_SYMBOLS.get(ch) or _other_primary(ch), 0, _PLAIN))
        prev, prev_ch = letter, ch
    return out


ReadingKey = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]


@lru_cache(maxsize=8192)
def reading_key(text: str) -> ReadingKey:
    """Sort key of a reading in 五十音 order (JIS X 4061, as ICU's ``ja`` collation): first the
    plain large kana (ごとう sorts with ことう, before こばやし; ヴ with ウ; a space before any kana,
    so はら じゅん comes before はらだ), then voicing, then small/ー/ゝ against the plain kana.

    Hiragana/katakana and full/half width give equal keys:
    ``reading_key("ﾔﾏﾀﾞ ﾀﾛｳ") == reading_key("やまだ　たろう")``.
    """
    elements = _elements(normalize_reading(text))
    return (
        tuple(p for p, _s, _t in elements if p),
        tuple(s for p, s, _t in elements),
        tuple(t for _p, _s, t in elements),
    )


def sort_key(reading: str, name: str) -> tuple[ReadingKey, str, str, str]:
    """Order by reading, then name; the raw texts break remaining ties so the order is total."""
    return reading_key(reading), search_key(name), reading, name


def _fold_for_search(s: str) -> str:
    """Hiragana, large kana, ー as its vowel, ゝゞ spelled out, no ・: what a clerk may type for
    what is stored (じょんすみす for ジョン・スミス, らあめん for らーめん, いすず for いすゞ)."""
    out: list[str] = []
    for ch in s.translate(_KATA_TO_HIRA):
        letter = _letter(out[-1]) if out else None
        if ch in "・":
            continue
        if ch == "ー" and letter and letter[0] != "ん":
            ch = _VOWELS[_GOJUON.index(letter[0]) % 5]
        elif ch in "ゝゞ" and letter:
            ch = unicodedata.normalize("NFC", letter[0] + ("\u3099" if ch == "ゞ" else ""))
        elif ch in _SMALL:
            ch = _SMALL[ch]
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


@lru_cache(maxsize=8192)
def search_key(text: str) -> str:
    """Folded text (kanji names, staff numbers, readings) for substring search: NFKC, katakana ->
    hiragana, small -> large, ー -> its vowel, ゝゞ spelled out, no spaces or ・, casefolded.

    Kanji variants (髙/高, 﨑/崎) are not folded: they are different characters to NFKC too.
    """
    s = "".join(normalize_reading(text).split())
    return _fold_for_search(s).casefold()


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
