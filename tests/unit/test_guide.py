"""The user guide (docs/guide/ja.md, en.md): same chapters, every picture there, every UI label real.

Convention checked here: a label of the app (menu, button, message) is written **「…」** in ja.md and
**"…"** in en.md. Each must be a Japanese msgstr (ja.md) or an English msgid (en.md) of ja.po, with
the menu accelerator left out (ファイル(&F) is 「ファイル」, &File is "File"); a ``{placeholder}``
of the catalogue stands for any example text (「未送信 3 件」 is 「未送信 {n} 件」). A message that is
almost all placeholders ("{a} of {b}", 「{name}：{value}」) would fit any text, so it does not count.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app.guide import bundle_files, chapters, docs_dir, guide_file, images
from tests.helpers.paths import GUIDES, ROOT

PO = ROOT / "app" / "i18n" / "locale" / "ja.po"
LABEL = {"ja": re.compile(r"\*\*「(.+?)」\*\*"), "en": re.compile(r'\*\*"(.+?)"\*\*')}
LITERAL = {"ja": 2, "en": 4}  # letters a message with placeholders must have outside them to count


def _text(language: str) -> str:
    return (GUIDES / f"{language}.md").read_text(encoding="utf-8")


def _plain(message: str) -> str:
    """What the screen shows: no accelerator (ファイル(&F) → ファイル, &File → File)."""
    return re.sub(r"\(&\w\)", "", message).replace("&", "")


@cache
def _patterns(language: str) -> list[re.Pattern[str]]:
    with open(PO, "rb") as fh:
        catalogue = read_po(fh, locale="ja")
    out = []
    for message in catalogue:
        if not message.id:
            continue
        text = message.id if language == "en" else message.string
        for one in (text if isinstance(text, tuple) else (text,)):
            parts = re.split(r"\{[^{}]*\}", _plain(one or ""))
            if one and (len(parts) == 1 or len(re.findall(r"\w", "".join(parts))) >= LITERAL[language]):
                out.append(re.compile(".+?".join(re.escape(p) for p in parts), re.DOTALL))
    return out


def _unknown_labels(language: str) -> tuple[list[str], int]:
    labels = LABEL[language].findall(_text(language))
    unknown = [label for label in labels if not any(p.fullmatch(label) for p in _patterns(language))]
    return unknown, len(labels)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_label_in_the_guide_is_one_the_app_shows(language):
    unknown, count = _unknown_labels(language)
    assert count > 150  # the convention is really used, so this test checks something
    assert unknown == [], f"{language}.md names labels the app does not have: {unknown}"


def test_the_label_check_catches_an_invented_label():
    made_up = "**「同期を取り消す…」** と **「未送信 3 件」** と **「同期（自動）」**"
    labels = LABEL["ja"].findall(made_up)
    unknown = [label for label in labels if not any(p.fullmatch(label) for p in _patterns("ja"))]
    assert unknown == ["同期を取り消す…", "同期（自動）"]  # the last would fit 「{a}（{b}）」: not a label


def test_both_guides_have_the_same_chapters_and_pictures():
    ja, en = _text("ja"), _text("en")
    assert len(chapters(ja)) == len(chapters(en)) == 14
    assert [c.split(".")[0] for c in chapters(ja)] == [c.split(".")[0] for c in chapters(en)]
    assert images(ja) == images(en)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_picture_the_guide_shows_exists(language):
    refs = images(_text(language))
    assert refs
    missing = [ref for ref in refs if not (GUIDES / ref).is_file()]
    assert missing == []


def test_the_bundle_carries_the_guides_and_only_their_pictures():
    files = dict(bundle_files(ROOT / "docs"))
    assert files[str(GUIDES / "ja.md")] == files[str(GUIDES / "en.md")] == "docs/guide"
    pictures = {Path(src).name for src, dest in files.items() if src.endswith(".png")}
    assert pictures == {Path(ref).name for ref in images(_text("ja")) + images(_text("en"))}
    assert all(dest == "docs" for src, dest in files.items() if src.endswith(".png"))
    assert len(pictures) <= 16  # the bundle's size goal


def test_guide_file_in_the_source_tree_and_in_a_bundle(tmp_path, monkeypatch):
    assert guide_file("en") == GUIDES / "en.md"
    assert guide_file("fr") == GUIDES / "ja.md"  # no guide in that language: the Japanese one
    monkeypatch.setattr("sys._MEIPASS", str(tmp_path), raising=False)
    assert docs_dir() == tmp_path / "docs"
    assert guide_file("ja") == tmp_path / "docs" / "guide" / "ja.md"
