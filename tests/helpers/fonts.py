"""Font set-ups for subprocess tests, so a result never depends on which fonts the machine has:
a fontconfig that sees only DejaVu (no CJK font at all, like a bare Debian), and one that adds a
CJK system font (Noto Sans CJK, as a Japanese desktop has, with its taller metrics).

The CJK fonts come from the system when ``fonts-noto-cjk`` is installed, or from a folder named by
``FIELDDESK_TEST_CJK_FONTS`` (e.g. the package unpacked with ``apt-get download fonts-noto-cjk``
and ``dpkg -x``, which leaves the shared machine's fonts as they are).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

CJK_ENV = "FIELDDESK_TEST_CJK_FONTS"
_DEJAVU_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF")


def _conf(folder: Path, dirs: list[str], include_system: bool) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "cache").mkdir(exist_ok=True)
    body = '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>' if include_system else ""
    body += "".join(f"<dir>{d}</dir>" for d in dirs)
    conf = folder / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
                    f"<fontconfig>{body}<cachedir>{folder / 'cache'}</cachedir></fontconfig>\n", encoding="utf-8")
    return conf


def families(conf: Path, pattern: str = ":lang=ja") -> set[str]:
    """The families fontconfig offers for ``pattern`` under ``conf`` (fc-list)."""
    if shutil.which("fc-list") is None:
        return set()
    done = subprocess.run(["fc-list", pattern, "family"], env={**os.environ, "FONTCONFIG_FILE": str(conf)},
                          capture_output=True, text=True, timeout=60)
    return {f.strip() for line in done.stdout.splitlines() for f in line.split(",") if f.strip()}


def dejavu_only(folder: Path) -> Path:
    """A fontconfig file with DejaVu alone: no font on the machine can draw Japanese."""
    return _conf(folder, [d for d in _DEJAVU_DIRS if Path(d).is_dir()], include_system=False)


def with_cjk(folder: Path) -> Path | None:
    """A fontconfig file with the system's fonts and Noto Sans CJK JP; None when there is none."""
    extra = os.environ.get(CJK_ENV)
    conf = _conf(folder, [extra] if extra else [], include_system=True)
    return conf if "Noto Sans CJK JP" in families(conf) else None
