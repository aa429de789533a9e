"""``fielddesk report …`` in subprocesses, as an administrator's script runs it: a PDF and exit 0,
bad input exit 2 with nothing written, an unwritable folder exit 3."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.services.demo.attendance import generate
from app.services.demo.load import load_data
from app.storage.store import open_store
from tests.helpers.cli import run_cli
from tools.render_reports import COUNCIL, MEETING, load_sample


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("report-cli") / "data"
    store = open_store(folder)
    try:
        load_data(store, generate(date(2026, 11, 23), staff_count=40))
        load_sample(store)
    finally:
        store.close()
    return folder


def run_all(data: Path, *commands: list[str]):
    """One after the other: the data folder's lock admits one FieldDesk process at a time."""
    return [run_cli(*args, data_dir=data) for args in commands]


def test_the_three_reports(data, tmp_path):
    signin, meeting, part = tmp_path / "s.pdf", tmp_path / "m.pdf", tmp_path / "p.pdf"
    done = run_all(
        data,
        ["report", "signin", "--council", COUNCIL, "--date", "令和8年11月12日", "--title", MEETING[1], "--out", str(signin)],
        ["report", "meeting", "--council", COUNCIL, "--date", "2026/11/12", "--title", MEETING[1], "--out", str(meeting)],
        ["report", "participation", "--fiscal-year", "令和8年度", "--out", str(part)],
    )
    for result, pdf in zip(done, (signin, meeting, part), strict=True):
        assert result.returncode == 0, result.stderr
        assert str(pdf) in result.stdout
        assert PdfReader(pdf).pages[0].extract_text()
    assert "出席者署名簿" in PdfReader(signin).pages[0].extract_text()
    assert "令和8年度（2026）" in PdfReader(part).pages[0].extract_text()


def test_one_council_and_the_era_fiscal_year(data, tmp_path):
    out = tmp_path / "one.pdf"
    done = run_cli("report", "participation", "--fiscal-year", "2026", "--council", COUNCIL, "--out", str(out),
                   data_dir=data)
    assert done.returncode == 0, done.stderr
    assert COUNCIL in PdfReader(out).pages[0].extract_text()


def test_bad_input_is_exit_2_and_writes_nothing(data, tmp_path):
    out = tmp_path / "x.pdf"
    done = run_all(
        data,
        ["report", "signin", "--council", "ZZ99", "--date", "2026-11-12", "--title", "x", "--out", str(out)],
        ["report", "meeting", "--council", COUNCIL, "--date", "2026-11-12", "--title", "第9回", "--out", str(out)],
        ["report", "meeting", "--council", COUNCIL, "--date", "令和8年13月1日", "--title", "x", "--out", str(out)],
        ["report", "participation", "--fiscal-year", "令和", "--out", str(out)],
        ["report", "participation", "--fiscal-year", "2026"],
    )
    for result in done:
        assert result.returncode == 2, (result.args, result.stderr)
        assert result.stderr.strip()
    assert "ZZ99" in done[0].stderr and "第9回" in done[1].stderr
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_exit_3(data, tmp_path):
    out = tmp_path / "missing" / "m.pdf"
    done = run_cli("report", "meeting", "--council", COUNCIL, "--date", "2026-11-12", "--title", MEETING[1],
                   "--out", str(out), data_dir=data)
    assert done.returncode == 3, done.stderr
    assert "missing" in done.stderr and not out.parent.exists()
