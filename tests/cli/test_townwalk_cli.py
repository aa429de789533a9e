"""Town walks from the command line, as an administrator scripts it: routes imported (a bad row
refuses the whole file, exit 2, nothing written), exports that import back unchanged, and the
three reports read back from the PDFs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.services.demo.attendance import generate
from app.services.demo.load import load_data
from app.services.demo.townwalk import load_townwalk_demo
from app.services.townwalk.routes import list_routes
from app.services.townwalk.walks import list_walks
from app.storage.store import open_store
from tests.helpers.cli import run_cli

HEADER = "ルートコード,ルート名,地区,順番,地点名,住所・目印,緯度,経度,道順メモ\n"


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("townwalk-cli") / "data"
    store = open_store(folder)
    try:
        load_data(store, generate(date(2026, 11, 23), staff_count=40))
        load_townwalk_demo(store, date(2026, 11, 23))
    finally:
        store.close()
    return folder


def test_a_routes_file_with_bad_rows_is_refused_whole(tmp_path):
    folder = tmp_path / "data"
    bad = tmp_path / "routes.csv"
    bad.write_text(HEADER
                   + "MITA01,三田コース,芝,1,三田駅,港区芝5丁目,35.648,139.746,北へ\n"
                   + "MITA01,三田コース,芝,2,慶應義塾 東門,港区三田2丁目,north,139.744,\n"
                   + "MITA01,三田コース,渋谷,3,綱坂,,,,\n"
                   + "MITA01,三田コース,芝,0,聖坂,,,,\n", encoding="cp932")
    done = run_cli("import", "routes", str(bad), data_dir=folder)
    assert done.returncode == 2, done.stderr
    for where in ("routes.csv:3:7", "routes.csv:4:3", "routes.csv:5:4"):
        assert where in done.stderr
    assert "問題が3件" in done.stderr and "何も書き込んでいません" in done.stderr
    out = tmp_path / "out.csv"
    assert run_cli("export", "routes", "--out", str(out), data_dir=folder).returncode == 0
    assert out.read_text(encoding="utf-8-sig").count("\n") == 1  # the header only: nothing was written

    good = tmp_path / "good.csv"
    good.write_text(HEADER + "MITA01,三田コース,芝,1,三田駅,港区芝5丁目,35.648,139.746,北へ\n"
                    + "MITA01,三田コース,芝,2,綱坂,港区三田2丁目,,,坂が急\n", encoding="cp932")
    first = run_cli("import", "routes", str(good), data_dir=folder)
    again = run_cli("import", "routes", str(good), data_dir=folder)
    assert first.returncode == 0 and "追加 2件" in first.stdout, first.stdout
    assert again.returncode == 0 and "変更なし 2件" in again.stdout, again.stdout
    assert run_cli("check", data_dir=folder).returncode == 0


def test_exports_import_back_unchanged(data, tmp_path):
    for kind in ("routes", "walks", "walk_results"):
        out = tmp_path / f"{kind}.csv"
        done = run_cli("export", kind, "--out", str(out), data_dir=data)
        assert done.returncode == 0, done.stderr
        back = run_cli("import", kind, str(out), data_dir=data)
        assert back.returncode == 0, back.stderr
        assert "追加 0件、更新 0件" in back.stdout, back.stdout


def test_the_three_reports(data, tmp_path):
    store = open_store(data)
    try:
        walk = next(w for w in list_walks(store, 2026) if w.checked == w.items and w.items)
    finally:
        store.close()
    route, record, cover = tmp_path / "r.pdf", tmp_path / "w.pdf", tmp_path / "c.pdf"
    for args in (["report", "route", "--route", "SHIBA01", "--out", str(route)],
                 ["report", "walk", "--walk", walk.id[:8], "--out", str(record)],
                 ["report", "coverage", "--fiscal-year", "令和8年度", "--out", str(cover)]):
        done = run_cli(*args, data_dir=data)
        assert done.returncode == 0, done.stderr
    text = {p: "".join(page.extract_text() for page in PdfReader(p).pages) for p in (route, record, cover)}
    assert "ルートシート" in text[route] and "増上寺 三解脱門" in text[route] and "愛宕神社" in text[route]
    assert "実施記録" in text[record] and walk.route_name in text[record] and "進行役" in text[record]
    assert "受講状況" in text[cover] and "未受講者" in text[cover] and "令和8年度" in text[cover]
    missing = run_cli("report", "route", "--route", "NOPE", "--out", str(tmp_path / "x.pdf"), data_dir=data)
    assert missing.returncode == 2 and "NOPE" in missing.stderr and not (tmp_path / "x.pdf").exists()


def _one_walk(data: Path):
    store = open_store(data)
    try:
        return next(w for w in list_walks(store, 2026) if not w.label)
    finally:
        store.close()


def test_report_walk_by_route_and_date_in_every_form_the_tables_accept(data, tmp_path):
    walk = _one_walk(data)
    d = walk.date
    era = f"令和{d.year - 2018}年{d.month}月{d.day}日"
    for n, written in enumerate((d.isoformat(), f"{d.year}/{d.month}/{d.day}", era, f"R{d.year - 2018}.{d.month}.{d.day}",
                                 f"{d.year}年{d.month}月{d.day}日")):
        out = tmp_path / f"walk{n}.pdf"
        done = run_cli("report", "walk", "--route", walk.route_code, "--date", written, "--out", str(out), data_dir=data)
        assert done.returncode == 0, (written, done.stderr)
        text = "".join(page.extract_text() for page in PdfReader(out).pages)
        assert walk.id[:8] in text and walk.route_name in text


def test_report_walk_refuses_a_day_without_that_walk_and_lists_the_days_walks(data, tmp_path):
    walk = _one_walk(data)
    store = open_store(data)
    try:
        other = next(r for r in list_routes(store) if r.code != walk.route_code)
    finally:
        store.close()
    out = tmp_path / "x.pdf"
    done = run_cli("report", "walk", "--route", other.code, "--date", walk.date.isoformat(), "--out", str(out),
                   data_dir=data)
    assert done.returncode == 2 and not out.exists()
    assert other.code in done.stderr and f"--walk {walk.id[:8]}" in done.stderr and walk.route_code in done.stderr
    empty = run_cli("report", "walk", "--route", walk.route_code, "--date", "2026-04-01", "--out", str(out),
                    data_dir=data)
    assert empty.returncode == 2 and "ほかのルートのまちあるきもありません" in empty.stderr
    for bad in (["--route", walk.route_code], ["--walk", walk.id[:8], "--date", "2026-04-01"],
                ["--route", walk.route_code, "--date", "令和8年13月1日"], []):
        done = run_cli("report", "walk", *bad, "--out", str(out), data_dir=data)
        assert done.returncode == 2 and done.stderr.strip(), bad
    assert not out.exists()


def test_report_walk_with_two_walks_that_day_names_both(data, tmp_path):
    import shutil

    from app.services.townwalk.walks import WalkInput, save_walk

    folder = tmp_path / "data"
    shutil.copytree(data, folder)
    walk = _one_walk(folder)
    store = open_store(folder)
    try:
        second = save_walk(store, WalkInput(walk.route_id, walk.date, label="午後の部"))
    finally:
        store.close()
    out = tmp_path / "w.pdf"
    done = run_cli("report", "walk", "--route", walk.route_code, "--date", walk.date.isoformat(), "--out", str(out),
                   data_dir=folder)
    assert done.returncode == 2 and not out.exists()
    assert f"--walk {walk.id[:8]}" in done.stderr and f"--walk {second[:8]}" in done.stderr and "午後の部" in done.stderr
    assert "2 件" in done.stderr
    done = run_cli("report", "walk", "--walk", second[:8], "--out", str(out), data_dir=folder)
    assert done.returncode == 0 and "午後の部" in "".join(p.extract_text() for p in PdfReader(out).pages)
