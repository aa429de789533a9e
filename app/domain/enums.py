"""Closed vocabularies of the council-attendance data: districts, meeting kinds, attendance marks.

Stored values never change with the UI language: District values are the Japanese names, the
others English words. ``label()`` is for display in the current language; ``ja`` is the fixed
Japanese word that exports with Japanese headers write. Parsers accept either language.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from functools import cache
from typing import TypeVar

from app.i18n import _

E = TypeVar("E", bound=StrEnum)


def _fold(text: str) -> str:
    """NFKC, casefolded, without spaces, hyphens or underscores ("Shibaura-Konan" ~ "shibaura konan")."""
    return re.sub(r"[\s\-_]", "", unicodedata.normalize("NFKC", text)).casefold()


@cache
def _choices(enum: type[E]) -> dict[str, E]:
    """Every accepted spelling of every member, folded once (imports parse 40,000 cells)."""
    table: dict[str, E] = {}
    for member in enum:
        for word in (member.value, member.name, member.ja, member.english):  # type: ignore[attr-defined]
            table[_fold(word)] = member
    return table


def _parse_choice(enum: type[E], text: str, message: str) -> E:
    member = _choices(enum).get(_fold(text))
    if member is None:
        raise ValueError(message)
    return member


class District(StrEnum):
    """The five districts, each with its branch office (総合支所). Values are the Japanese names."""

    SHIBA = "芝"
    AZABU = "麻布"
    AKASAKA = "赤坂"
    TAKANAWA = "高輪"
    SHIBAURA_KONAN = "芝浦港南"

    @property
    def ja(self) -> str:
        return self.value

    @property
    def english(self) -> str:
        return self.name.replace("_", "-").title()  # Shibaura-Konan

    def label(self) -> str:
        return {
            District.SHIBA: _("Shiba"),
            District.AZABU: _("Azabu"),
            District.AKASAKA: _("Akasaka"),
            District.TAKANAWA: _("Takanawa"),
            District.SHIBAURA_KONAN: _("Shibaura-Konan"),
        }[self]


def parse_district(text: str) -> District:
    """``芝``, ``芝地区``, ``芝 地区``, ``ＳＨＩＢＡ``, ``Shibaura-Konan`` … -> District."""
    s = _fold(text)
    if s.endswith("地区"):
        s = s[: -len("地区")]
    choices = ", ".join(d.value for d in District)
    return _parse_choice(District, s, _("unknown district; write one of: {choices}").format(choices=choices))


class MeetingKind(StrEnum):
    MEETING = "meeting"
    DRILL = "drill"
    EVENT = "event"

    @property
    def ja(self) -> str:
        return {"meeting": "会議", "drill": "訓練", "event": "行事"}[self.value]

    @property
    def english(self) -> str:
        return self.value

    def label(self) -> str:
        return {
            MeetingKind.MEETING: _("Meeting"),
            MeetingKind.DRILL: _("Drill"),
            MeetingKind.EVENT: _("Event"),
        }[self]


def parse_meeting_kind(text: str) -> MeetingKind:
    """``meeting``/``drill``/``event`` (any case) or ``会議``/``訓練``/``行事``."""
    message = _("unknown kind; write one of: {choices}").format(
        choices="meeting, drill, event, 会議, 訓練, 行事"
    )
    return _parse_choice(MeetingKind, text, message)


class AttendanceStatus(StrEnum):
    PRESENT = "present"
    LATE = "late"
    ABSENT = "absent"
    EXCUSED = "excused"

    @property
    def ja(self) -> str:
        return {"present": "出席", "late": "遅刻", "absent": "欠席", "excused": "公欠"}[self.value]

    @property
    def english(self) -> str:
        return self.value

    def label(self) -> str:
        return {
            AttendanceStatus.PRESENT: _("Present"),
            AttendanceStatus.LATE: _("Late"),
            AttendanceStatus.ABSENT: _("Absent"),
            AttendanceStatus.EXCUSED: _("Excused"),
        }[self]


def parse_attendance_status(text: str) -> AttendanceStatus:
    """``present``/``late``/``absent``/``excused`` (any case) or ``出席``/``遅刻``/``欠席``/``公欠``."""
    message = _("unknown attendance status; write one of: {choices}").format(
        choices="present, late, absent, excused, 出席, 遅刻, 欠席, 公欠"
    )
    return _parse_choice(AttendanceStatus, text, message)
