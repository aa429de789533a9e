"""The record of one walk (まちあるき実施記録): who led it and who walked, each stop with its
arrival time, results, notes and photo thumbnails. Duck-typed input (the field sheet's pages)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Image, Table, TableStyle

from app.i18n import _
from app.reports.tables import Col, data_table, facts_table, gap, heading, note
from app.reports.template import ReportHeader, render

WIDTH = 180 * mm
THUMB = 40 * mm
PER_ROW = 4


def thumbnail(path: Path, box: float = THUMB) -> Image | None:
    """A downscaled JPEG of the photo (a 12-megapixel original would make a huge PDF), or None when
    the file is missing on this laptop (sync brings it later) or is not an image."""
    try:
        from PIL import Image as PilImage

        with PilImage.open(path) as picture:
            picture = picture.convert("RGB")
            picture.thumbnail((400, 400))
            out = io.BytesIO()
            picture.save(out, "JPEG", quality=75)
            width, height = picture.size
    except (OSError, ValueError):
        return None
    out.seek(0)
    scale = box / max(width, height)
    return Image(out, width * scale, height * scale)


def photo_grid(paths: Sequence[tuple[Path, str]]) -> list:
    cells = []
    for path, name in paths:
        image = thumbnail(path)
        cells.append(image if image is not None else f"（{name}）")
    if not cells:
        return []
    rows = [cells[i:i + PER_ROW] + [""] * (PER_ROW - len(cells[i:i + PER_ROW])) for i in range(0, len(cells), PER_ROW)]
    table = Table(rows, colWidths=[WIDTH / PER_ROW] * PER_ROW, hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (0, 0), (-1, -1), "CENTER")]))
    return [gap(2 * mm), table]


def _results(items: Sequence, labels: dict) -> list:
    if not items:
        return []
    cols = [Col(_("No."), 9 * mm, "RIGHT"), Col(_("Item"), 70 * mm, wrap=True), Col(_("Category"), 24 * mm),
            Col(_("Result"), 20 * mm, "CENTER"), Col(_("Note"), 57 * mm, wrap=True)]
    rows = [[str(n), i.text + (" *" if i.required else ""), i.category, labels.get(i.result, "—"), i.note]
            for n, i in enumerate(items, 1)]
    return [data_table(cols, rows, size=9)]


def build_walk_record(header: ReportHeader, facts: Sequence[tuple[str, str]], people: Sequence,
                      pages: Sequence, photos: dict, labels: dict) -> bytes:
    """``people``: (role label, staff no., name, department); ``photos``: page index -> [(path, file name)];
    ``labels``: result -> text (✓ 実施 …)."""
    person_cols = [Col(_("No."), 9 * mm, "RIGHT"), Col(_("Role"), 22 * mm), Col(_("Staff no."), 22 * mm),
                   Col(_("Name"), 50 * mm), Col(_("Department or organisation"), 77 * mm)]
    story = [facts_table(facts, WIDTH),
             *heading(_("Facilitators and participants")),
             data_table(person_cols, [[str(n), *p] for n, p in enumerate(people, 1)],
                        empty=_("Nobody is recorded on this walk."))]
    for index, page in enumerate(pages):
        if page.kind != "stop" and not page.items and not page.field_notes and not photos.get(index):
            continue
        title = f"{page.position}. {page.name}" if page.kind == "stop" else page.name
        story += heading(title)
        facts = []
        if page.kind == "stop":
            facts = [(_("Arrived"), page.arrived_at[11:16] or "—"), (_("Address or landmark"), page.address),
                     (_("Route notes"), page.route_notes)]
        if page.kind == "stop" or page.field_notes:
            facts.append((_("Notes on the day"), page.field_notes))
        story += [*([facts_table(facts, WIDTH), gap(2 * mm)] if facts else []), *_results(page.items, labels),
                  *photo_grid(photos.get(index, ()))]
    story += [gap(), note(_("* required item."))]
    return render(header, story)
