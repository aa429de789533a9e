"""Writing tables for Excel: headers, text-only cells, formula escape round trip, atomic replace.

The round-trip property holds for any text without NUL, lone surrogates or surrounding whitespace:
the reader strips surrounding whitespace by design (hand-typed cells), so such strings are excluded.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import UnavailableError, UserError
from app.tabular.columns import Column
from app.tabular.reader import read_rows
from app.tabular.writer import write_rows

COLS = [Column("code", "協議会コード", required=True), Column("name", "協議会名"), Column("note", "備考")]

Write = Callable[[Path, list[Column], list[list[str]]], object]
Read = Callable[[Path, list[Column]], list[list[str]]]


@pytest.fixture(autouse=True)
def _in_english(english):
    """Every test here reads English headers and messages."""


def read_table(path: Path, columns: list[Column]) -> list[list[str]]:
    return [[row.values[c.name] for c in columns] for row in read_rows(path, columns)]


def write_table(path: Path, columns: list[Column], rows: list[list[str]]) -> object:
    return write_rows(path, columns, rows)


# Text a spreadsheet might run as a formula, or that looks like the escape itself, is made likely.
_plain = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)
_risky = st.tuples(
    st.sampled_from(["=", "+", "-", "@", "'", "''", "'=", "'\t", "\t", "\r", "_x0041_", "\x01"]), _plain
)
cell = st.one_of(_plain, _risky.map("".join)).filter(lambda s: s == s.strip())
tables = st.lists(
    st.lists(cell, min_size=len(COLS), max_size=len(COLS)).filter(lambda r: r[0] != ""),
    min_size=1,
    max_size=4,
)


def roundtrip_property(write: Write, read: Read, path: Path, max_examples: int) -> None:
    """write → read gives back exactly the rows written (run with real or deliberately broken I/O)."""

    @settings(max_examples=max_examples, deadline=None, database=None, derandomize=True)
    @given(rows=tables)
    def check(rows: list[list[str]]) -> None:
        write(path, COLS, rows)
        assert read(path, COLS) == rows

    check()


@pytest.mark.parametrize("suffix, examples", [(".csv", 200), (".xlsx", 30)])
def test_export_imports_back_unchanged(tmp_path, suffix, examples):
    roundtrip_property(write_table, read_table, tmp_path / f"t{suffix}", examples)


def unescaped_csv_writer(path: Path, columns: list[Column], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([c.ja for c in columns])
        writer.writerows(rows)


def reader_stripping_every_quote(path: Path, columns: list[Column]) -> list[list[str]]:
    return [[v.lstrip("'") for v in row] for row in read_table(path, columns)]


@pytest.mark.parametrize(
    "write, read", [(unescaped_csv_writer, read_table), (write_table, reader_stripping_every_quote)]
)
def test_roundtrip_property_catches_broken_escaping(tmp_path, write, read):
    with pytest.raises(AssertionError):
        roundtrip_property(write, read, tmp_path / "t.csv", 200)


def test_csv_has_bom_crlf_headers_in_language_and_escaped_formulas(tmp_path):
    path = tmp_path / "out.csv"
    rows = [["=SUM(A1)", "芝 地区", "-1"], ["001", 'a,"b"\nc', "'quoted"], ["@x", "+81", ""]]
    assert write_rows(path, COLS, rows) == 3
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").split("\r\n") == [
        "協議会コード,協議会名,備考",
        "'=SUM(A1),芝 地区,'-1",
        '001,"a,""b""\nc",\'\'quoted',
        "'@x,'+81,",
        "",
    ]
    write_rows(path, COLS, rows, lang="en")
    assert path.read_bytes().startswith(b"\xef\xbb\xbfcode,name,note\r\n")
    assert read_table(path, COLS) == rows


def test_xlsx_cells_are_text_with_bold_header(tmp_path):
    path = tmp_path / "out.xlsx"
    rows = [["=SUM(A1)", "0012", "#N/A"], ["1.5", "2024-04-01", ""]]
    assert write_rows(path, COLS, iter(rows), lang="en") == 2
    ws = openpyxl.load_workbook(path).worksheets[0]
    assert [c.value for c in ws[1]] == ["code", "name", "note"]
    assert all(c.font.b for c in ws[1])
    for c in (*ws[2], *ws[3]):
        if c.value is not None:
            assert (c.data_type, c.number_format, c.quotePrefix, c.font.b) == ("s", "@", True, False)
    assert ws["A2"].value == "=SUM(A1)" and ws["C2"].value == "#N/A"
    assert read_table(path, COLS) == rows


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_failed_export_leaves_the_old_file_intact(tmp_path, suffix):
    path = tmp_path / f"out{suffix}"
    write_rows(path, COLS, [["1", "old", ""]])
    before = path.read_bytes()

    def rows():
        yield ["2", "new", ""]
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        write_rows(path, COLS, rows())
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_too_long_xlsx_cell_is_refused_without_touching_the_file(tmp_path):
    path = tmp_path / "out.xlsx"
    write_rows(path, COLS, [["1", "old", ""]])
    before = path.read_bytes()
    with pytest.raises(UserError, match="Export as CSV"):
        write_rows(path, COLS, [["1", "x" * 40000, ""]])
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_unwritable_destination_is_unavailable(tmp_path):
    with pytest.raises(UnavailableError, match="missing.csv") as info:
        write_rows(tmp_path / "no-such-folder" / "missing.csv", COLS, [["1", "", ""]])
    assert "try again" in str(info.value)
    blocked = tmp_path / "blocked.csv"
    blocked.mkdir()
    with pytest.raises(UnavailableError, match="blocked.csv"):
        write_rows(blocked, COLS, [["1", "", ""]])
    assert blocked.is_dir() and list(tmp_path.iterdir()) == [blocked]


def test_wrong_extension_and_bad_rows(tmp_path):
    with pytest.raises(UserError, match=r"\.csv or \.xlsx"):
        write_rows(tmp_path / "out.txt", COLS, [])
    with pytest.raises(ValueError):
        write_rows(tmp_path / "out.csv", COLS, [["only one"]])
    assert not (tmp_path / "out.csv").exists()
