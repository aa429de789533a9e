"""What the window showed when it was last closed, kept beside the store (``last_state.json``),
so the next start can paint it at once while the store opens: the counts of the status bar, the
laptop's id, whether the store was empty (welcome page) and the open meeting (council, fiscal
year, meeting, its title line). No names of people: the roster itself comes from the store.

Only a hint. A missing, damaged or stale file costs nothing but a frame that the store's data
replaces a moment later; writing it never fails the caller (a full disk only loses the hint).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

log = logging.getLogger(__name__)
FILE_NAME = "last_state.json"


@dataclass
class LastState:
    empty: bool | None = None  # None: not known (no file yet)
    staff: int = 0
    councils: int = 0
    meetings: int = 0
    attendance: int = 0
    device_id: str = ""
    council_id: str = ""
    fiscal_year: int = 0
    meeting_id: str = ""
    meeting_title: str = ""  # the roster's heading as it was shown (title, date, time, place)

    @property
    def has_meeting(self) -> bool:
        return bool(self.council_id and self.fiscal_year and self.meeting_id)


def path_in(root: Path) -> Path:
    return root / FILE_NAME


def load(root: Path) -> LastState:
    try:
        raw = json.loads(path_in(root).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return LastState()
    if not isinstance(raw, dict):
        return LastState()
    state = LastState()
    for f in fields(LastState):
        value = raw.get(f.name)
        default = getattr(state, f.name)
        if f.name == "empty":
            ok = value is None or isinstance(value, bool)
        else:
            ok = isinstance(value, type(default)) and not (isinstance(value, bool) and not isinstance(default, bool))
        if ok:
            setattr(state, f.name, value)
    return state


def save(root: Path, state: LastState) -> None:
    """Replace the file in one rename (a crash leaves the old one or the new one, never half)."""
    target = path_in(root)
    temp = target.with_name(f".{FILE_NAME}.{os.getpid()}.tmp")
    try:
        temp.write_text(json.dumps(asdict(state), ensure_ascii=False), encoding="utf-8")
        os.replace(temp, target)
    except OSError as exc:
        log.info("last state not kept: %s", exc)
        temp.unlink(missing_ok=True)
