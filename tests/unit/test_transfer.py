"""Import/export through the services: all-or-nothing, idempotent, exact round trips."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.errors import ImportRejected
from app.i18n import set_language
from app.services.admin.check import run_check
from app.services.demo.attendance import generate
from app.services.demo.load import load_data
from app.services.transfer.files import export_file, import_file
from app.storage.models import Attendance, Meeting, Staff, SyncChange
from app.storage.store import open_store
from tests.helpers.rows import count, write

KINDS_IN_ORDER = ("councils", "staff", "meetings", "attendance")
COUNCILS = "code,name,district,school_district\nSH01,芝小学校区地域防災協議会,芝地区,芝小学校区\nAZ01,麻布協議会,麻布,\n"


@pytest.fixture
def demo_store(store):
    load_data(store, generate(date(2026, 11, 23), staff_count=60))
    return store


def test_councils_and_staff_import_with_japanese_headers_in_cp932(store, tmp_path):
    import_file(store, "councils", write(tmp_path / "c.csv", COUNCILS))
    staff = ("\n\n職員番号,氏名,\"ふり\nがな\",所属,災害対策住宅,協議会コード,在籍\n"
             "000123,髙橋　一郎,ﾀｶﾊｼ ｲﾁﾛｳ,防災課,港区職員住宅 芝 1-101,SH01,在籍\n"
             "000124,山﨑　花子,やまさき　はなこ,人事課,,,退職\n")
    result = import_file(store, "staff", write(tmp_path / "s.csv", staff, "cp932"))
    assert (result.created, result.updated) == (2, 0)
    with store.read() as session:
        rows = {s.staff_no: s for s in session.scalars(select(Staff))}
    assert rows["000123"].name == "髙橋　一郎" and rows["000123"].kana == "ﾀｶﾊｼ ｲﾁﾛｳ"  # stored as typed
    assert rows["000124"].name == "山﨑　花子" and rows["000124"].active is False
    assert rows["000123"].council_id is not None and rows["000124"].council_id is None


def test_every_bad_row_is_listed_and_nothing_is_written(store, tmp_path):
    set_language("en")
    import_file(store, "councils", write(tmp_path / "c.csv", COUNCILS))
    before = count(store, SyncChange)
    bad = ("council_code,date,kind,title,place,start,end,residents\n"
           "SH01,2024-06-12,meeting,定例会,,19:00,20:30,12\n"
           "SH01,2024-02-30,meeting,二月の会,,,,\n"
           "XX99,2024-06-13,訓練,防災訓練,,,,\n"
           "SH01,令和6年7月1日,party,夏祭り,,21:00,20:00,-3\n")
    with pytest.raises(ImportRejected) as caught:
        import_file(store, "meetings", write(tmp_path / "m.csv", bad))
    found = {(p.line, p.column) for p in caught.value.problems}
    assert found == {(3, "date"), (4, "council_code"), (5, "kind"), (5, "end"), (5, "residents")}
    assert all(p.file.endswith("m.csv") and p.col > 0 and p.reason for p in caught.value.problems)
    assert count(store, Meeting) == 0 and count(store, SyncChange) == before


def test_duplicate_keys_in_one_file_are_refused(store, tmp_path):
    text = COUNCILS + "SH01,もう一つの芝,芝,\n"
    with pytest.raises(ImportRejected) as caught:
        import_file(store, "councils", write(tmp_path / "c.csv", text))
    assert [p.line for p in caught.value.problems] == [4]


def test_reimport_updates_and_never_duplicates(store, tmp_path):
    path = write(tmp_path / "c.csv", COUNCILS)
    assert import_file(store, "councils", path).created == 2
    again = import_file(store, "councils", path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    changes_before = count(store, SyncChange)
    write(path, COUNCILS.replace("麻布協議会", "麻布地区協議会"))
    third = import_file(store, "councils", path)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 1)
    assert count(store, SyncChange) == changes_before + 1  # exactly the one changed field


def test_dry_run_reports_but_writes_nothing(store, tmp_path):
    result = import_file(store, "councils", write(tmp_path / "c.csv", COUNCILS), dry_run=True)
    assert result.dry_run and result.created == 2
    assert count(store, SyncChange) == 0


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_export_imports_back_unchanged(demo_store, tmp_path, data_dir, suffix, lang):
    first = {k: tmp_path / f"a-{k}{suffix}" for k in KINDS_IN_ORDER}
    for kind, path in first.items():
        export_file(demo_store, kind, path, lang=lang)
    other = open_store(tmp_path / "other")
    for kind, path in first.items():
        import_file(other, kind, path)
    for kind in KINDS_IN_ORDER:
        again = tmp_path / f"b-{kind}{suffix}"
        export_file(other, kind, again, lang=lang)
        if suffix == ".csv":
            assert again.read_bytes() == first[kind].read_bytes(), kind
        else:
            from app.services.transfer.kinds import KINDS
            from app.tabular.reader import read_rows

            cols = KINDS[kind].columns
            assert [r.values for r in read_rows(again, cols)] == [r.values for r in read_rows(first[kind], cols)]
    assert count(other, Attendance) == count(demo_store, Attendance)
    assert run_check(other).ok
    other.close()


def test_formula_like_text_is_safe_in_the_file_and_comes_back_unchanged(store, tmp_path):
    import_file(store, "councils", write(tmp_path / "c.csv", COUNCILS))
    tricky = ["=HYPERLINK(\"http://x\")", "+81-3-3578-2111", "-", "@SUM(A1)", "'quoted"]
    rows = "".join(f"{n:06d},{name},かな,{name},,,1\n" for n, name in enumerate(tricky, start=1))
    import_file(store, "staff", write(tmp_path / "s.csv", "staff_no,name,kana,department,housing,council_code,active\n" + rows))
    out = tmp_path / "out.csv"
    export_file(store, "staff", out, lang="en")
    text = out.read_text(encoding="utf-8-sig")
    assert "\n=" not in text and ",=" not in text and ",+" not in text and ",@" not in text
    other = open_store(tmp_path / "other")
    import_file(other, "councils", tmp_path / "c.csv")
    import_file(other, "staff", out)
    with other.read() as session:
        names = sorted(session.scalars(select(Staff.name)))
    assert names == sorted(tricky)
    other.close()


def test_imports_and_demo_leave_the_store_consistent_with_its_history(demo_store, tmp_path):
    """No write path bypasses capture: the tables equal the fold of the change log."""
    out = tmp_path / "staff.csv"
    export_file(demo_store, "staff", out, lang="ja")
    text = out.read_bytes().decode("utf-8-sig").replace(",1\r\n", ",0\r\n", 3)
    out.write_bytes(text.encode("utf-8-sig"))
    assert import_file(demo_store, "staff", out).updated == 3
    report = run_check(demo_store)
    assert report.ok, report.problems
    assert report.counts["staff"] == 60
