"""The parts of packaging that run without building: packed fonts, version resource, windowed start."""

from __future__ import annotations

import ast
import lzma
import os
import subprocess
import sys
from pathlib import Path

from app import __version__, font_files

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "installer"))
from version_info import version_numbers, version_text  # noqa: E402


def test_packed_font_unpacks_to_the_same_bytes_once(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    source = ROOT / "resources" / "fonts" / "OFL-BIZUDGothic.txt"  # any file will do; small is quick
    packed = tmp_path / "Some.ttf.xz"
    packed.write_bytes(lzma.compress(source.read_bytes()))
    first = font_files._unpacked(packed)
    assert first.read_bytes() == source.read_bytes()
    assert first.is_relative_to(tmp_path / "cache")
    stamp = first.stat().st_mtime_ns
    assert font_files._unpacked(packed) == first and first.stat().st_mtime_ns == stamp  # cached
    packed.write_bytes(lzma.compress(b"a newer font"))  # an update gets a new name, never the stale copy
    second = font_files._unpacked(packed)
    assert second != first and second.read_bytes() == b"a newer font"


def test_packed_font_falls_back_to_temp_when_the_cache_is_read_only(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "FieldDesk").write_text("a file where the folder should be")  # mkdir fails like read-only
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # re-read TMPDIR
    packed = tmp_path / "F.ttf.xz"
    packed.write_bytes(lzma.compress(b"glyphs"))
    assert font_files._unpacked(packed).is_relative_to(tmp_path / "tmp")


def test_source_tree_fonts_are_used_as_they_are():
    path = font_files.font_path("BIZUDGothic-Regular.ttf")
    assert path == ROOT / "resources" / "fonts" / "BIZUDGothic-Regular.ttf"
    assert font_files.font_names("Fallback*.ttf") == ["Fallback1-HanazonoSubset.ttf"]


def test_windows_version_resource_is_valid_and_current():
    text = version_text(__version__)
    ast.parse(text)  # PyInstaller evaluates it as Python
    assert str(version_numbers(__version__)) in text
    assert version_numbers("1.2") == (1, 2, 0, 0) and version_numbers("0.1.0") == (0, 1, 0, 0)
    assert "'ProductVersion', '0.1.0'" in version_text("0.1.0")


def test_windowed_start_without_console_streams(tmp_path):
    """A windowed build has sys.stdout and sys.stderr None: the self-test and a bad command still work,
    and the log file gets the messages."""
    data = tmp_path / "data"
    code = (
        "import sys; sys.stdout = None; sys.stderr = None\n"
        "from app.bootstrap import main\n"
        f"rc1 = main(['--data-dir', {str(data)!r}, 'gui', '--self-test'])\n"
        f"rc2 = main(['--data-dir', {str(data)!r}, 'import', 'staff', {str(tmp_path / 'missing.csv')!r}])\n"
        f"open({str(tmp_path / 'rc.txt')!r}, 'w').write(f'{{rc1}} {{rc2}}')\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FIELDDESK_DATA_DIR": ""}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, timeout=120)
    assert result.returncode == 0, result
    assert (tmp_path / "rc.txt").read_text() == "0 2"
    assert (data / "logs" / "fielddesk.log").stat().st_size > 0


def test_icon_files_are_what_the_spec_and_installer_name():
    icons = ROOT / "resources" / "icons"
    assert (icons / "fielddesk.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"  # ICO header
    assert (icons / "fielddesk.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    spec = (ROOT / "installer" / "fielddesk.spec").read_text(encoding="utf-8")
    assert '"fielddesk.ico" if WINDOWS' in spec


def test_windows_installer_is_per_user_and_keeps_data():
    iss = (ROOT / "installer" / "fielddesk.iss").read_text(encoding="utf-8")
    settings = dict(line.split("=", 1) for line in iss.splitlines() if "=" in line and not line.startswith((";", "#")))
    assert settings["PrivilegesRequired"] == "lowest"  # no admin rights
    assert settings["DefaultDirName"].startswith("{autopf}")  # = %LOCALAPPDATA%\Programs per user
    assert "\n[UninstallDelete]" not in iss  # the uninstaller removes only what it installed
    assert (ROOT / "installer" / settings["SetupIconFile"].replace("\\", "/")).is_file()
    # The Start-menu entry starts the windowed program the spec builds on Windows.
    spec = (ROOT / "installer" / "fielddesk.spec").read_text(encoding="utf-8")
    assert '{app}\\FieldDesk.exe"' in iss and '_exe("FieldDesk", False)' in spec
