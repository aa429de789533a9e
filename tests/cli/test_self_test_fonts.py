"""``gui --self-test`` checks what the user sees, whatever fonts the machine has (issue 12 item 13):
the welcome page on an empty store, the tabs on a filled one, every tab once laid out and drawn.
Run under a fontconfig with no CJK font at all and under one with Noto Sans CJK (taller metrics:
the tab bar grows, and a page behind the welcome page was never laid out — 'tab 0 did not render')."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers.cli import run_cli
from tests.helpers.fonts import CJK_ENV, dejavu_only, families, with_cjk


def _fonts(kind: str, folder: Path) -> Path:
    if kind == "no-cjk":
        conf = dejavu_only(folder)
        assert families(conf) == set()  # really no font that can draw Japanese
        return conf
    conf = with_cjk(folder)
    if conf is None:
        pytest.skip(f"no Noto Sans CJK JP: install fonts-noto-cjk, or unpack it and name the folder in {CJK_ENV}")
    return conf


@pytest.mark.parametrize("store", ["empty", "demo"])
@pytest.mark.parametrize("fonts", ["no-cjk", "cjk"])
def test_self_test_draws_what_the_user_sees_with_any_fonts(tmp_path, demo_folder, fonts, store):
    conf = _fonts(fonts, tmp_path / "fonts")
    data = tmp_path / "data"
    if store == "demo":
        shutil.copytree(demo_folder, data)
    done = run_cli("gui", "--self-test", data_dir=data, env={"FONTCONFIG_FILE": str(conf)})
    assert done.returncode == 0, done.stdout + done.stderr
    landed = "welcome page shown" if store == "empty" else "tabs shown"
    assert landed in done.stdout and "4 tabs rendered" in done.stdout, done.stdout
