"""Typed forms of readings (katakana, half width) and the folding cases clerks type (13.2): shared
by the reading-key tests, the staff index and the reading order in the UI."""

import unicodedata


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


FOLDING = [  # what clerks type for what is stored (tests/unit/test_kana.py, 13.2), both ways round
    ("じょんすみす", "ジョン・スミス"), ("じよんすみす", "ジョン・スミス"), ("ジョン スミス", "ジョン・スミス"),
    ("ｼﾞｮﾝ･ｽﾐｽ", "ジョン・スミス"), ("か゛とう", "がとう"), ("か\u3099とう", "がとう"), ("はﾟーてぃー", "パーティー"),
    ("は゜あてぃい", "パーティー"), ("いすず", "いすゞ"), ("ささき", "さゝき"), ("ささき", "サヽキ"),
    ("らあめん", "らーめん"), ("ラアメン", "ﾗｰﾒﾝ"), ("きゅうま", "キューマ"), ("ゔぃくとりあ", "ヴィクトリア"),
    ("きよう", "きょう"), ("ろばあつ", "ロバーツ"), ("みすず", "みすゞ"), ("おおた", "オータ"), ("ｷｮｳｺ", "きょうこ"),
]

NEAR_MISSES = ["ことう", "はあてぃい", "らいめん", "すみすじょん", "じょんすみすX", "髙橋", "高橋", "山﨑"]
NUMBERS = ["010099", "０１００９９", "10099", "0", "00", "000000", "123", "０１２３４５", "12345", "1 2"]
