"""Typed settings with defaults, kept as JSON in the data folder.

Unknown keys in the file are kept (a newer FieldDesk may have written them) and a damaged file
falls back to defaults without being overwritten until the user saves.
"""

from __future__ import annotations

import getpass
import json
import platform
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from app.domain.staff_no import DEFAULT_WIDTH, check_width
from app.errors import UnavailableError
from app.fileio import atomic_write
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
    # Participation: housing residents who attended fewer meetings in a fiscal year are listed.
    minimum_attended: int = 3
    excused_counts_as_attended: bool = False  # whether 公欠 counts towards the minimum
    # The approval box (承認欄) printed on reports; empty = no box.
    approval_columns: list[str] = field(default_factory=lambda: ["課長", "係長", "担当"])
    device_name: str = field(default_factory=lambda: platform.node() or "")
    # Sync through a shared folder (a mapped drive, a UNC path or any folder); "" = not set up.
    share_folder: str = ""
    sync_enabled: bool = True
    sync_interval_minutes: int = 5
    clock_skew_cap_minutes: int = 5
    backup_keep: int = 14  # automatic daily backups kept in the data folder's backups/
    # Digits in a staff number: a shorter one (010099 saved by a spreadsheet as 10099) is padded.
    staff_no_width: int = DEFAULT_WIDTH
    # The folder each kind of file dialog last used (import, export, report, photo, backup).
    file_folders: dict[str, str] = field(default_factory=dict)
    # The main window's size and place when it was last closed (Qt's saveGeometry, base64).
    window_geometry: str = ""
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
        defaults = cls()
        if not isinstance(settings.minimum_attended, int) or settings.minimum_attended < 0:
            settings.minimum_attended = defaults.minimum_attended
        if not isinstance(settings.excused_counts_as_attended, bool):
            settings.excused_counts_as_attended = defaults.excused_counts_as_attended
        if not isinstance(settings.approval_columns, list) or not all(isinstance(c, str) for c in settings.approval_columns):
            settings.approval_columns = defaults.approval_columns
        if not isinstance(settings.device_name, str):
            settings.device_name = defaults.device_name
        for name in ("sync_interval_minutes", "clock_skew_cap_minutes", "backup_keep"):
            value = getattr(settings, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                setattr(settings, name, getattr(defaults, name))
        try:
            check_width(settings.staff_no_width)
        except ValueError:
            settings.staff_no_width = defaults.staff_no_width
        if not isinstance(settings.share_folder, str):
            settings.share_folder = ""
        if not isinstance(settings.sync_enabled, bool):
            settings.sync_enabled = True
        if not isinstance(settings.file_folders, dict):
            settings.file_folders = {}
        if not isinstance(settings.window_geometry, str):
            settings.window_geometry = ""
        settings.file_folders = {k: v for k, v in settings.file_folders.items()
                                 if isinstance(k, str) and isinstance(v, str) and v}
        return settings

    def save(self, path: Path) -> None:
        """Write atomically, so a crash never leaves half a settings file."""
        data = {**self.extra, **{k: v for k, v in asdict(self).items() if k != "extra"}}
        text = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, lambda fh: fh.write(text))
        except OSError as exc:
            raise UnavailableError(
                _("Could not save the settings to {path}: {reason}. Check the disk space and permissions.").format(
                    path=path, reason=exc.strerror or exc
                )
            ) from exc
