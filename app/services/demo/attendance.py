"""Deterministic, fictional sample data for the council-attendance tables.

Why: the ``demo`` command, screenshots, manual testing and benchmarks all need plausible data
that looks like what the ward's spreadsheets contain (variant kanji, mixed ふりがな styles,
leading-zero staff numbers), without any real person's data. The generator writes nothing: it
returns rows with the canonical English columns of docs/formats/tables.md, all values as strings, so that
the demo goes through the normal import path and exercises its validation.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from app.domain.fiscal import fiscal_year_of
from app.services.demo.names import (
    DEPARTMENTS,
    DISTRICTS,
    EVENTS,
    FAMILY_NAMES,
    GIVEN_NAMES,
    HALLS,
    HOUSING,
    NOTES,
)

__all__ = ["DemoData", "generate", "generate_bulk", "fiscal_year_of"]

Row = dict[str, str]

STATUSES = ("present", "late", "absent", "excused")
STATUS_WEIGHTS = (70, 8, 15, 7)


@dataclass(frozen=True)
class DemoData:
    """Rows for the four tables, ready for the importer (canonical English keys, str values)."""

    staff: list[Row]
    councils: list[Row]
    meetings: list[Row]
    attendance: list[Row]


# --- kana --------------------------------------------------------------------------------------


def _build_halfwidth() -> dict[str, str]:
    """Full-width katakana -> half-width, derived from Unicode so no table can be mistyped."""
    table: dict[str, str] = {}
    for cp in range(0xFF66, 0xFF9E):
        full = unicodedata.normalize("NFKC", chr(cp))
        if len(full) == 1 and 0x30A0 <= ord(full) <= 0x30FF:
            table[full] = chr(cp)
    marks = {"\u3099": "\uff9e", "\u309a": "\uff9f"}
    for cp in range(0x30A1, 0x30FB):
        decomposed = unicodedata.normalize("NFD", chr(cp))
        if len(decomposed) == 2 and decomposed[0] in table and decomposed[1] in marks:
            table[chr(cp)] = table[decomposed[0]] + marks[decomposed[1]]
    return table


_HALFWIDTH = _build_halfwidth()


def _katakana(hiragana: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" else c for c in hiragana)


def _halfwidth(katakana: str) -> str:
    return "".join(_HALFWIDTH.get(c, c) for c in katakana)


def _reading(family: str, given: str, style: float) -> str:
    """Mostly katakana, some hiragana, a few half-width katakana, as real spreadsheets mix them."""
    if style < 0.75:
        return f"{_katakana(family)}\u3000{_katakana(given)}"
    if style < 0.93:
        return f"{family}\u3000{given}"
    return f"{_halfwidth(_katakana(family))} {_halfwidth(_katakana(given))}"


# --- staff and councils ------------------------------------------------------------------------


def _councils(per_district: int) -> list[Row]:
    rows = []
    for district, (prefix, schools) in DISTRICTS.items():
        for i, school in enumerate(schools[:per_district], start=1):
            rows.append({
                "code": f"{prefix}{i:02d}",
                "name": f"{school}小学校区地域防災協議会",
                "district": district,
                "school_district": f"{school}小学校区",
            })
    return rows


def _staff(rng: random.Random, count: int, councils: list[Row], resident_share: float) -> list[Row]:
    """Staff with unique numbers; a share lives in disaster housing, ~5% have retired."""
    combos = len(FAMILY_NAMES) * len(GIVEN_NAMES)
    picks = rng.sample(range(combos), count) if count <= combos else rng.choices(range(combos), k=count)
    numbers = sorted(rng.sample(range(1000, 400000), count))
    retired = set(rng.sample(range(count), round(count * 0.05)))
    residents = rng.sample(range(count), min(count, round(count * resident_share)))
    order = councils[:]
    rng.shuffle(order)
    assigned = {idx: order[k % len(order)] for k, idx in enumerate(residents)}
    rooms: set[str] = set()
    rows = []
    for i in range(count):
        fam, giv = FAMILY_NAMES[picks[i] // len(GIVEN_NAMES)], GIVEN_NAMES[picks[i] % len(GIVEN_NAMES)]
        housing = council_code = ""
        if i in assigned:
            council = assigned[i]
            council_code = council["code"]
            while True:
                building = rng.choice(HOUSING[council["district"]])
                housing = f"{building} {rng.randint(1, 3)}-{rng.randint(1, 8)}{rng.randint(1, 12):02d}"
                if housing not in rooms:
                    break
            rooms.add(housing)
        rows.append({
            "staff_no": f"{numbers[i]:06d}",
            "name": f"{fam[0]}\u3000{giv[0]}",
            "kana": _reading(fam[1], giv[1], rng.random()),
            "department": rng.choice(DEPARTMENTS),
            "housing": housing,
            "council_code": council_code,
            "active": "0" if i in retired else "1",
        })
    return rows


# --- meetings ----------------------------------------------------------------------------------


def _era_year(fy: int) -> str:
    if fy >= 2019:
        return "令和元" if fy == 2019 else f"令和{fy - 2018}"
    return f"平成{fy - 1988}"


def _free_day(rng: random.Random, fy: int, month: int, weekend: bool, used: set[date]) -> date:
    """An unused weekday (or Saturday/Sunday) in the given month of fiscal year ``fy``."""
    year = fy if month >= 4 else fy + 1
    while True:
        day = date(year, month, rng.randint(1, 22))
        if weekend:
            day += timedelta(days=(rng.choice((5, 6)) - day.weekday()) % 7)
        while day.weekday() >= 5 and not weekend:
            day += timedelta(days=1)
        if day not in used:
            used.add(day)
            return day


def _meeting(council: Row, day: date, kind: str, title: str, place: str, start: str, end: str,
             residents: int) -> Row:
    return {
        "council_code": council["code"], "date": day.isoformat(), "kind": kind, "title": title,
        "place": place, "start": start, "end": end, "residents": str(residents),
    }


def _meetings(rng: random.Random, councils: list[Row], fiscal_years: list[int]) -> list[Row]:
    """Per council and fiscal year: 4–6 evening meetings, one weekend drill, 1–2 events."""
    fy_months = (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)
    rows = []
    for council in councils:
        district = council["district"]
        school = council["school_district"].removesuffix("小学校区")
        for fy in fiscal_years:
            era = _era_year(fy)
            used: set[date] = set()
            months = sorted(rng.sample(fy_months, rng.randint(4, 6)), key=fy_months.index)
            for n, month in enumerate(months, start=1):
                day = _free_day(rng, fy, month, False, used)
                room = f"{HALLS[district]} 第{rng.randint(1, 3)}集会室"
                rows.append(_meeting(council, day, "meeting", f"{era}年度 第{n}回 定例会", room,
                                     "19:00", "20:30", rng.randint(10, 30)))
            day = _free_day(rng, fy, rng.choice((9, 10, 11, 12, 1, 2, 3)), True, used)
            rows.append(_meeting(council, day, "drill", f"{era}年度 地域防災訓練", f"{school}小学校 校庭",
                                 "09:00", "12:00", rng.randint(40, 80)))
            for title, event_months, start, end in rng.sample(EVENTS, rng.randint(1, 2)):
                day = _free_day(rng, fy, rng.choice(event_months), True, used)
                rows.append(_meeting(council, day, "event", title, f"{school}小学校 体育館", start, end,
                                     rng.randint(30, 80)))
    rows.sort(key=lambda r: (r["date"], r["council_code"], r["title"]))
    return rows


# --- attendance --------------------------------------------------------------------------------


def _mark(rng: random.Random, meeting: Row, staff_no: str, status: str | None = None) -> Row:
    status = status or rng.choices(STATUSES, STATUS_WEIGHTS)[0]
    note = ""
    if rng.random() < 0.07:
        note = "-" if rng.random() < 0.1 else rng.choice(NOTES[status])
    return {
        "council_code": meeting["council_code"], "date": meeting["date"], "title": meeting["title"],
        "staff_no": staff_no, "status": status, "note": note,
    }


def _residents_by_council(staff: list[Row]) -> dict[str, list[str]]:
    by_council: dict[str, list[str]] = {}
    for person in staff:
        if person["council_code"] and person["active"] == "1":
            by_council.setdefault(person["council_code"], []).append(person["staff_no"])
    return by_council


def _attendance(rng: random.Random, staff: list[Row], past: list[Row]) -> list[Row]:
    """Every active resident gets a mark per past meeting; sometimes a colleague drops in."""
    by_council = _residents_by_council(staff)
    visitors = [p["staff_no"] for p in staff if p["active"] == "1" and not p["council_code"]]
    rows = []
    for meeting in past:
        for staff_no in by_council.get(meeting["council_code"], []):
            rows.append(_mark(rng, meeting, staff_no))
        chance = 0.4 if meeting["kind"] == "drill" else 0.12
        if visitors and rng.random() < chance:
            rows.append(_mark(rng, meeting, rng.choice(visitors), "present"))
    return rows


# --- public API --------------------------------------------------------------------------------


def generate(today: date, *, seed: int = 131032, staff_count: int = 200, years: int = 2) -> DemoData:
    """Sample data for the demo: ~25 councils, ``years`` fiscal years of meetings (to the current
    one), marks up to today.

    Same ``(today, seed, staff_count)`` gives identical rows. Sections use their own random
    streams so that, e.g., changing ``staff_count`` does not reshuffle the meeting calendar.
    """
    if staff_count < 1:
        raise ValueError("staff_count must be at least 1")
    fy = fiscal_year_of(today)
    councils = _councils(per_district=5)
    staff = _staff(random.Random(f"{seed}:staff"), staff_count, councils, resident_share=0.2)
    meetings = _meetings(random.Random(f"{seed}:meetings"), councils, list(range(fy - years + 1, fy + 1)))
    past = [m for m in meetings if m["date"] <= today.isoformat()]
    attendance = _attendance(random.Random(f"{seed}:attendance"), staff, past)
    return DemoData(staff=staff, councils=councils, meetings=meetings, attendance=attendance)


def generate_bulk(today: date, *, staff: int = 2000, marks: int = 40000, seed: int = 131032) -> DemoData:
    """Benchmark data: 30 councils and exactly ``marks`` attendance rows, unique by key.

    Marks are spread evenly over the past meetings: residents of the council first, then
    other staff, so every (meeting, staff_no) pair appears at most once.
    """
    fy = fiscal_year_of(today)
    councils = _councils(per_district=6)
    people = _staff(random.Random(f"{seed}:bulk-staff"), staff, councils, resident_share=0.2)
    meetings = _meetings(random.Random(f"{seed}:bulk-meetings"), councils, [fy - 1, fy])
    past = [m for m in meetings if m["date"] <= today.isoformat()]
    if marks > len(past) * staff:
        raise ValueError(f"cannot make {marks} unique marks from {len(past)} meetings x {staff} staff")
    rng = random.Random(f"{seed}:bulk-attendance")
    residents = _residents_by_council(people)
    numbers = [p["staff_no"] for p in people]
    statuses = rng.choices(STATUSES, STATUS_WEIGHTS, k=marks)
    rows: list[Row] = []
    base, extra = divmod(marks, len(past)) if past else (0, 0)
    for i, meeting in enumerate(past):
        quota = base + (1 if i < extra else 0)
        chosen = residents.get(meeting["council_code"], [])[:quota]
        taken = set(chosen)
        others = (n for n in rng.sample(numbers, min(staff, quota + len(chosen))) if n not in taken)
        chosen.extend(next(others) for _ in range(quota - len(chosen)))
        for staff_no in chosen:
            rows.append(_mark(rng, meeting, staff_no, statuses[len(rows)]))
    return DemoData(staff=people, councils=councils, meetings=meetings, attendance=rows)
