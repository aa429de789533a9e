"""Kiosk mode and the survey's settings: the PIN that ends kiosk mode (kept only as a salted
PBKDF2 hash in settings.json), and the number of days after which feedback is overdue.

Both live in the settings file's extra keys (``Settings.extra``), which FieldDesk keeps as it
finds them, so the survey needs no change to the typed settings of the other tabs.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata

from app.i18n import _
from app.settings import Settings

PIN_KEY = "survey_kiosk_pin"
OVERDUE_KEY = "survey_overdue_days"
DEFAULT_OVERDUE_DAYS = 30
ITERATIONS = 120_000


def overdue_days(settings: Settings) -> int:
    value = settings.extra.get(OVERDUE_KEY, DEFAULT_OVERDUE_DAYS)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return DEFAULT_OVERDUE_DAYS
    return value


def set_overdue_days(settings: Settings, days: int) -> None:
    if days < 1:
        raise ValueError(_("must be 1 or more"))
    settings.extra[OVERDUE_KEY] = int(days)


def _digits(pin: str) -> str:
    return unicodedata.normalize("NFKC", pin).strip()


def pin_problem(pin: str) -> str | None:
    pin = _digits(pin)
    if not (pin.isdigit() and 4 <= len(pin) <= 8):
        return _("the PIN is 4 to 8 digits")
    return None


def _hash(pin: str, salt: bytes, iterations: int) -> str:
    return hashlib.pbkdf2_hmac("sha256", _digits(pin).encode(), salt, iterations).hex()


def set_pin(settings: Settings, pin: str) -> None:
    """Keep only a salted hash; the caller saves the settings."""
    problem = pin_problem(pin)
    if problem:
        raise ValueError(problem)
    salt = secrets.token_bytes(16)
    settings.extra[PIN_KEY] = f"pbkdf2-sha256${ITERATIONS}${salt.hex()}${_hash(pin, salt, ITERATIONS)}"


def has_pin(settings: Settings) -> bool:
    return isinstance(settings.extra.get(PIN_KEY), str) and settings.extra[PIN_KEY].count("$") == 3


def check_pin(settings: Settings, pin: str) -> bool:
    """True when ``pin`` is the kiosk PIN. Without a PIN set, kiosk mode cannot be entered at all."""
    if not has_pin(settings):
        return False
    try:
        _scheme, iterations, salt, digest = settings.extra[PIN_KEY].split("$")
        return hmac.compare_digest(_hash(pin, bytes.fromhex(salt), int(iterations)), digest)
    except ValueError:
        return False
