"""One gettext catalogue for the UI, the command line and the PDFs.

Message ids are English; ``locale/ja.po`` holds the Japanese. Japanese is the default language.
No compiled .mo is kept in git: the .po is compiled with Babel on first use and the result is
cached in the user's cache folder, keyed by the .po's hash (Babel's import and parse cost ~0.1 s
at every start otherwise).
"""

from __future__ import annotations

import gettext
import hashlib
import io
import os
from functools import cache
from importlib import resources
from pathlib import Path

from platformdirs import user_cache_dir

LANGUAGES = ("ja", "en")
DEFAULT_LANGUAGE = "ja"

_current: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def _compile(po: bytes, language: str) -> bytes:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    buf = io.BytesIO()
    write_mo(buf, read_po(io.BytesIO(po), locale=language))
    return buf.getvalue()


@cache
def _load(language: str) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    po = resources.files(__package__).joinpath("locale", f"{language}.po").read_bytes()
    cached = Path(user_cache_dir("FieldDesk", appauthor=False)) / f"{language}-{hashlib.sha256(po).hexdigest()[:16]}.mo"
    try:
        mo = cached.read_bytes()
    except OSError:
        mo = _compile(po, language)
        try:  # a cache only: a read-only or full disk just means compiling again next time
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(mo)
            os.replace(tmp, cached)
        except OSError:
            pass
    return gettext.GNUTranslations(io.BytesIO(mo))


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
