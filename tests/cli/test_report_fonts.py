"""Every report kind, made as a user makes it (the command line; the kiosk's receipt slip through
its service), references only fonts it embeds, and passes ``qpdf --check``: a records office
refuses a PDF that lists a font it does not carry (reportlab's page-initial Helvetica did)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from app.domain.fiscal import fiscal_year_of
from app.services.townwalk.walks import list_walks
from app.storage.models import Council, Meeting
from app.storage.models.survey import Survey, SurveyProposal, SurveyResponse
from app.storage.store import open_store
from tests.helpers.cli import run_cli
from tests.helpers.pdf_fonts import font_problems, pdffonts_unembedded, pypdf_fonts

FY = fiscal_year_of(date.today())


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, dict[str, list[str]]]:
    """The sample data loaded by ``fielddesk demo``, and the arguments of every report on it."""
    folder = tmp_path_factory.mktemp("report-fonts") / "data"
    done = run_cli("demo", data_dir=folder)
    assert done.returncode == 0, done.stderr
    store = open_store(folder)
    try:
        with store.read() as session:
            title, day, council = session.execute(
                select(Meeting.title, Meeting.date, Council.code).join(Council, Council.id == Meeting.council_id)
                .where(Meeting.deleted.is_(False)).order_by(Meeting.date)).first()
            survey = session.scalars(select(Survey.code).order_by(Survey.fiscal_year.desc())).first()
            receipt = session.scalars(select(SurveyResponse.receipt_code).join(
                SurveyProposal, SurveyProposal.response_id == SurveyResponse.id)).first()
        walk = next(w for fy in (FY, FY - 1) for w in list_walks(store, fy))
    finally:
        store.close()
    meeting = ["--council", council, "--date", day.isoformat(), "--title", title]
    return folder, {
        "signin": ["signin", *meeting], "meeting": ["meeting", *meeting],
        "participation": ["participation", "--fiscal-year", str(FY)],
        "route": ["route", "--route", walk.route_code], "walk": ["walk", "--walk", walk.id[:8]],
        "coverage": ["coverage", "--fiscal-year", str(FY)], "survey": ["survey", "--survey", survey],
        "proposals": ["proposals", "--fiscal-year", str(FY - 1)], "feedback": ["feedback", "--proposal", receipt],
    }


def test_the_checker_catches_a_font_that_is_not_embedded(tmp_path):
    """The check itself can fail: a plain reportlab page in Helvetica is refused by every reader."""
    bad = tmp_path / "helvetica.pdf"
    canvas = Canvas(str(bad))
    canvas.drawString(72, 720, "Helvetica is never embedded")
    canvas.save()
    assert pypdf_fonts(bad) == {"/Helvetica": False}
    if pdffonts_unembedded(bad) is not None:
        assert pdffonts_unembedded(bad) == ["Helvetica"]
    assert len(font_problems(bad)) >= 1


@pytest.mark.parametrize("kind", ["signin", "meeting", "participation", "route", "walk", "coverage", "survey",
                                  "proposals", "feedback"])
def test_every_report_embeds_every_font_it_references(demo, tmp_path, kind):
    folder, args = demo
    out = tmp_path / f"{kind}.pdf"
    done = run_cli("report", *args[kind], "--out", str(out), data_dir=folder)
    assert done.returncode == 0, done.stderr
    assert font_problems(out) == []
    assert any("BIZUDGothic" in name for name in pypdf_fonts(out))


def test_the_kiosk_receipt_slip_embeds_every_font(demo, tmp_path):
    from app.services.survey.reports import receipt_slip
    from app.settings import Settings

    folder, _args = demo
    store = open_store(folder)
    try:
        out = receipt_slip(store, Settings(device_name="KIOSK-01"), "34679ACEFG", "業務改善アンケート",
                           date(2026, 6, 12), tmp_path / "slip.pdf")
    finally:
        store.close()
    assert font_problems(out) == []
