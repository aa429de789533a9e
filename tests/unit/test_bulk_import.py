"""The streaming import of councils, staff, meetings and attendance (app.services.transfer.bulk):
batches, all-or-nothing across them, the log it writes, and the plain-SQL store it runs on."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.errors import ImportRejected, UserError
from app.i18n import set_language
from app.paths import DataPaths
from app.services.admin.check import run_check
from app.services.attendance import records
from app.services.transfer import bulk as bulk_import
from app.services.transfer.files import import_file
from app.storage.direct import DirectStore, NeedsStore
from app.storage.ids import natural_id
from app.storage.layout import LAYOUTS
from app.storage.models import SYNCED_MODELS, Attendance, Meeting, SyncChange
from app.tabular.sources import csv_encoding
from tests.helpers.rows import count, write

COUNCILS = "code,name,district\nSH01,芝協議会,芝\nAZ01,麻布協議会,麻布\n"


def people(store, tmp_path, staff: int, meetings: int) -> list[tuple[str, str]]:
    """Councils, ``staff`` people and ``meetings`` meetings of SH01; the (date, number) pairs a file
    of marks can name."""
    import_file(store, "councils", write(tmp_path / "c.csv", COUNCILS))
    rows = "".join(f"{n:06d},職員 {n},しょくいん,,,,1\n" for n in range(1, staff + 1))
    import_file(store, "staff", write(tmp_path / "s.csv", "staff_no,name,kana,department,housing,council_code,active\n"
                                      + rows))
    days = [f"2024-{4 + m // 28:02d}-{1 + m % 28:02d}" for m in range(meetings)]
    import_file(store, "meetings", write(tmp_path / "m.csv", "council_code,date,title\n"
                                         + "".join(f"SH01,{d},定例会\n" for d in days)))
    return [(d, f"{n:06d}") for d in days for n in range(1, staff + 1)]


def marks_file(path, pairs, extra: str = ""):
    body = "".join(f"SH01,{d},定例会,{no},{'出席' if i % 3 else '欠席'},\n" for i, (d, no) in enumerate(pairs))
    return write(path, "council_code,date,title,staff_no,status,note\n" + body + extra)


def test_every_layout_is_its_models_table():
    for name, layout in LAYOUTS.items():
        table = SYNCED_MODELS[name].__table__
        expected = tuple((c.key, c.default.arg if c.default is not None and c.default.is_scalar else None,
                          type(c.type).__name__) for c in table.columns)
        kinds = {"String": "str", "Text": "str", "Integer": "int", "Boolean": "bool", "Date": "date"}
        assert layout.columns == tuple((n, d, kinds[k]) for n, d, k in expected), name


def test_a_bad_row_in_the_last_batch_writes_nothing(store, tmp_path):
    set_language("en")
    pairs = people(store, tmp_path, staff=600, meetings=20)[: 2 * bulk_import.BATCH + 7]
    path = marks_file(tmp_path / "a.csv", pairs, "SH01,2024-04-01,定例会,999999,出席,\n")  # nobody has 999999
    before = count(store, SyncChange)
    with pytest.raises(ImportRejected) as caught:
        import_file(store, "attendance", path)
    [problem] = caught.value.problems
    assert problem.line == len(pairs) + 2 and problem.column == "staff_no" and "no staff member" in problem.reason
    assert count(store, Attendance) == 0 and count(store, SyncChange) == before  # the first two batches too
    assert run_check(store).ok
    assert import_file(store, "attendance", marks_file(tmp_path / "b.csv", pairs)).created == len(pairs)


def test_a_repeated_key_in_a_later_batch_names_its_first_line(store, tmp_path):
    set_language("en")
    pairs = people(store, tmp_path, staff=600, meetings=20)[: bulk_import.BATCH + 10]
    day, number = pairs[3]
    path = marks_file(tmp_path / "a.csv", pairs, f"SH01,{day},定例会,{int(number)},出席,\n")  # 10099 is 010099
    with pytest.raises(ImportRejected) as caught:
        import_file(store, "attendance", path)
    [problem] = caught.value.problems
    assert problem.line == len(pairs) + 2 and problem.reason == "the same key as line 5"  # header, then row 4
    assert count(store, Attendance) == 0


def test_a_new_record_whose_key_derived_id_is_taken_gets_a_random_one(store, tmp_path):
    import_file(store, "councils", write(tmp_path / "c.csv", COUNCILS))
    meetings = write(tmp_path / "m.csv", "council_code,date,title\nSH01,2024-06-12,定例会\n")
    import_file(store, "meetings", meetings)
    first = natural_id("meeting", "SH01", "2024-06-12", "定例会")
    renamed = records.load_meeting(store, first)
    records.save_meeting(store, records.MeetingInput(**{**renamed.__dict__, "title": "臨時会"}))
    again = import_file(store, "meetings", meetings)  # the old key is free again, its id is not
    assert again.created == 1
    with store.read() as session:
        ids = dict(session.execute(select(Meeting.title, Meeting.id)).all())
    assert ids["臨時会"] == first and ids["定例会"] != first
    assert run_check(store).ok


def test_an_update_through_the_bulk_path_is_based_on_the_fields_winner(store, tmp_path):
    pairs = people(store, tmp_path, staff=3, meetings=2)
    import_file(store, "attendance", marks_file(tmp_path / "a.csv", pairs))
    changed = marks_file(tmp_path / "b.csv", pairs).read_text("utf-8").replace("欠席", "遅刻")
    result = import_file(store, "attendance", write(tmp_path / "b.csv", changed))
    assert (result.created, result.updated, result.unchanged) == (0, 2, 4)
    with store.read() as session:
        log = session.scalars(select(SyncChange).where(SyncChange.tbl == "attendance", SyncChange.field == "status")
                              .order_by(SyncChange.seq)).all()
    late = [c for c in log if c.value == '"late"']
    absent = {c.row_id: c for c in log if c.value == '"absent"'}
    assert len(late) == 2 and all(c.base == f"{absent[c.row_id].origin}:{absent[c.row_id].seq}:{absent[c.row_id].hash}"
                                  for c in late)
    assert all((c.ms, c.counter) > (absent[c.row_id].ms, absent[c.row_id].counter) for c in late)
    assert run_check(store).ok


def test_a_direct_store_needs_the_full_store_first_and_then_imports_alike(data_dir, tmp_path):
    from app.storage.store import open_store

    with pytest.raises(NeedsStore):
        DirectStore.open(DataPaths(data_dir).ensure())  # no file yet: Store creates and migrates it
    full = open_store(data_dir, user="テスト担当")
    full.close()
    direct = DirectStore.open(DataPaths(data_dir), user="テスト担当")
    try:
        assert direct.device_id == full.device_id
        assert import_file(direct, "councils", write(tmp_path / "c.csv", COUNCILS)).created == 2
    finally:
        direct.close()
    full = open_store(data_dir)
    try:
        assert run_check(full).ok
        with full.read() as session:
            assert set(session.scalars(select(SyncChange.user))) == {"テスト担当"}
    finally:
        full.close()


@pytest.mark.parametrize("encoding", ["cp932", "utf-8"])
def test_the_encoding_is_found_beyond_the_first_chunk(tmp_path, encoding):
    ascii_head = "code,name,district\n" + "".join(f"C{n:06d},council,shiba\n" for n in range(60_000))  # > 1 MiB
    path = write(tmp_path / "c.csv", ascii_head + "SH01,芝協議会,芝\n", encoding)
    assert csv_encoding(path) == ("cp932" if encoding == "cp932" else "utf-8-sig")


def test_a_damaged_byte_beyond_the_first_chunk_is_named_by_offset_and_line(tmp_path):
    set_language("en")
    head = ("code,name,district\n" + "SH01,芝協議会,芝\n" * 70_000).encode("utf-8")  # UTF-8 text before: not CP932
    path = tmp_path / "c.csv"
    path.write_bytes(head + b"AZ01,\xff,x\n")
    with pytest.raises(UserError) as caught:
        csv_encoding(path)
    assert f"byte {len(head) + 5} (line 70002)" in str(caught.value)
