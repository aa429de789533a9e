"""Files as LibreOffice Calc and programs write them (tests/fixtures/calc, README there says how)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.errors import ImportRejected
from app.i18n import set_language
from app.services.admin.check import run_check
from app.services.transfer.files import export_file, import_file
from app.storage.models import Staff, SyncChange
from app.storage.store import open_store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "calc"
KINDS = ("councils", "staff", "meetings", "attendance")
NAMES = {"000456": "港 太郎", "010099": "芝 花子", "001234": "=1+1", "000007": "'quoted",
         "123456": "+81-3-3578-2111", "099999": "赤坂 一郎"}


def staff(store) -> dict[str, str]:
    with store.read() as session:
        return dict(session.execute(select(Staff.staff_no, Staff.name).where(Staff.deleted.is_(False))).all())


def changes(store) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(SyncChange))


@pytest.fixture
def exported(store):
    """The store the fixtures were exported from, rebuilt from our own export."""
    for kind in KINDS:
        import_file(store, kind, FIXTURES / "export" / f"{kind}.csv")
    assert staff(store) == NAMES
    return store


@pytest.mark.parametrize(("folder", "suffix"), [("csv_to_csv", ".csv"), ("csv_to_xlsx", ".xlsx"),
                                                ("xlsx_to_xlsx", ".xlsx")])
def test_an_export_saved_by_calc_imports_back_with_nothing_added(exported, folder, suffix):
    before = changes(exported)
    padded = {}
    for kind in KINDS:
        result = import_file(exported, kind, FIXTURES / folder / f"{kind}{suffix}")
        assert (result.created, result.updated, result.unchanged) == (0, 0, result.rows), (kind, result)
        padded[kind] = result.padded
    assert changes(exported) == before and staff(exported) == NAMES
    # Calc turned 000456 into the number 456 in a CSV it opened; an XLSX export keeps text cells.
    assert padded == ({"councils": 0, "staff": 5, "meetings": 0, "attendance": 4}
                      if folder.startswith("csv") else dict.fromkeys(KINDS, 0))


def test_a_number_format_of_zeros_is_honoured_and_equals_the_csv_of_the_same_sheet(store):
    first = import_file(store, "staff", FIXTURES / "formatted" / "calc.xlsx")
    assert (first.created, first.padded) == (3, 0)  # 456 shown as 000456: read as shown, not padded
    assert staff(store) == {"000456": "港 太郎", "010099": "芝 花子", "123456": "+81-3-3578-2111"}
    with store.read() as session:
        departments = dict(session.execute(select(Staff.staff_no, Staff.department)).all())
    assert departments == {"000456": "防災課", "010099": "防災課", "123456": ""}  # the formulas' saved results
    again = import_file(store, "staff", FIXTURES / "formatted" / "calc.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_a_formula_without_a_saved_result_is_refused_by_cell(store):
    set_language("en")
    path = FIXTURES / "formatted" / "program.xlsx"
    with pytest.raises(ImportRejected) as caught:
        import_file(store, "staff", path)
    lines = [str(p) for p in caught.value.problems]
    assert [line.split(": ", 1)[0] for line in lines] == [f"{path}:D2", f"{path}:D3", f"{path}:D4"]
    assert "'=\"防災\"&\"課\"'" in lines[0] and "open the file in Excel, save it" in lines[0]
    assert changes(store) == 0 and staff(store) == {}


def test_our_own_workbook_keeps_a_text_that_begins_with_the_escape(store, tmp_path):
    """The XLSX reader drops our CSV escape ('=1+1 → =1+1), so the writer protects a real one."""
    from app.services.attendance.records import StaffInput, save_staff

    tricky = ["'=x", "''", "'", "'a", "=1+1", "'+81"]
    for n, name in enumerate(tricky, 1):
        save_staff(store, StaffInput(f"{n:06d}", name, "かな"))
    out = tmp_path / "staff.xlsx"
    export_file(store, "staff", out)
    other = open_store(tmp_path / "other")
    import_file(other, "staff", out)
    assert sorted(staff(other).values()) == sorted(tricky)
    assert run_check(other).ok
    other.close()
