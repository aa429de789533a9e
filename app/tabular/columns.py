"""Column definitions of an exchanged table, and the key by which headers are matched.

Staff type headers by hand in Excel (full-width letters, Alt+Enter line breaks, stray spaces), so
headers are compared by a normalised key instead of their exact spelling.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_WHITESPACE = re.compile(r"\s+")  # \s in str patterns covers U+3000, U+00A0, line/paragraph separators


def header_key(text: str) -> str:
    """The comparison key of a header: NFKC, no whitespace or line breaks at all, casefolded."""
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", text)).casefold()


@dataclass(frozen=True)
class Column:
    """One column of a table kind; the caller owns the list, this package stays generic."""

    name: str  # canonical English header, e.g. "staff_no"
    ja: str  # Japanese header, e.g. "職員番号"
    aliases: tuple[str, ...] = ()  # other accepted headers, e.g. ("フリガナ",)
    required: bool = False  # the column must be present and its cells non-empty

    def header(self, lang: str) -> str:
        """The header written for ``lang`` ('ja' → Japanese, 'en' → the canonical name)."""
        if lang == "ja":
            return self.ja
        if lang == "en":
            return self.name
        raise ValueError(f"unknown language {lang!r}; choose 'ja' or 'en'")

    def keys(self) -> tuple[str, ...]:
        """Every header key that names this column."""
        return tuple(dict.fromkeys(header_key(h) for h in (self.name, self.ja, *self.aliases)))
