"""Staff read in by the real import, seen in the real staff tab and staff picker: the list is in
ICU's Japanese order (the oracle), and a search finds what a clerk types for what is stored."""

from __future__ import annotations

import csv
from pathlib import Path

import icu
import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QApplication, QLineEdit

from app.context import AppContext
from app.domain.kana import normalize_reading
from app.ui.main_window import MainWindow
from app.ui.staff.models import StaffModel
from app.ui.tasks import SyncRunner
from app.ui.widgets.staff_picker import StaffPicker
from tests.helpers.cli import run_cli

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "readings_ja.txt"
READINGS = [line for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
HEADER = ["職員番号", "氏名", "ふりがな", "所属", "災害対策住宅", "協議会コード", "在籍"]
COLLATOR = icu.Collator.createInstance(icu.Locale("ja"))


@pytest.fixture(scope="module")
def staff_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("readings") / "data"
    csv_path = folder.parent / "staff.csv"
    with open(csv_path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for n, reading in enumerate(READINGS, 1):
            writer.writerow([f"{n:06d}", f"職員{n}", reading, "防災課", "", "", "1"])
    done = run_cli("import", "staff", str(csv_path), data_dir=folder)
    assert done.returncode == 0, done.stderr
    return folder


@pytest.fixture
def window(qtbot, staff_folder, contexts) -> MainWindow:
    ctx = AppContext.open(staff_folder)
    contexts.append(ctx)
    win = MainWindow(ctx, SyncRunner())
    qtbot.addWidget(win)
    win.show()
    win.refresh()
    return win


def _readings(proxy) -> list[str]:
    source = proxy.sourceModel() if hasattr(proxy, "sourceModel") else proxy
    while source.canFetchMore(QModelIndex()):
        source.fetchMore(QModelIndex())
    return [proxy.data(proxy.index(r, 0), StaffModel.ROW_ROLE).kana for r in range(proxy.rowCount())]


def _query(search: QLineEdit, text: str) -> None:
    search.clear()
    search.setFocus()
    search.insert(text)  # as an input method commits it
    QApplication.processEvents()


def test_staff_tab_lists_in_icu_order(window):
    shown = _readings(window.staff_view.proxy)
    assert sorted(shown) == sorted(READINGS)
    wrong = [(a, b) for a, b in zip(shown, shown[1:], strict=False)
             if COLLATOR.compare(normalize_reading(a), normalize_reading(b)) > 0]
    assert wrong == []
    assert shown.index("ごとう") < shown.index("こばやし")
    assert shown.index("はら じゅん") < shown.index("はらだ")
    assert shown.index("ヴィクトリア・ベッカム") < shown.index("わたなべ")


SEARCHES = [
    ("じょんすみす", {"ジョン・スミス", "じょん すみす", "じょんすみす"}),
    ("ろばあつ", {"ろばーつ", "ロバーツ"}),
    ("ぱあてぃい", {"パーティー", "ぱあてぃい", "ﾊﾟｰﾃｨｰ"}),
    ("は゜あてぃい", {"パーティー", "ぱあてぃい", "ﾊﾟｰﾃｨｰ"}),
    ("みすず", {"みすゞ", "みすず"}),
    ("か゛とう", {"がとう"}),
    ("おおた", {"おおた まい", "おーた", "オータ ケン"}),
    ("ｷｮｳｺ", {"きょうこ"}),
]


@pytest.mark.parametrize(("query", "expected"), SEARCHES)
def test_staff_tab_search(window, query, expected):
    _query(window.staff_view.search, query)
    assert set(_readings(window.staff_view.proxy)) == expected


def test_staff_picker_search(window, qtbot):
    window.attendance.pick_person()  # what 「参加者を追加…」 runs (the button wants a meeting first)
    picker = window.attendance.last_dialog
    assert isinstance(picker, StaffPicker)
    for query, expected in SEARCHES:
        _query(picker.search, query)
        assert {p.kana for p in picker.matches()} == expected, query
        assert set(_readings(picker.model)) == expected, query  # what the table shows
    _query(picker.search, "じょんすみすX")
    assert picker.matches() == [] and picker.model.rowCount() == 0
    picker.close()


def test_staff_picker_shows_what_the_staff_filter_shows(window):
    """The picker's index against the per-row proxy filter it replaced (still the staff tab's), on
    the same imported rows, query after query in one open picker, as the table shows them."""
    from app.services.staff.people import list_staff
    from app.ui.staff.models import StaffFilter
    from tests.helpers.kana import FOLDING, NEAR_MISSES, NUMBERS

    staff = [s for s in list_staff(window.ctx.store) if s.active]
    model = StaffModel()
    model.set_rows(staff)
    proxy = StaffFilter()
    proxy.setSourceModel(model)
    picker = StaffPicker(staff)
    queries = [q for pair in FOLDING for q in pair] + [q for q, _expected in SEARCHES] + NEAR_MISSES + NUMBERS
    queries += [r[:k] for r in READINGS[::5] for k in (1, 2, 3)]
    hits = 0
    for query in queries:
        _query(picker.search, query)
        proxy.set_query(query)
        expected = [proxy.data(proxy.index(r, 0), StaffModel.ROW_ROLE) for r in range(proxy.rowCount())]
        assert picker.matches() == expected, query
        assert _readings(picker.model) == [p.kana for p in expected], query
        hits += 0 < len(expected) < len(staff)
    assert hits > len(queries) // 2
    picker.close()
