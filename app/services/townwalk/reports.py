"""Town-walk PDFs as user intentions (the tab and ``fielddesk report route|walk|coverage``):
gather, render with ``app.reports``, write atomically — the same rules as ``attendance.reports``."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from app.domain.enums import District
from app.domain.wareki import fiscal_year_label
from app.errors import UserError
from app.i18n import _
from app.reports.coverage import build_coverage
from app.reports.route_sheet import build_route_sheet
from app.reports.template import date_text
from app.reports.walk_record import build_walk_record
from app.services.report_files import check_out, report_header, write_pdf
from app.services.townwalk import field as townwalk_field
from app.services.townwalk import routes as townwalk
from app.services.townwalk import templates
from app.services.townwalk.coverage import coverage, coverage_chart
from app.services.townwalk.walks import FACILITATOR, list_walks, walk_people, walk_row
from app.settings import Settings
from app.storage.models.townwalk import Walk
from app.storage.store import Store


def result_labels() -> dict:
    return {"ok": "✓", "ng": "×", "na": _("N/A"), None: "—"}  # ✗ is not in the PDF font


def _district(value: str) -> str:
    try:
        return District(value).label()
    except ValueError:
        return value or "—"


def find_route(store: Store, code: str) -> townwalk.RouteRow:
    for route in townwalk.list_routes(store):
        if route.code == code.strip():
            return route
    raise UserError(_("No route has the code {code}.").format(code=code))


def find_walk(store: Store, ref: str) -> str:
    """A walk by its id, or the first characters of it (at least 6), as the tab shows it."""
    ref = ref.strip().lower()
    if len(ref) >= 6:
        with store.read() as session:
            ids = session.scalars(select(Walk.id).where(Walk.id.like(f"{ref}%"), Walk.deleted.is_(False))).all()
        if len(ids) == 1:
            return ids[0]
        if len(ids) > 1:
            raise UserError(_("{ref} names {n} walks; give more of the id.").format(ref=ref, n=len(ids)))
    raise UserError(_("No walk has the id {ref}.").format(ref=ref))


def find_walk_on(store: Store, code: str, day: date) -> str:
    """The walk of route ``code`` on ``day`` (as a clerk names it); none or several: the message
    lists that day's walks with the id to give instead."""
    from app.domain.fiscal import fiscal_year_of

    route = find_route(store, code)
    that_day = [w for w in list_walks(store, fiscal_year_of(day)) if w.date == day]
    ours = [w for w in that_day if w.route_id == route.id]
    if len(ours) == 1:
        return ours[0].id
    listed = "".join(f"\n  --walk {w.id[:8]}　{w.route_code}　{w.route_name}{'　' + w.label if w.label else ''}"
                     for w in (ours or that_day))
    when = date_text(day)
    if ours:
        raise UserError(_("Route {code} has {n} walks on {date}; choose one:").format(
            code=route.code, n=len(ours), date=when) + listed)
    if that_day:
        raise UserError(_("Route {code} has no walk on {date}. The walks of that day:").format(
            code=route.code, date=when) + listed)
    raise UserError(_("Route {code} has no walk on {date}, and no other route has one that day.").format(
        code=route.code, date=when))


def _route_scope(route: townwalk.RouteRow) -> list[tuple[str, str]]:
    return [(_("Route"), f"{route.name}（{route.code}）"), (_("District"), _district(route.district))]


def route_sheet(store: Store, settings: Settings, code: str, out: Path, *, now: datetime | None = None) -> Path:
    out = check_out(out)
    route = find_route(store, code)
    stops = townwalk.route_stops(store, route.id)
    items: dict[str, list] = {}
    template = ""
    if route.template_id:
        for item in templates.template_items(store, route.template_id):
            items.setdefault(item.phase, []).append(item)
        template = next((t.name for t in templates.list_templates(store) if t.id == route.template_id), "")
    facts = [(_("Description"), route.description),
             (_("Estimated time"), _("{n} minutes").format(n=route.minutes) if route.minutes else ""),
             (_("Distance"), f"{route.distance_m / 1000:.1f} km" if route.distance_m else ""),
             (_("Stops"), str(len(stops))), (_("Checklist"), template or _("(none)")),
             (_("Date and facilitator"), "")]
    header = report_header(store, settings, _("Route sheet"), _route_scope(route), now)
    return write_pdf(out, build_route_sheet(header, facts, stops, items))


def walk_record(store: Store, settings: Settings, ref: str, out: Path, *, now: datetime | None = None) -> Path:
    out = check_out(out)
    walk_id = find_walk(store, ref)
    row = walk_row(store, walk_id)
    sheet = townwalk_field.open_sheet(store, walk_id)
    people = walk_people(store, walk_id)
    role = {FACILITATOR: _("Facilitator"), "participant": _("Participant")}
    lines = [(role[p.role], p.staff_no or _("(guide)"), p.name, p.department) for p in people]
    facilitators = "、".join(p.name for p in people if p.role == FACILITATOR)
    done = sum(1 for p in sheet.pages for i in p.items if i.result)
    total = sum(len(p.items) for p in sheet.pages)
    facts = [(_("Weather"), row.weather), (_("Time"), "–".join(t for t in (row.start, row.end) if t)),
             (_("Facilitators"), facilitators), (_("Participants"), _("{n} people").format(n=row.participants)),
             (_("Checked"), f"{done} / {total}"), (_("Notes"), row.notes)]
    photos = {i: [(townwalk_field.blob_path(store, p.sha256), p.file_name) for p in page.photos]
              for i, page in enumerate(sheet.pages) if page.photos}
    pages = list(sheet.pages)
    pages[0] = replace(pages[0], field_notes="")  # the walk's notes are in the facts
    scope = [(_("Fiscal year"), fiscal_year_label(_fy(row.date))), (_("Route"), f"{row.route_name}（{row.route_code}）"),
             (_("Date"), date_text(row.date) + (f"　{row.label}" if row.label else "")),
             (_("District"), _district(row.district)), (_("Walk id"), walk_id[:8])]
    header = report_header(store, settings, _("Town walk record"), scope, now)
    return write_pdf(out, build_walk_record(header, facts, lines, pages, photos, result_labels()))


def _fy(day: date) -> int:
    from app.domain.fiscal import fiscal_year_of

    return fiscal_year_of(day)


def coverage_report(store: Store, settings: Settings, fiscal_year: int, out: Path, *, today: date | None = None,
                    now: datetime | None = None) -> Path:
    out = check_out(out)
    report = coverage(store, fiscal_year, today=today)
    scope = [(_("Fiscal year"), fiscal_year_label(fiscal_year)), (_("Counted up to"), date_text(report.counted_to)),
             (_("Walked"), f"{report.walked} / {report.staff}（{report.rate * 100:.1f}%）"),
             (_("Walks held"), str(len([w for w in list_walks(store, fiscal_year) if w.date <= report.counted_to])))]
    header = report_header(store, settings, _("Town-walk coverage"), scope, now)
    bars = coverage_chart(report, no_department=_("(no department)"))
    return write_pdf(out, build_coverage(header, report, bars))
