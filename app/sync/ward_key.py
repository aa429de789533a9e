"""Where a laptop keeps the ward key: the OS credential store, through the ``keyring`` library
(Windows Credential Manager; the Secret Service on a Linux desktop; macOS Keychain). Never the
settings file, the log, a backup or the share (docs/dev/sealed_share.md).

``keyring`` is imported here only, when a round or a ``fielddesk key`` command needs the key —
never before the window's first frame (docs/dev/startup.md).
"""

from __future__ import annotations

import base64
import json
import os

from app.i18n import _
from app.sync.seal import WardKey

SERVICE = "FieldDesk"
ENTRY = "ward-key"


class KeyStoreError(RuntimeError):
    """The credential store cannot be used on this computer (none installed, locked, refused)."""


def _keyring():
    import keyring
    from keyring.backends import fail

    chosen = keyring.get_keyring()
    # keyrings.alt's file keyrings keep the key in a file beside the user's data (one in the clear):
    # used only when asked for by name (the tests do), never picked by default on a Linux desktop.
    by_default = type(chosen).__module__.startswith("keyrings.alt") and not os.environ.get("PYTHON_KEYRING_BACKEND")
    if isinstance(chosen, fail.Keyring) or by_default:
        raise KeyStoreError(_(
            "This computer has no credential store FieldDesk can keep the ward key in (Windows Credential "
            "Manager, or a Secret Service such as GNOME Keyring on Linux). Ask the IT desk."))
    return keyring


def load() -> WardKey | None:
    """This laptop's ward key, or None when it has none (or no credential store to hold one)."""
    return _entry()[0]


def load_previous() -> WardKey | None:
    """The key this laptop held before the current one (kept to read the old tree once, on moving)."""
    return _entry()[1]


def _entry() -> tuple[WardKey | None, WardKey | None]:
    try:
        value = _keyring().get_password(SERVICE, ENTRY)
    except KeyStoreError:
        return None, None
    except Exception as exc:  # noqa: BLE001 — a locked or broken store: the same as no key, said plainly
        raise KeyStoreError(_("The credential store refused to give the ward key ({reason}).").format(
            reason=type(exc).__name__)) from None
    if not value:
        return None, None
    try:
        data = json.loads(value)
        old = data.get("previous")
        return _key(data), (_key(old) if isinstance(old, dict) else None)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None, None


def _key(data: dict) -> WardKey:
    return WardKey(int(data["epoch"]), base64.b64decode(data["secret"], validate=True))


def _plain(key: WardKey) -> dict:
    return {"epoch": key.epoch, "secret": base64.b64encode(key.secret).decode()}


def save(key: WardKey, previous: WardKey | None = None) -> None:
    """Keep ``key`` as this laptop's ward key (replacing an older epoch, kept as ``previous``)."""
    value = json.dumps(_plain(key) | ({"previous": _plain(previous)} if previous else {}))
    try:
        _keyring().set_password(SERVICE, ENTRY, value)
    except KeyStoreError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise KeyStoreError(_("The credential store refused to keep the ward key ({reason}).").format(
            reason=type(exc).__name__)) from None


def forget() -> None:
    try:
        _keyring().delete_password(SERVICE, ENTRY)
    except KeyStoreError:
        raise
    except Exception:  # noqa: BLE001 — nothing kept: nothing to forget
        pass
