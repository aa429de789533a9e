"""The user's real path: `fielddesk export` → opened and saved by LibreOffice Calc → `fielddesk import`.

Calc turns 職員番号 010099 into the number 10099; before staff numbers were normalised, the
re-import of such a file added every such person again (41 of the demo's 200 staff).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers.calc import calc_save_as, soffice

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "calc"


def counts(stdout: str) -> tuple[int, int, int]:
    m = re.search(r"created (\d+), updated (\d+), unchanged (\d+)", stdout)
    assert m, stdout
    return int(m[1]), int(m[2]), int(m[3])


@pytest.mark.skipif(soffice() is None, reason="needs LibreOffice Calc (soffice)")
def test_an_export_through_calc_reimports_with_nothing_added(cli, data_dir, tmp_path):
    assert cli("demo", data_dir=data_dir).returncode == 0
    kinds = ("staff", "attendance", "walks")
    exported = []
    for kind in kinds:
        out = tmp_path / "export" / f"{kind}.csv"
        out.parent.mkdir(exist_ok=True)
        assert cli("export", kind, "--out", str(out), data_dir=data_dir).returncode == 0
        exported.append(out)
    profile = tmp_path / "profile"
    as_csv = calc_save_as(exported, "csv", tmp_path / "calc_csv", profile)
    as_xlsx = calc_save_as(exported, "xlsx", tmp_path / "calc_xlsx", profile)
    assert re.search(r"^\d{5},", as_csv[0].read_text(encoding="utf-8"), re.M)  # Calc dropped the zeros
    for path in (*as_csv, *as_xlsx):
        kind = path.stem
        done = cli("--lang", "en", "import", kind, str(path), data_dir=data_dir)
        assert done.returncode == 0, done.stderr
        created, updated, _unchanged = counts(done.stdout)
        assert (created, updated) == (0, 0), (path, done.stdout)
        assert re.search(r"\d+ staff numbers were shorter than 6 digits", done.stdout), done.stdout
    assert cli("check", data_dir=data_dir).returncode == 0


def test_a_workbook_with_unsaved_formula_results_is_refused_by_cell(cli, data_dir):
    path = FIXTURES / "formatted" / "program.xlsx"
    done = cli("--lang", "en", "import", "staff", str(path), data_dir=data_dir)
    assert done.returncode == 2
    assert f"{path}:D2: 所属" in done.stderr and "open the file in Excel, save it" in done.stderr
    assert "3 problems; nothing was written" in done.stderr
