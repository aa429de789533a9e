"""Reading keys: hiragana/katakana, full/half width, spaces and case fold together."""


import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.kana import is_reading, matches, reading_key, search_key
from tests.helpers.kana import to_half_width, to_katakana


def test_reading_key_folds_script_width_and_spacing():
    assert reading_key("ヤマダ タロウ") == reading_key("ﾔﾏﾀﾞ ﾀﾛｳ") == reading_key("やまだ\u3000たろう") == reading_key("やまだ たろう")
    assert reading_key("ヴァイオリン") == reading_key("ｳﾞｧｲｵﾘﾝ") == reading_key("ゔぁいおりん")
    assert reading_key("ﾊﾟｰﾃｨｰ") == reading_key("パーティー")
    assert reading_key("ヵヶ") == reading_key("ゕゖ")
    assert reading_key("ＳＡＴＯ") == reading_key("sato")
    assert reading_key("やまだ たろう") != reading_key("やまだたろう")  # the space counts in the order


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


@pytest.mark.parametrize(
    ("query", "stored"),
    [
        ("じょんすみす", "ジョン・スミス"),  # across ・, small kana typed large
        ("じよんすみす", "ジョン・スミス"),
        ("ジョン スミス", "ジョン・スミス"),
        ("ｼﾞｮﾝ･ｽﾐｽ", "ジョン・スミス"),
        ("か゛とう", "がとう"),  # full-width spacing voicing mark
        ("か\u3099とう", "がとう"),  # combining mark
        ("はﾟーてぃー", "パーティー"),
        ("は゜あてぃい", "パーティー"),
        ("いすず", "いすゞ"),  # ゝゞ spelled out
        ("ささき", "さゝき"),
        ("ささき", "サヽキ"),
        ("らあめん", "らーめん"),  # ー typed as its vowel
        ("ラアメン", "ﾗｰﾒﾝ"),
        ("きゅうま", "キューマ"),
        ("ゔぃくとりあ", "ヴィクトリア"),
        ("きよう", "きょう"),
    ],
)
def test_search_folds_what_clerks_type(query, stored):
    assert matches(query, stored)
    assert matches(stored, query)


@pytest.mark.parametrize(
    ("query", "stored"),
    [("ことう", "ごとう"), ("はあてぃい", "パーティー"), ("らいめん", "らーめん"), ("すみすじょん", "ジョン・スミス")],
)
def test_search_keeps_what_differs(query, stored):
    assert not matches(query, stored)
