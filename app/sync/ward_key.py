"""Where a laptop keeps the ward key: the OS credential store, through the ``keyring`` library
(Windows Credential Manager; the Secret Service on a Linux desktop; macOS Keychain). Never the
settings file, the log, a backup or the share (docs/dev/sealed_share.md).

``keyring`` is imported here only, when a round or a ``fielddesk key`` command needs the key —
never before the window's first frame (docs/dev/startup.md).
"""

from __future__ import annotations

import base64
import json

from app.i18n import _
from app.sync.seal import WardKey

SERVICE = "FieldDesk"
ENTRY = "ward-key"


class KeyStoreError(RuntimeError):
    """The credential store cannot be used on this computer (none installed, locked, refused)."""


def _keyring():
    import keyring
    from keyring.backends import fail

    if isinstance(keyring.get_keyring(), fail.Keyring):
        raise KeyStoreError(_(
            "This computer has no credential store FieldDesk can keep the ward key in (Windows Credential "
            "Manager, or a Secret Service such as GNOME Keyring on Linux). Ask the IT desk."))
    return keyring


def load() -> WardKey | None:
    """This laptop's ward key, or None when it has none (or no credential store to hold one)."""
    try:
        value = _keyring().get_password(SERVICE, ENTRY)
    except KeyStoreError:
        return None
    except Exception as exc:  # noqa: BLE001 — a locked or broken store: the same as no key, said plainly
        raise KeyStoreError(_("The credential store refused to give the ward key ({reason}).").format(
            reason=type(exc).__name__)) from None
    if not value:
        return None
    try:
        data = json.loads(value)
        return WardKey(int(data["epoch"]), base64.b64decode(data["secret"], validate=True))
    except (ValueError, KeyError, TypeError):
        return None


def save(key: WardKey) -> None:
    """Keep ``key`` as this laptop's ward key (replacing an older epoch)."""
    value = json.dumps({"epoch": key.epoch, "secret": base64.b64encode(key.secret).decode()})
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
