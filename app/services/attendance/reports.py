"""PDF reports as user intentions, for the command line and the tabs alike: gather the data,
render it (``app.reports``), write the file atomically.

Bad input (unknown council or meeting) is a ``UserError`` naming what was not found; a folder
that cannot be written is an ``UnavailableError`` saying what to do. The PDF is rendered in
memory first and moved into place from a temporary file beside it, so a failure never leaves
half a file (nor replaces a good one).
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from app.domain.enums import AttendanceStatus, District, MeetingKind
from app.domain.fiscal import fiscal_year_of, fiscal_year_range
from app.domain.kana import reading_key
from app.domain.wareki import fiscal_year_label
from app.errors import UserError
from app.i18n import _
from app.reports.meeting_record import RecordLine, build_meeting_record
from app.reports.participation import build_participation
from app.reports.signin import SigninPerson, build_signin
from app.reports.template import date_text
from app.services.attendance.charts import council_chart, district_chart, year_reports
from app.services.attendance.marking import CouncilRow, MeetingRow, list_councils, roster
from app.services.report_files import check_out, report_header, write_pdf
from app.settings import Settings
from app.storage.models import Meeting, Staff
from app.storage.store import Store


def find_council(store: Store, code: str) -> CouncilRow:
    for council in list_councils(store):
        if council.code == code.strip():
            return council
    raise UserError(_("No council has the code {code}.").format(code=code))


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def find_meeting(store: Store, council: CouncilRow, day: date, title: str) -> MeetingRow | None:
    """The council's meeting on ``day`` called ``title`` (width and spaces ignored), or None."""
    with store.read() as session:
        found = session.scalars(select(Meeting).where(
            Meeting.council_id == council.id, Meeting.date == day, Meeting.deleted.is_(False))).all()
    for m in sorted(found, key=lambda m: _key(m.title) != _key(title) or m.title != title):
        if _key(m.title) == _key(title):
            return MeetingRow(m.id, m.council_id, m.date, m.kind, m.title, m.place, m.start, m.end,
                              m.residents, m.notes)
    return None


def _missing_meeting(council: CouncilRow, day: date, title: str, store: Store) -> UserError:
    with store.read() as session:
        titles = session.scalars(select(Meeting.title).where(
            Meeting.council_id == council.id, Meeting.date == day, Meeting.deleted.is_(False))).all()
    message = _("{council} ({code}) has no meeting titled \"{title}\" on {date}.").format(
        council=council.name, code=council.code, title=title, date=date_text(day))
    if titles:
        message += " " + _("Meetings that day: {titles}").format(titles="、".join(sorted(titles)))
    return UserError(message)


def _council_text(council: CouncilRow) -> str:
    try:
        district = District(council.district).label()
    except ValueError:
        district = council.district
    return f"{council.name}（{council.code}）　{district}"


def _meeting_scope(council: CouncilRow, day: date, title: str) -> list[tuple[str, str]]:
    return [(_("Fiscal year"), fiscal_year_label(fiscal_year_of(day))), (_("Council"), _council_text(council)),
            (_("Date"), date_text(day)), (_("Title"), title)]


def _time_text(meeting: MeetingRow) -> str:
    return "–".join(t for t in (meeting.start, meeting.end) if t)


def _active_residents(store: Store, council: CouncilRow) -> list[SigninPerson]:
    with store.read() as session:
        rows = session.scalars(select(Staff).where(
            Staff.council_id == council.id, Staff.housing != "", Staff.active.is_(True),
            Staff.deleted.is_(False))).all()
        people = [SigninPerson(s.staff_no, s.name, s.kana, s.department) for s in rows]
    people.sort(key=lambda p: (reading_key(p.kana), p.staff_no))
    return people


def signin_sheet(store: Store, settings: Settings, council_code: str, day: date, title: str, out: Path, *,
                 now: datetime | None = None, blank_rows: int = 6) -> Path:
    """The sign-in sheet: the council's active housing residents (plus anyone already added to the
    meeting, when it is in the store) with a signature column and blank rows for walk-ins.
    A meeting not yet entered still gets its sheet: the residents do not depend on it."""
    out = check_out(out)
    council = find_council(store, council_code)
    meeting = find_meeting(store, council, day, title)
    people = _active_residents(store, council)
    facts = []
    if meeting is not None:
        listed = {p.staff_no for p in people}
        added = [e for e in roster(store, meeting.id).entries if not e.expected and e.staff_no not in listed]
        with store.read() as session:
            active = set(session.scalars(select(Staff.id).where(
                Staff.id.in_([e.staff_id for e in added]), Staff.active.is_(True))))
        people += [SigninPerson(e.staff_no, e.name, e.kana, e.department) for e in added if e.staff_id in active]
        facts = [(_("Kind"), MeetingKind(meeting.kind).label()), (_("Place"), meeting.place),
                 (_("Time"), _time_text(meeting))]
    header = report_header(store, settings, _("Sign-in sheet"), _meeting_scope(council, day, meeting.title if meeting else title), now)
    return write_pdf(out, build_signin(header, people, facts=facts, blank_rows=blank_rows))


def meeting_record(store: Store, settings: Settings, council_code: str, day: date, title: str, out: Path, *,
                   now: datetime | None = None) -> Path:
    """The record of a held meeting: each person's status and note, residents attending, counts."""
    out = check_out(out)
    council = find_council(store, council_code)
    meeting = find_meeting(store, council, day, title)
    if meeting is None:
        raise _missing_meeting(council, day, title, store)
    entries = roster(store, meeting.id).entries
    statuses = [e.status for e in entries]
    lines = [RecordLine(e.staff_no, e.name, e.department,
                        AttendanceStatus(e.status).label() if e.status else _("Not marked"), e.note, e.expected)
             for e in entries]
    facts = [(_("Kind"), MeetingKind(meeting.kind).label()), (_("Place"), meeting.place),
             (_("Time"), _time_text(meeting)),
             (_("Residents attending"), _("{n} people").format(n=meeting.residents)),
             (_("Notes"), meeting.notes)]
    counts = [(_("On the roster"), str(len(entries)))]
    counts += [(s.label(), str(statuses.count(s.value))) for s in AttendanceStatus]
    counts += [(_("Not marked"), str(statuses.count(None))),
               (_("Attended"), str(sum(1 for s in statuses if s in ("present", "late")))),
               (_("Residents attending"), str(meeting.residents))]
    header = report_header(store, settings, _("Meeting record"), _meeting_scope(council, day, meeting.title), now)
    return write_pdf(out, build_meeting_record(header, facts, counts, lines))


def participation_report(store: Store, settings: Settings, fiscal_year: int, council_code: str | None,
                         out: Path, today: date | None = None, *, now: datetime | None = None) -> Path:
    """The fiscal year summary per district, council and person, with the below-minimum list."""
    out = check_out(out)
    council = find_council(store, council_code) if council_code else None
    today = today or date.today()
    years = year_reports(store, fiscal_year, minimum=settings.minimum_attended,
                         excused_counts=settings.excused_counts_as_attended, today=today,
                         council_code=council.code if council else None)
    figures = years[-1]
    first, last = fiscal_year_range(fiscal_year)
    counted = min(max(today, first), last)
    scope = [(_("Fiscal year"), fiscal_year_label(fiscal_year)),
             (_("Council"), _council_text(council) if council else _("All councils")),
             (_("Counted up to"), date_text(counted)),
             (_("Minimum"), _("{n} meetings a year").format(n=settings.minimum_attended))]
    header = report_header(store, settings, _("Council participation"), scope, now)
    return write_pdf(out, build_participation(header, figures, (district_chart(years), council_chart(years))))

