"""The real command line in subprocesses, as an administrator's script runs it (docs/cli.md).

One sample store is made per module and exported once; tests that write work on a copy.
"""

from __future__ import annotations

import csv
import io
import shutil
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import openpyxl
import pytest
from filelock import FileLock

from app import __version__
from tests.helpers.cli import run_cli

KINDS = ("staff", "councils", "meetings", "attendance")
IMPORT_ORDER = ("councils", "staff", "meetings", "attendance")
DB = "fielddesk.sqlite3"


def ok(done) -> str:
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def in_parallel(*jobs: Callable[[], object]) -> list[object]:
    """Independent subprocess pipelines (different data folders) side by side: the suite stays fast."""
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        futures = [pool.submit(job) for job in jobs]
        return [f.result() for f in futures]


def xlsx_values(path: Path) -> list[tuple]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return [tuple(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cli-demo") / "data"
    out = ok(run_cli("demo", data_dir=folder))
    assert (folder / DB).exists() and out.strip()
    return folder


@pytest.fixture(scope="module")
def exported(demo: Path, tmp_path_factory) -> dict[str, Path]:
    """The sample store's four kinds, as CSV and XLSX (Japanese headers: the default language)."""
    out = tmp_path_factory.mktemp("cli-export")
    twin = out / "twin"  # the same store, so the two file types export side by side without lock waits
    shutil.copytree(demo, twin)

    def export_all(folder: Path, suffix: str) -> dict[str, Path]:
        files = {}
        for kind in KINDS:
            path = out / f"{kind}{suffix}"
            ok(run_cli("export", kind, "--out", str(path), data_dir=folder))
            files[f"{kind}{suffix}"] = path
        return files

    csvs, xlsxs = in_parallel(lambda: export_all(demo, ".csv"), lambda: export_all(twin, ".xlsx"))
    return {**csvs, **xlsxs}


@pytest.fixture
def demo_copy(demo: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(demo, target)
    return target


def export_bytes(folder: Path, kind: str, tmp_path: Path, name: str = "after") -> bytes:
    path = tmp_path / f"{name}-{kind}.csv"
    ok(run_cli("export", kind, "--out", str(path), data_dir=folder))
    return path.read_bytes()


def write_csv(path: Path, header: list[str], rows: list[list[str]], encoding: str = "utf-8") -> Path:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def first_rows(exported: dict[str, Path], kind: str, n: int = 1) -> tuple[list[str], list[list[str]]]:
    with open(exported[f"{kind}.csv"], encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1 : 1 + n]


# -- basics ------------------------------------------------------------------------------------

def test_version():
    done = run_cli("--version")
    assert ok(done).strip() == f"FieldDesk {__version__}"


def test_demo_then_check(demo: Path):
    out = ok(run_cli("check", data_dir=demo))
    assert "データは正常です" in out
    counts = dict(part.rsplit(" ", 1) for part in out[out.index("（") + 1 : out.index("）")].split(", "))
    assert int(counts["staff"]) > 0 and int(counts["council"]) > 0 and int(counts["sync_change"]) > 0


def test_round_trip_into_a_second_store_is_identical(exported: dict[str, Path], tmp_path: Path):
    def round_trip(suffix: str) -> dict[str, Path]:
        folder = tmp_path / f"from-{suffix[1:]}"
        for kind in IMPORT_ORDER:
            ok(run_cli("import", kind, str(exported[f"{kind}{suffix}"]), data_dir=folder))
        again = {}
        for kind in KINDS:
            again[kind] = tmp_path / f"again-{kind}{suffix}"
            ok(run_cli("export", kind, "--out", str(again[kind]), data_dir=folder))
        return again

    from_csv, from_xlsx = in_parallel(lambda: round_trip(".csv"), lambda: round_trip(".xlsx"))
    for kind in KINDS:
        assert from_csv[kind].read_bytes() == exported[f"{kind}.csv"].read_bytes(), kind
        original = xlsx_values(exported[f"{kind}.xlsx"])
        assert len(original) > 1
        assert xlsx_values(from_xlsx[kind]) == original, kind


# -- bad files: exit 2, file:line:col, nothing written -----------------------------------------------

def test_unknown_column(demo_copy, exported, tmp_path):
    header, rows = first_rows(exported, "councils", 2)
    bad = write_csv(tmp_path / "unknown.csv", [*header, "備考欄"], [[*r, "x"] for r in rows])
    done = run_cli("import", "councils", str(bad), data_dir=demo_copy)
    assert done.returncode == 2, done.stderr
    assert f"{bad}:1:{len(header) + 1}:" in done.stderr and "備考欄" in done.stderr
    assert "何も書き込んでいません" in done.stderr
    assert export_bytes(demo_copy, "councils", tmp_path) == exported["councils.csv"].read_bytes()


def test_missing_required_column(demo_copy, exported, tmp_path):
    header, rows = first_rows(exported, "staff", 2)
    keep = [i for i, h in enumerate(header) if h != "氏名"]
    bad = write_csv(tmp_path / "missing.csv", [header[i] for i in keep],
                    [[r[i] for i in keep] for r in rows])
    done = run_cli("import", "staff", str(bad), data_dir=demo_copy)
    assert done.returncode == 2, done.stderr
    assert f"{bad}:1:" in done.stderr and "氏名" in done.stderr
    assert export_bytes(demo_copy, "staff", tmp_path) == exported["staff.csv"].read_bytes()


def test_bad_date(demo_copy, exported, tmp_path):
    header, rows = first_rows(exported, "meetings", 3)
    col = header.index("開催日")
    rows[1][col] = "令和6年13月1日"
    rows[2][3] = rows[2][3] + " 追加"  # a valid new row: must not be written either
    bad = write_csv(tmp_path / "date.csv", header, rows)
    done = run_cli("import", "meetings", str(bad), data_dir=demo_copy)
    assert done.returncode == 2, done.stderr
    assert f"{bad}:3:{col + 1}:" in done.stderr and "令和6年13月1日" in done.stderr
    assert export_bytes(demo_copy, "meetings", tmp_path) == exported["meetings.csv"].read_bytes()


def test_unknown_council_code(demo_copy, exported, tmp_path):
    header, rows = first_rows(exported, "meetings", 2)
    col = header.index("協議会コード")
    rows[0][col] = "ZZ99"
    bad = write_csv(tmp_path / "council.csv", header, rows)
    done = run_cli("import", "meetings", str(bad), data_dir=demo_copy)
    assert done.returncode == 2, done.stderr
    assert f"{bad}:2:{col + 1}:" in done.stderr and "ZZ99" in done.stderr
    assert "協議会" in done.stderr
    assert export_bytes(demo_copy, "meetings", tmp_path) == exported["meetings.csv"].read_bytes()


def test_cp932_file_with_a_bad_reading(demo_copy, exported, tmp_path):
    header = ["職員番号", "氏名", "ふりがな", "所属"]
    rows = [["880001", "芝 太郎", "ｼﾊﾞ ﾀﾛｳ", "総務課"], ["880002", "三田 花子", "三田はなこ", "防災課"]]
    bad = write_csv(tmp_path / "sjis.csv", header, rows, encoding="cp932")
    with pytest.raises(UnicodeDecodeError):
        bad.read_bytes().decode("utf-8")  # really Shift_JIS
    done = run_cli("import", "staff", str(bad), data_dir=demo_copy)
    assert done.returncode == 2, done.stderr
    assert f"{bad}:3:3:" in done.stderr and "三田はなこ" in done.stderr  # decoded, so the value reads right
    assert f"{bad}:2:" not in done.stderr
    assert export_bytes(demo_copy, "staff", tmp_path) == exported["staff.csv"].read_bytes()


def test_dry_run_writes_nothing(demo_copy, exported, tmp_path):
    header, rows = first_rows(exported, "staff", 2)
    rows[0][header.index("所属")] = "試験課"
    rows.append(["770001", "高輪 一", "たかなわ はじめ", "総務課", "", "", "1"])
    changed = write_csv(tmp_path / "changed.csv", header, rows)
    done = run_cli("import", "staff", str(changed), "--dry-run", data_dir=demo_copy)
    out = ok(done)
    assert "追加 1件" in out and "更新 1件" in out and "変更なし 1件" in out
    assert export_bytes(demo_copy, "staff", tmp_path) == exported["staff.csv"].read_bytes()
    # the same file without --dry-run does write, so the comparison above can fail
    ok(run_cli("import", "staff", str(changed), data_dir=demo_copy))
    assert export_bytes(demo_copy, "staff", tmp_path, "real") != exported["staff.csv"].read_bytes()


def test_missing_file_and_language(demo, tmp_path):
    missing = tmp_path / "nowhere.csv"
    ja = run_cli("import", "staff", str(missing), data_dir=demo)
    en = run_cli("--lang", "en", "import", "staff", str(missing), data_dir=demo)
    assert ja.returncode == en.returncode == 2
    assert str(missing) in ja.stderr and str(missing) in en.stderr
    assert "ファイルが見つかりません" in ja.stderr
    assert "the file does not exist" in en.stderr and "ファイル" not in en.stderr
    assert not missing.exists()


def test_env_var_names_the_data_folder(demo, exported, tmp_path):
    out = tmp_path / "staff.csv"
    ok(run_cli("export", "staff", "--out", str(out), env={"FIELDDESK_DATA_DIR": str(demo)}))
    assert out.read_bytes() == exported["staff.csv"].read_bytes()


def test_export_into_a_missing_folder(demo, tmp_path):
    target = tmp_path / "no-such-folder" / "staff.csv"
    done = run_cli("export", "staff", "--out", str(target), data_dir=demo)
    assert done.returncode == 3, done.stderr
    assert str(target) in done.stderr and "フォルダ" in done.stderr
    assert not target.parent.exists()


# -- the store is locked, newer or not a store: exit 3, nothing touched -------------------------------

def _snapshot(folder: Path) -> tuple[bytes, int, list[str]]:
    db = folder / DB
    return db.read_bytes(), db.stat().st_mtime_ns, sorted(p.name for p in folder.iterdir())


def test_second_process_on_a_locked_folder(demo_copy):
    before = _snapshot(demo_copy)
    with FileLock(str(demo_copy / "fielddesk.lock"), is_singleton=False):
        check, gui = in_parallel(lambda: run_cli("check", data_dir=demo_copy),
                                 lambda: run_cli("gui", "--self-test", data_dir=demo_copy))
    for done in (check, gui):
        assert done.returncode == 3, done.stderr
        assert "フィールドデスクはデータフォルダ" in done.stderr and "既に開いています" in done.stderr
        assert str(demo_copy) in done.stderr
    assert "self-test ok" not in gui.stdout
    assert _snapshot(demo_copy) == before
    en = run_cli("--lang", "en", "check", data_dir=demo_copy)  # lock released: it runs again
    assert en.returncode == 0, en.stderr


def test_locked_message_in_english(demo_copy):
    with FileLock(str(demo_copy / "fielddesk.lock"), is_singleton=False):
        done = run_cli("--lang", "en", "gui", "--self-test", data_dir=demo_copy)
    assert done.returncode == 3
    assert "FieldDesk is already open" in done.stderr


def test_gui_self_test(demo_copy):
    done = run_cli("gui", "--self-test", data_dir=demo_copy)
    out = ok(done)
    assert "self-test ok" in out and "tabs rendered" in out


def test_newer_schema_is_refused_untouched(demo_copy):
    db = demo_copy / DB
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = 'zzzz'")
    conn.close()
    before = _snapshot(demo_copy)
    backups = sorted((demo_copy / "backups").iterdir())
    done = run_cli("check", data_dir=demo_copy)
    assert done.returncode == 3, done.stderr
    assert "zzzz" in done.stderr and "新しいバージョン" in done.stderr
    assert _snapshot(demo_copy) == before
    assert sorted((demo_copy / "backups").iterdir()) == backups


def test_not_sqlite_is_refused_untouched(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    junk = b"\xef\xbb\xbf\xe8\x81\xb7\xe5\x93\xa1,name\r\nthis is a CSV, not a store\r\n" * 40
    (folder / DB).write_bytes(junk)
    before = _snapshot(folder)
    done = run_cli("check", data_dir=folder)
    assert done.returncode == 3, done.stderr
    assert str(folder / DB) in done.stderr and "壊れています" in done.stderr
    after = _snapshot(folder)
    assert after[:2] == before[:2] and after[0] == junk
    assert not (folder / f"{DB}-wal").exists()


# -- dates as meeting sheets carry them (issue 13) ---------------------------------------------------

def test_dates_as_sheets_carry_them_and_late_heisei_noted(demo_copy, exported, tmp_path):
    header, rows = first_rows(exported, "meetings", 1)
    col, title = header.index("開催日"), header.index("件名")
    written = ["平成31年5月10日(金)", "平成32年3月31日", "令和六年六月十二日（水）", "R6.6.13 木曜日"]
    new = [[*rows[0][:col], day, *rows[0][col + 1:]] for day in written]
    for n, row in enumerate(new):
        row[title] = f"読み替え試験 {n}"
    sheet = write_csv(tmp_path / "dates.csv", header, new)
    for lang, note in (("ja", "平成の終わった後の日付（平成31年5月1日以降）が 2 件あり"),
                       ("en", "2 平成 dates written after the era ended")):
        out = ok(run_cli("--lang", lang, "import", "meetings", str(sheet), "--dry-run", data_dir=demo_copy))
        assert note in out, out
    ok(run_cli("import", "meetings", str(sheet), data_dir=demo_copy))
    after = tmp_path / "after.csv"
    ok(run_cli("export", "meetings", "--out", str(after), data_dir=demo_copy))
    with open(after, encoding="utf-8-sig", newline="") as fh:
        days = {r[title]: r[col] for r in csv.reader(fh)}
    assert [days[f"読み替え試験 {n}"] for n in range(4)] == ["2019-05-10", "2020-03-31", "2024-06-12", "2024-06-13"]


def test_a_wrong_weekday_and_a_date_outside_its_era_are_refused(demo_copy, exported, tmp_path):
    header, rows = first_rows(exported, "meetings", 2)
    col = header.index("開催日")
    rows[0][col], rows[1][col] = "令和6年6月12日(木)", "明治45年8月1日"
    bad = write_csv(tmp_path / "bad-dates.csv", header, rows)
    done = run_cli("import", "meetings", str(bad), data_dir=demo_copy)
    assert done.returncode == 2, done.stderr
    assert f"{bad}:2:{col + 1}:" in done.stderr and "水曜日です（木曜日ではありません）" in done.stderr
    assert f"{bad}:3:{col + 1}:" in done.stderr and "1868-10-23～1912-07-29" in done.stderr
    assert export_bytes(demo_copy, "meetings", tmp_path) == exported["meetings.csv"].read_bytes()
