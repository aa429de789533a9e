"""Staff numbers in the store: find a person by any form of the number, and repair old records.

Input paths store the canonical number (``app.domain.staff_no``). Records written before that
rule — or by a laptop that has not been upgraded yet — may hold ``０１００９９`` or ``10099``, and one
person may even exist twice (``０００１２３`` and ``000123``). Two rules keep them one person:

* Lookups compare identity keys (the number without leading zeros), so every form is found.
* :func:`repair_staff_numbers` (run when a data folder is opened) rewrites numbers that are not
  plain ASCII digits and merges records whose numbers are the same: the marks and walk places of
  the duplicate move to the survivor, the duplicate is soft-deleted. Every step is an ordinary
  captured change (it syncs and shows in the history), nothing is erased. It never pads to the
  width — laptops set to different widths would rewrite each other's numbers forever; padding is
  done where a person types or imports a number.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from app.domain.staff_no import clean_form, numbers_to_repair, parse_staff_no, staff_no_key
from app.storage.models import Attendance, Staff
from app.storage.models.survey import SurveyResponse
from app.storage.models.townwalk import WalkPerson
from app.storage.store import Store

log = logging.getLogger(__name__)


def find_staff_by_number(session: Session, typed: str, width: int) -> Staff | None:
    """The live staff member with this number in any stored form; None for an unknown or bad number."""
    try:
        number = parse_staff_no(typed, width)
    except ValueError:
        return None
    staff = session.scalars(select(Staff).where(Staff.staff_no == number, Staff.deleted.is_(False))
                            .order_by(Staff.id)).first()
    if staff is not None:
        return staff
    key = staff_no_key(number)  # stored in another form: compare identities (2,000 rows, on a miss only)
    for staff_id, stored in session.execute(select(Staff.id, Staff.staff_no).where(Staff.deleted.is_(False))
                                            .order_by(Staff.id)):
        if staff_no_key(stored) == key:
            return session.get(Staff, staff_id)
    return None


def same_staff_no(column, number: str) -> ColumnElement[bool]:
    """SQL: the stored number in ``column`` is ``number`` in any width (leading zeros ignored)."""
    return (column != "") & (func.ltrim(column, "0") == clean_form(number).lstrip("0"))


@dataclass(frozen=True)
class Repaired:
    rewritten: int = 0  # numbers rewritten as plain ASCII digits
    merged: int = 0  # duplicate records folded into the survivor (soft-deleted)
    responses: int = 0  # named survey responses whose number was rewritten

    @property
    def any(self) -> bool:
        return bool(self.rewritten or self.merged or self.responses)


def _survivor(records: list[Staff]) -> Staff:
    """The same choice on every laptop: plain digits first, then the longest form, then the id."""
    return min(records, key=lambda s: (s.staff_no != clean_form(s.staff_no) or not s.staff_no.isdigit(),
                                       -len(clean_form(s.staff_no)), s.id))


def repair_staff_numbers(store: Store) -> Repaired:
    """Rewrite unclean numbers and merge duplicates; a no-op (one SELECT) on a clean store."""
    with store.read() as session:
        rows = session.execute(select(Staff.id, Staff.staff_no).where(Staff.deleted.is_(False))).all()
        responses = session.execute(select(SurveyResponse.id, SurveyResponse.staff_no).where(
            SurveyResponse.deleted.is_(False), SurveyResponse.anonymous.is_(False))).all()
    wanted, bad_responses = numbers_to_repair(rows, responses)
    if not wanted and not bad_responses:
        return Repaired()
    rewritten = merged = 0
    with store.session() as session:
        for ids in wanted:
            records = [session.get(Staff, sid) for sid in sorted(ids)]
            keep = _survivor(records)
            for other in records:
                if other is not keep:
                    _merge(session, keep, other)
                    merged += 1
            if keep.staff_no != clean_form(keep.staff_no):
                keep.staff_no = clean_form(keep.staff_no)
                rewritten += 1
        for rid in bad_responses:
            response = session.get(SurveyResponse, rid)
            response.staff_no = clean_form(response.staff_no)
    result = Repaired(rewritten, merged, len(bad_responses))
    log.info("staff numbers repaired: %d rewritten, %d duplicates merged, %d responses", *
             (result.rewritten, result.merged, result.responses))
    return result


def _merge(session: Session, keep: Staff, other: Staff) -> None:
    """Move ``other``'s marks and walk places to ``keep``; where both have one, the later mark wins
    and is kept in the survivor's own row (the one quick entry and undo find by its natural id)."""
    # Fill in what the survivor lacks, never overwrite it.
    _set(keep, **{name: getattr(other, name) for name in ("department", "housing", "council_id")
                  if not getattr(keep, name) and getattr(other, name)})
    for mark in session.scalars(select(Attendance).where(Attendance.staff_id == other.id,
                                                         Attendance.deleted.is_(False))).all():
        mine = session.scalars(select(Attendance).where(Attendance.meeting_id == mark.meeting_id,
                                                        Attendance.staff_id == keep.id)
                               .order_by(Attendance.deleted, Attendance.id)).first()
        if mine is None:
            mark.staff_id = keep.id
            continue
        if mine.deleted or (mark.status is not None, mark.marked_at) > (mine.status is not None, mine.marked_at):
            _set(mine, status=mark.status, marked_at=mark.marked_at, note=mark.note or mine.note, deleted=False)
        mark.deleted = True
    for place in session.scalars(select(WalkPerson).where(WalkPerson.staff_id == other.id,
                                                          WalkPerson.deleted.is_(False))).all():
        mine = session.scalars(select(WalkPerson).where(WalkPerson.walk_id == place.walk_id,
                                                        WalkPerson.role == place.role, WalkPerson.staff_id == keep.id)
                               .order_by(WalkPerson.deleted, WalkPerson.id)).first()
        if mine is None:
            place.staff_id = keep.id
            continue
        _set(mine, organisation=mine.organisation or place.organisation, deleted=False)
        place.deleted = True
    other.deleted = True


def _set(record, **values) -> None:
    """Assign only what differs, so a merge logs exactly the fields it changed."""
    for name, value in values.items():
        if getattr(record, name) != value:
            setattr(record, name, value)
