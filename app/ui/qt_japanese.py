"""Qt's own strings in Japanese where Qt's catalogue has none.

PySide6-Essentials ships Qt's Japanese catalogue (``PySide6/Qt/translations/qtbase_ja.qm``, LGPL,
kept by the PyInstaller spec); ``install_translations`` loads it. Qt 6 renamed a few strings of
its file dialog (``&Look in:``, ``Files of &type:``) and the Japanese catalogue was not brought
up to date, so those showed in English. This translator fills exactly those gaps; Qt asks it first
and falls back to its own catalogue for everything else. ``tests/gui/test_japanese_ui.py`` finds
any new gap.
"""

from __future__ import annotations

from PySide6.QtCore import QTranslator

# (Qt's context, Qt's source text) -> Japanese, worded as qtbase_ja.qm words the older strings.
MISSING = {
    ("QFileDialog", "&Look in:"): "場所(&L):",
    ("QFileDialog", "Files of &type:"): "ファイルの種類(&T):",
}


class QtJapaneseSupplement(QTranslator):
    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: ARG002 - Qt's signature
        # None is a null QString: "not here, ask the next catalogue" ("" would be taken as the text)
        return MISSING.get((context, source_text))

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False
