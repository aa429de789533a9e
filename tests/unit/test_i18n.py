"""One catalogue serves UI, CLI and PDFs: every message in the code has its Japanese."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from app.i18n import _, set_language

ROOT = Path(__file__).resolve().parents[2]


def code_messages() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT / "app"), method_map=[("**.py", "python")], keywords={"_": None, "ngettext": (1, 2)}
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_message_has_a_japanese_translation():
    with open(ROOT / "app/i18n/locale/ja.po", "rb") as fh:
        catalog = read_po(fh, locale="ja")
    translated = {m.id for m in catalog if m.id and m.string}
    missing = sorted(code_messages() - translated)
    assert missing == [], "\n".join(missing)


def test_the_catalogue_has_no_duplicate_entries():
    text = (ROOT / "app/i18n/locale/ja.po").read_text(encoding="utf-8")
    ids = [line for line in text.splitlines() if line.startswith("msgid ")]
    assert len(ids) == len(set(ids))


def test_language_switches_the_whole_process():
    set_language("en")
    assert _("Present") == "Present"
    set_language("ja")
    assert _("Present") == "出席"


def ast_messages() -> set[str]:
    """Every literal passed to ``_()`` anywhere, f-strings included (Babel's extractor does not look
    inside f-strings, so ``f"{name} {_('(added)')}"`` went untranslated)."""
    import ast

    found = set()
    for path in (ROOT / "app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_"
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found.add(node.args[0].value)
    return found


def test_messages_inside_f_strings_have_japanese_too():
    with open(ROOT / "app/i18n/locale/ja.po", "rb") as fh:
        catalog = read_po(fh, locale="ja")
    translated = {m.id for m in catalog if m.id and m.string}
    assert sorted(ast_messages() - translated) == []
