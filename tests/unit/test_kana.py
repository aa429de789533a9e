"""Reading keys: hiragana/katakana, full/half width, spaces and case fold together."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.kana import is_reading, matches, reading_key, search_key, sort_key


def to_katakana(s: str) -> str:
    return "".join(chr(ord(c) + 0x60) if 0x3041 <= ord(c) <= 0x3096 else c for c in s)


# Full-width katakana -> half-width, built from the NFKC table itself (no hand-made list).
_HALF = {}
for _cp in range(0xFF61, 0xFFA0):
    _HALF.setdefault(unicodedata.normalize("NFKC", chr(_cp)), chr(_cp))
_VOICED = {"\u3099": "\uff9e", "\u309a": "\uff9f"}


def to_half_width(s: str) -> str:
    out = []
    for c in unicodedata.normalize("NFD", s):
        out.append(_VOICED.get(c) or _HALF.get(c, c))
    return "".join(out)


def test_reading_key_examples():
    assert reading_key("ヤマダ タロウ") == "やまだたろう"
    assert reading_key("ﾔﾏﾀﾞ ﾀﾛｳ") == "やまだたろう"
    assert reading_key("やまだ\u3000たろう") == "やまだたろう"
    assert reading_key("ヴァイオリン") == "ゔぁいおりん"
    assert reading_key("ｳﾞｧｲｵﾘﾝ") == "ゔぁいおりん"
    assert reading_key("キョウ") == "きょう"
    assert reading_key("ﾊﾟｰﾃｨｰ") == "ぱーてぃー"
    assert reading_key("ケ") == "け"
    assert reading_key("ヵヶ") == "ゕゖ"
    assert reading_key("ＳＡＴＯ") == "sato"


def test_to_half_width_helper():
    assert to_half_width("ガッコウ") == "ｶﾞｯｺｳ"


def test_reading_key_does_not_touch_input():
    name = "ﾔﾏﾀﾞ"
    reading_key(name)
    assert name == "ﾔﾏﾀﾞ"


# Hiragana with a half-width katakana form (so ゐゑゎゕゖ are left out), plus ー and spaces.
HIRAGANA = [c for c in map(chr, range(0x3041, 0x3097)) if c not in "ゐゑゎゕゖ"]
readings = st.text(alphabet=st.sampled_from([*HIRAGANA, "ー", " ", "\u3000"]), max_size=20)


@settings(max_examples=200, deadline=None)
@given(readings)
def test_reading_key_ignores_script_and_width(h):
    k = to_katakana(h)
    half = to_half_width(k)
    assert reading_key(h) == reading_key(k) == reading_key(half)
    assert is_reading(h) == is_reading(k) == is_reading(half)


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("やまだ たろう", True),
        ("ヤマダ\u3000タロウ", True),
        ("ﾔﾏﾀﾞ ﾀﾛｳ", True),
        ("マリー・アントワネット", True),
        ("ゔぃ", True),
        ("山田", False),
        ("yamada", False),
        ("やまだ1", False),
        ("", False),
        ("  ", False),
        ("ー・", False),
    ],
)
def test_is_reading(text, ok):
    assert is_reading(text) is ok


def test_search_key_folds_any_text():
    assert search_key("０１２３４") == "01234"
    assert search_key("山田 太郎") == "山田太郎"
    assert search_key("髙橋") != search_key("高橋")  # different characters; not folded


@pytest.mark.parametrize(
    ("query", "hit"),
    [
        ("", True),
        ("  ", True),
        ("やまだ", True),
        ("ヤマ", True),
        ("ﾀﾛｳ", True),
        ("山田", True),
        ("田 太", True),
        ("０１２", True),
        ("0123", True),
        ("すずき", False),
        ("9999", False),
    ],
)
def test_matches(query, hit):
    assert matches(query, "山田 太郎", "やまだ たろう", "001234") is hit


def test_matches_without_fields():
    assert (
        matches(
            "",
        )
        is True
    )
    assert matches("a") is False


def test_sort_key_orders_by_reading_then_name():
    people = [
        ("スズキ ハナコ", "鈴木 花子"),
        ("あべ", "阿部"),
        ("ｱﾍﾞ", "安倍"),
        ("すずき はなこ", "鈴木 華子"),
        ("いとう", "伊藤"),
    ]
    ordered = sorted(people, key=lambda p: sort_key(*p))
    assert [name for _, name in ordered] == ["安倍", "阿部", "伊藤", "鈴木 花子", "鈴木 華子"]
