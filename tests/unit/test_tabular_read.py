"""Reading tables staff exchange with Excel: encodings, headers, problems and line numbers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from app.errors import ImportRejected, RowProblem, UserError
from app.i18n import set_language
from app.tabular.columns import Column, header_key
from app.tabular.reader import read_rows

COLS = [
    Column("staff_no", "職員番号", required=True),
    Column("name", "氏名", required=True),
    Column("kana", "ふりがな", aliases=("フリガナ",), required=True),
    Column("department", "所属"),
]


@pytest.fixture(autouse=True)
def _in_english(english):
    """Every test here reads English headers and messages."""


def write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def table(rows) -> list[tuple[int, dict[str, str]]]:
    return [(r.line, r.values) for r in rows]


def rejected(path: Path) -> list[RowProblem]:
    with pytest.raises(ImportRejected) as info:
        read_rows(path, COLS)
    assert info.value.file == str(path)
    return info.value.problems


def test_header_key_normalises_width_space_breaks_and_case():
    assert header_key("ＳＴＡＦＦ＿ＮＯ") == "staff_no"
    assert header_key(" ふり\r\nがな\u3000") == "ふりがな"
    assert header_key("ﾌﾘｶﾞﾅ") == header_key("フリガナ")
    assert COLS[0].header("ja") == "職員番号" and COLS[0].header("en") == "staff_no"
    with pytest.raises(ValueError):
        COLS[0].header("fr")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_encodings(tmp_path, encoding):
    text = "職員番号,氏名,ふりがな\r\n0012,髙橋 一郎,たかはし\r\n0013,山﨑 花子,やまさき\r\n"
    rows = read_rows(write(tmp_path, text, encoding), COLS)
    assert [r.values["name"] for r in rows] == ["髙橋 一郎", "山﨑 花子"]
    assert rows[0].values == {"staff_no": "0012", "name": "髙橋 一郎", "kana": "たかはし", "department": ""}
    assert rows[0].line == 2


def test_undecodable_bytes_name_the_offset_and_line(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes("\ufeff職員番号,氏名,ふりがな\n1,a,b\n".encode() + b"2,\xff\xfe,c\n")
    with pytest.raises(UserError) as info:
        read_rows(path, COLS)
    message = str(info.value)
    assert "bad.csv" in message and "line 3" in message and "byte 44" in message


def test_bytes_neither_utf8_nor_cp932_are_refused(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"staff_no,name,kana\r\n1,a,b\r\n2,\x81\x7f,c\r\n")
    with pytest.raises(UserError, match=r"byte 29 \(line 3\)") as info:
        read_rows(path, COLS)
    assert "bad.csv" in str(info.value)


def test_leading_blank_and_comma_lines_keep_physical_line_numbers(tmp_path):
    text = "\n,,\n  \nstaff_no,name,kana\n\n1,a,あ\n,,,\n2,b,い\n"
    rows = read_rows(write(tmp_path, text), COLS)
    assert [r.line for r in rows] == [6, 8]


def test_header_with_line_break_and_multiline_cells_keep_line_numbers(tmp_path):
    text = (
        '職員番号,"氏\n名","ふり\r\nがな"\r\n1,"一行目\n二行目",あ\r\n2,b,い\r\n3,"x\n\ny",う\r\n4,d,え\r\n'
    )
    rows = read_rows(write(tmp_path, text), COLS)
    assert [r.line for r in rows] == [4, 6, 7, 10]
    assert rows[0].values["name"] == "一行目\n二行目"
    assert rows[0].cols["name"] == (2, "氏\n名")


@pytest.mark.parametrize(
    "header",
    [
        "職員番号,氏名,ふりがな,所属",
        "staff_no,name,kana,department",
        "所属,kana,氏名,STAFF_NO",
        "ｓｔａｆｆ＿ｎｏ, 氏 名 ,フリガナ,所属",
    ],
)
def test_headers_in_any_language_and_order(tmp_path, header):
    order = [header_key(h) for h in header.split(",")]
    by_key = {k: c.name for c in COLS for k in c.keys()}
    sample = {"staff_no": "7", "name": "港 太郎", "kana": "みなと", "department": "総務課"}
    line = ",".join(sample[by_key[k]] for k in order)
    rows = read_rows(write(tmp_path, f"{header}\n{line}\n"), COLS)
    assert table(rows) == [(2, sample)]


def test_absent_optional_column_is_empty_with_expected_header(tmp_path):
    rows = read_rows(write(tmp_path, "kana,staff_no,name\nあ,1,a\n"), COLS)
    assert rows[0].values["department"] == ""
    assert rows[0].cols == {
        "kana": (1, "kana"),
        "staff_no": (2, "staff_no"),
        "name": (3, "name"),
        "department": (0, "department"),
    }


def test_all_header_and_cell_problems_are_collected(tmp_path):
    text = "職員番号,氏名,所属,所蔵,staff_no\n1,,x,,\n,,,,\n2,b,,,\n,c,,,\n"
    problems = rejected(write(tmp_path, text))
    assert [(p.line, p.col, p.column, p.value) for p in problems] == [
        (1, 4, "所蔵", "所蔵"),  # unknown
        (1, 5, "staff_no", "staff_no"),  # duplicate of 職員番号
        (1, 0, "kana", ""),  # required column missing, named in the UI language
        (2, 2, "氏名", ""),  # required cell empty
        (5, 1, "職員番号", ""),
    ]
    assert "Unknown column '所蔵'" in problems[0].reason
    assert "appears twice (also column 1)" in problems[1].reason
    assert "Required column 'kana' is missing" in problems[2].reason
    assert problems[3].reason == "A value is required in this column."


def test_missing_column_is_named_in_japanese_when_ui_is_japanese(tmp_path):
    set_language("ja")
    problems = rejected(write(tmp_path, "職員番号,氏名\n1,a\n"))
    assert [(p.col, p.column) for p in problems] == [(0, "ふりがな")]
    assert "ふりがな" in problems[0].reason and problems[0].reason != "Required column 'ふりがな' is missing."


def test_cells_beyond_headers_are_a_problem_but_trailing_empty_cells_are_not(tmp_path):
    text = "staff_no,name,kana,\n1,a,あ,,\n2,b,い,,oops\n3,c,う,x\n"
    problems = rejected(write(tmp_path, text))
    assert [(p.line, p.col, p.column, p.value) for p in problems] == [(3, 5, "", "oops"), (4, 4, "", "x")]


def test_header_only_file_gives_no_rows_and_empty_file_is_refused(tmp_path):
    assert read_rows(write(tmp_path, "\ufeffstaff_no,name,kana\r\n\r\n"), COLS) == []
    with pytest.raises(UserError, match="empty"):
        read_rows(write(tmp_path, "\n,,\n", name="empty.csv"), COLS)


def test_formula_escape_is_removed_once(tmp_path):
    text = "staff_no,name,kana\n'=1+2,'''x,'abc\n '-1 ,'@a,''\n"
    rows = read_rows(write(tmp_path, text), COLS)
    assert [list(r.values.values())[:3] for r in rows] == [["=1+2", "''x", "'abc"], ["-1", "@a", "'"]]


def test_unsupported_missing_and_broken_files(tmp_path):
    with pytest.raises(UserError, match=r"\.csv or \.xlsx"):
        read_rows(write(tmp_path, "a", name="t.xls"), COLS)
    with pytest.raises(UserError, match="does not exist") as info:
        read_rows(tmp_path / "nope.csv", COLS)
    assert "nope.csv" in str(info.value)
    with pytest.raises(UserError, match="does not exist"):
        read_rows(tmp_path / "nope.xlsx", COLS)
    with pytest.raises(UserError, match="not a readable Excel workbook") as info:
        read_rows(write(tmp_path, "not a zip", name="broken.xlsx"), COLS)
    assert "broken.xlsx" in str(info.value)


def test_xlsx_values_and_row_numbers(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A2"] = "ふり\nがな"
    ws["B2"] = "staff_no"
    ws["C2"] = "氏名"
    ws["D2"] = "所属"
    ws.append(["かな", 12.0, dt.datetime(2024, 4, 1), dt.time(19, 0)])
    ws.append([None, None, None, None])
    ws.append(["すずき", 1.5, dt.datetime(2024, 4, 1, 9, 30), dt.date(2025, 1, 2)])
    ws.append(["  さとう ", 7, "  名前\u3000", None])
    wb.worksheets[0].title = "first"
    wb.create_sheet("second")["A1"] = "ignored"
    path = tmp_path / "t.xlsx"
    wb.save(path)
    rows = read_rows(path, COLS)
    assert table(rows) == [
        (3, {"staff_no": "12", "name": "2024-04-01", "kana": "かな", "department": "19:00"}),
        (5, {"staff_no": "1.5", "name": "2024-04-01 09:30", "kana": "すずき", "department": "2025-01-02"}),
        (6, {"staff_no": "7", "name": "名前", "kana": "さとう", "department": ""}),
    ]
    assert rows[0].cols["kana"] == (1, "ふり\nがな")


def test_xlsx_problems_use_sheet_row_numbers(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["staff_no", "name", "kana", "extra"])
    ws.append(["1", None, "あ"])
    path = tmp_path / "t.xlsx"
    wb.save(path)
    problems = rejected(path)
    assert [(p.line, p.col, p.column) for p in problems] == [(1, 4, "extra"), (2, 2, "name")]


def test_xlsx_number_formats_of_zeros_show_their_zeros_and_nothing_else_changes(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["staff_no", "name", "kana", "department"])
    for value, fmt in ((456, "000000"), (456, "000000;@"), (1234567, "000000"), (456, "0.00"), (456, "#,##0"),
                       (4.5, "000000"), (456, "General")):
        ws.append([value, fmt, "かな"])
        ws.cell(ws.max_row, 1).number_format = fmt
    path = tmp_path / "t.xlsx"
    wb.save(path)
    assert [r.values["staff_no"] for r in read_rows(path, COLS)] == [
        "000456", "000456", "1234567", "456", "456", "4.5", "456"]


def test_xlsx_formulas_without_results_and_error_values_are_refused_by_cell(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["staff_no", "name", "kana"])
    ws.append(["1", "=A2&\"x\"", "かな"])
    ws.append(["=1+1", "b", "かな"])  # a formula in a required column: one problem, not two
    ws["B4"], ws["C4"] = "=NA()", "かな"
    ws["A4"] = "4"
    path = tmp_path / "formulas.xlsx"
    wb.save(path)
    problems = rejected(path)
    assert [str(p).split(": ", 1)[0] for p in problems] == [f"{path}:B2", f"{path}:A3", f"{path}:B4"]
    assert problems[0].value == '=A2&"x"' and problems[0].column == "name"
    assert all("Excel" in p.reason for p in problems)


def test_our_csv_escape_is_dropped_from_xlsx_text_too(tmp_path):
    """A CSV export opened in a spreadsheet keeps '=1+1 as text; saved as .xlsx it must read =1+1."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["staff_no", "name", "kana"])
    ws.append(["1", "'=1+1", "''quoted"])
    ws.append(["2", "'plain", "'"])
    path = tmp_path / "t.xlsx"
    wb.save(path)
    assert [(r.values["name"], r.values["kana"]) for r in read_rows(path, COLS)] == [
        ("=1+1", "'quoted"), ("'plain", "'")]
