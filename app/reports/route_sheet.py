"""The route sheet (ルートシート): a route's stops in order with what to point out and the route
notes, and a blank checklist at each stop, for walking with paper when no laptop comes along.

Takes duck-typed stops (``position``, ``name``, ``address``, ``lat``, ``lon``, ``point_out``,
``notes``) and items (``text``, ``category``, ``required``) so this layer stays below services.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether

from app.domain.route_map import length_label, map_stops
from app.i18n import _
from app.reports.route_map import route_map_drawing
from app.reports.tables import Col, data_table, facts_table, gap, heading, note
from app.reports.template import ReportHeader, render

WIDTH = 180 * mm
BOX = "□"  # ✗ (U+2717) is not in BIZ UDGothic: the sheets print × instead


def checklist_cols() -> list[Col]:
    return [Col(_("No."), 9 * mm, "RIGHT"), Col(_("Item"), 67 * mm, wrap=True), Col(_("Category"), 22 * mm),
            Col("✓", 9 * mm, "CENTER"), Col("×", 9 * mm, "CENTER"), Col(_("N/A"), 16 * mm, "CENTER"),
            Col(_("Note"), 48 * mm)]


def blank_checklist(items: Sequence) -> list:
    if not items:
        return []
    rows = [[str(n), i.text + (" *" if i.required else ""), i.category, BOX, BOX, BOX, ""]
            for n, i in enumerate(items, 1)]
    return [data_table(checklist_cols(), rows, size=9, row_height=8 * mm)]


def stop_facts(stop) -> list[tuple[str, str]]:
    where = "、".join(t for t in (stop.lat, stop.lon) if t)
    facts = [(_("Address or landmark"), stop.address)]
    if where:
        facts.append((_("Latitude, longitude"), where))
    facts += [(_("Point out"), stop.point_out), (_("Route notes"), stop.notes)]
    return facts


def route_map_block(stops: Sequence) -> list:
    """The route drawn from its stops' coordinates, or why it cannot be (never an empty frame)."""
    if not stops:
        return []
    drawing, drawn = route_map_drawing(map_stops(stops), WIDTH)
    if not drawn.drawn:
        return [*heading(_("Route map")), note(drawn.message)]
    caption = _("Drawn from the stops' coordinates: straight lines in walking order, not the streets walked "
                "(together {length}). No background map.").format(length=length_label(round(drawn.straight_m, -1)))
    block = [*heading(_("Route map")), drawing, note(caption)]
    if drawn.off_map:
        block.append(note(drawn.off_map_text()))
    return [KeepTogether(block)]


def build_route_sheet(header: ReportHeader, facts: Sequence[tuple[str, str]], stops: Sequence,
                      items: dict[str, Sequence]) -> bytes:
    """``items``: the template's items by phase ('start', 'stop', 'end'); empty when no template."""
    story = [facts_table(facts, WIDTH), *route_map_block(stops)]
    if items.get("start"):
        story += [*heading(_("Before the start")), *blank_checklist(items["start"])]
    for stop in stops:
        block = [*heading(f"{stop.position}. {stop.name}"), facts_table(stop_facts(stop), WIDTH),
                 gap(2 * mm), *blank_checklist(items.get("stop", ())),
                 *([] if items.get("stop") else [note(_("No checklist template is set for this route."))])]
        story.append(KeepTogether(block))
    if not stops:
        story.append(note(_("This route has no stops yet.")))
    if items.get("end"):
        story += [*heading(_("At the end")), *blank_checklist(items["end"])]
    story += [gap(), note(_("* required item. Arrival time: write it beside each stop's name."))]
    return render(header, story)
