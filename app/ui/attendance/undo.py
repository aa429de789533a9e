"""Ctrl+Z in the attendance tab: each step knows what it will say once undone, and a roster
row's step the state the row goes back to, so the undo changes that row in place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.domain.enums import AttendanceStatus
from app.i18n import _
from app.services.attendance import marking as service


@dataclass(frozen=True)
class UndoStep:
    """One Ctrl+Z: what the status bar says once it is undone, the job that undoes it, and for a
    roster row the state it goes back to (applied in place)."""

    undone: str
    action: Callable[[], None]
    state: service.MarkState | None = None


def undone_text(name: str, status: str | None) -> str:
    """「山田　太郎 の 出席 を取り消しました」: what Ctrl+Z will say it undid."""
    if status is None:
        return _("Undid clearing the mark of {name}").format(name=name)
    return _("Undid {status} for {name}").format(name=name, status=AttendanceStatus(status).label())
