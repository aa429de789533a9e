"""The staff picker's reading index finds exactly what the per-row filter found before it (the
staff tab's ``StaffFilter``: the folded query inside each row's ``search`` key), in list order,
whatever is typed, deleted or pasted — including the 13.2 folding cases and numbers without zeros."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.staff_no import search_query
from app.services.staff.people import StaffIndex, StaffRow, staff_row
from tests.helpers.kana import FOLDING, NEAR_MISSES, NUMBERS, to_half_width, to_katakana

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "readings_ja.txt"
READINGS = [line for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
FAMILY = ["港", "芝", "高橋", "髙橋", "山﨑", "山崎", "佐藤", "鈴木", "John", "ＳＭＩＴＨ"]


def _rows() -> list[StaffRow]:
    rows = []
    stored = [s for _typed, s in FOLDING if s not in READINGS]
    for n, reading in enumerate([*READINGS, *dict.fromkeys(stored)]):
        # numbers as stored: padded, one stored before padding (10099), a full-width one
        number = "10099" if n == 7 else "０１２３４５" if n == 11 else f"{(n * 7919) % 1_000_000:06d}"
        rows.append(staff_row(f"id-{n}", number, f"{FAMILY[n % len(FAMILY)]} {n}", reading, "防災課", "", "",
                              n % 9 != 0))
    return rows


ROWS = _rows()


def filter_matches(rows: list[StaffRow], text: str) -> list[StaffRow]:
    """Today's matching, as ``StaffFilter.filterAcceptsRow`` does it: row by row, in list order."""
    query = search_query(text)
    return [r for r in rows if not query or query in r.search]


def _typed_forms(text: str) -> list[str]:
    return [text, to_katakana(text), to_half_width(to_katakana(text))]


QUERIES = sorted({q for pair in FOLDING for s in pair for q in _typed_forms(s)} | set(NEAR_MISSES) | set(NUMBERS)
                 | {q for r in READINGS for q in _typed_forms(r)} | {r[:k] for r in READINGS for k in (1, 2, 3)}
                 | {"", " ", "　", "ー", "・", "john", "JOHN", "ｓｍｉｔｈ", "防災", "港 1", "港1"})


def test_the_folding_cases_are_in_the_list():
    """The cases are real hits: a typed form finds its stored reading (so the comparisons below are
    not between two empty lists)."""
    for typed, stored in FOLDING:
        assert stored in {r.kana for r in filter_matches(ROWS, typed)}, typed
    hits = [q for q in QUERIES if filter_matches(ROWS, q) and len(filter_matches(ROWS, q)) < len(ROWS)]
    assert len(hits) > 200


def test_each_query_alone_finds_what_the_filter_found():
    wrong = [q for q in QUERIES if StaffIndex(ROWS).find(q) != filter_matches(ROWS, q)]
    assert wrong == []


def test_typing_every_query_one_character_at_a_time_in_one_picker():
    """One index for the whole run, as one open picker: every keystroke, then backspace to empty."""
    index = StaffIndex(ROWS)
    for query in QUERIES:
        for end in [*range(1, len(query) + 1), *range(len(query) - 1, -1, -1)]:
            assert index.find(query[:end]) == filter_matches(ROWS, query[:end]), query[:end]


ALPHABET = sorted({c for q in QUERIES for c in q} | set("0123456789０１"))
EDITS = st.lists(st.one_of(
    st.tuples(st.just("type"), st.sampled_from(ALPHABET)),
    st.tuples(st.just("backspace"), st.integers(1, 3)),
    st.tuples(st.just("paste"), st.sampled_from(QUERIES)),
    st.tuples(st.just("cut"), st.integers(0, 4)),  # delete a character inside the text
), max_size=30)


@settings(max_examples=300, deadline=None)
@given(EDITS)
def test_any_run_of_edits_finds_what_the_filter_found(edits):
    index, text = StaffIndex(ROWS), ""
    for action, arg in edits:
        if action == "type":
            text += arg
        elif action == "backspace":
            text = text[:-arg]
        elif action == "paste":
            text = arg
        elif text:
            at = arg % len(text)
            text = text[:at] + text[at + 1:]
        assert index.find(text) == filter_matches(ROWS, text), (edits, text)
