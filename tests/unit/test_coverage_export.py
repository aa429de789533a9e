"""The not-yet list exported by the service (as every table export: app.tabular, headers per
language), written to a real file and read back: CSV as UTF-8 with BOM, XLSX through openpyxl."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from openpyxl import load_workbook

from app.errors import UserError
from app.services.demo.load import load_data
from app.services.townwalk import coverage, walks
from app.tabular.reader import read_rows
from tests.helpers.townwalk import make_route, people

NOT_YET = [["000102", "山﨑　花子", "やまざき　はなこ", "人事課"],
           ["000103", "佐藤　次郎", "さとう　じろう", "人事課"],
           ["000201", "鈴木　三郎", "すずき　さぶろう", "防災課"],
           ["000202", "田中　四郎", "たなか　しろう", "防災課"],
           ["000203", "伊藤　五郎", "いとう　ごろう", "防災課"]]


@pytest.fixture
def report(store):
    load_data(store, people())
    walk_id = walks.save_walk(store, walks.WalkInput(make_route(store), date(2026, 6, 12)))
    walks.quick_add(store, walk_id, "000101")
    return coverage.coverage(store, 2026, today=date(2026, 6, 30))


def test_csv_with_japanese_headers_reads_back_as_staff_rows(report, tmp_path):
    out = tmp_path / "未受講者.csv"
    assert coverage.export_not_yet(report, out, lang="ja") == 5
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel opens it without mojibake
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["職員番号", "氏名", "ふりがな", "所属"]
    assert sorted(rows[1:]) == NOT_YET  # 﨑 and leading zeros survive
    back = read_rows(out, coverage.NOT_YET_COLUMNS)
    assert sorted([r.values[c.name] for c in coverage.NOT_YET_COLUMNS] for r in back) == NOT_YET


def test_english_headers_are_the_canonical_names(report, tmp_path):
    out = tmp_path / "not_yet.csv"
    coverage.export_not_yet(report, out, lang="en")
    with open(out, encoding="utf-8-sig", newline="") as fh:
        assert next(csv.reader(fh)) == ["staff_no", "name", "kana", "department"]


def test_xlsx_keeps_numbers_as_text(report, tmp_path):
    out = tmp_path / "not_yet.xlsx"
    assert coverage.export_not_yet(report, out, lang="ja") == 5
    sheet = load_workbook(out, read_only=True).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["職員番号", "氏名", "ふりがな", "所属"]
    assert sorted(rows[1:]) == NOT_YET  # "000102", not the number 102


def test_another_file_type_is_refused(report, tmp_path):
    with pytest.raises(UserError):
        coverage.export_not_yet(report, tmp_path / "not_yet.txt")
    assert not (tmp_path / "not_yet.txt").exists()
