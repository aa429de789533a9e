"""One gettext catalogue for the UI, the command line and the PDFs.

Message ids are English; ``locale/ja.po`` holds the Japanese. Japanese is the default language.
The .po file is read with Babel at first use (a few ms) so no compiled .mo has to be kept in git.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from importlib import resources

LANGUAGES = ("ja", "en")
DEFAULT_LANGUAGE = "ja"

_current: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


@cache
def _load(language: str) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    po = resources.files(__package__).joinpath("locale", f"{language}.po").read_bytes()
    catalog = read_po(io.BytesIO(po), locale=language)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def set_language(language: str) -> None:
    """Switch the whole process to ``language`` (``ja`` or ``en``)."""
    global _current, _language
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; choose one of {', '.join(LANGUAGES)}")
    _current = _load(language)
    _language = language


def current_language() -> str:
    return _language


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.ngettext(singular, plural, n)


set_language(DEFAULT_LANGUAGE)
