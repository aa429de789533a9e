"""Typed settings with defaults, kept as JSON in the data folder.

Unknown keys in the file are kept (a newer FieldDesk may have written them) and a damaged file
falls back to defaults without being overwritten until the user saves.
"""

from __future__ import annotations

import getpass
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from app.errors import UnavailableError
from app.i18n import DEFAULT_LANGUAGE, LANGUAGES, _


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in some service contexts
        return "unknown"


@dataclass
class Settings:
    language: str = DEFAULT_LANGUAGE
    user_name: str = field(default_factory=_os_user)
    extra: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, path: Path) -> Settings:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(raw, dict):
                raise ValueError("not an object")
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError):
            return cls()
        known = {f.name for f in fields(cls)} - {"extra"}
        values = {k: v for k, v in raw.items() if k in known}
        settings = cls(**values)
        settings.extra = {k: v for k, v in raw.items() if k not in known}
        if settings.language not in LANGUAGES:
            settings.language = DEFAULT_LANGUAGE
        if not isinstance(settings.user_name, str) or not settings.user_name.strip():
            settings.user_name = _os_user()
        return settings

    def save(self, path: Path) -> None:
        """Write atomically, so a crash never leaves half a settings file."""
        data = {**self.extra, **{k: v for k, v in asdict(self).items() if k != "extra"}}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".settings-", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=False, indent=2)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except OSError as exc:
            raise UnavailableError(
                _("Could not save the settings to {path}: {reason}. Check the disk space and permissions.").format(
                    path=path, reason=exc.strerror or exc
                )
            ) from exc
