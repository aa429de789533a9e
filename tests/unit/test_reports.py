"""PDF reports, read back: what a manager files must say what it is, whom it lists, and keep
every name exactly as stored — including 𠮷 (U+20BB7), which BIZ UDGothic lacks."""

from __future__ import annotations

import re
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.errors import UnavailableError, UserError
from app.reports.fonts import fonts, markup, needs_fallback, runs
from app.reports.text import wrap_text
from app.services.attendance import reports
from app.services.demo.attendance import generate
from app.services.demo.load import load_data
from app.settings import Settings
from app.storage.store import open_store
from tools.render_reports import COUNCIL, MEETING, load_sample

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 9, 30)
YOSHIDA = "\U00020bb7田　太郎"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = open_store(tmp_path_factory.mktemp("reports") / "data", user="テスト担当")
    load_data(s, generate(TODAY, staff_count=80))
    load_sample(s)  # 髙橋　一郎, 山﨑　花子, 𠮷田　太郎, a retired resident; council SB90
    yield s
    s.close()


@pytest.fixture
def settings() -> Settings:
    return Settings(device_name="MINATO-PC-017")


@pytest.fixture(scope="module")
def pdfs(store, tmp_path_factory) -> dict[str, Path]:
    from app.i18n import set_language

    set_language("ja")
    out = tmp_path_factory.mktemp("pdfs")
    s = Settings(device_name="MINATO-PC-017")
    return {
        "signin": reports.signin_sheet(store, s, COUNCIL, *MEETING, out / "signin.pdf", now=NOW),
        "meeting": reports.meeting_record(store, s, COUNCIL, *MEETING, out / "meeting.pdf", now=NOW),
        "participation": reports.participation_report(store, s, 2026, None, out / "part.pdf", today=TODAY, now=NOW),
    }


def text_of(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          encoding="utf-8", check=True).stdout


def base_fonts(path: Path) -> set[str]:
    found = set()
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            found.add(str(font.get_object()["/BaseFont"]))
    return found


def test_fallback_runs_pick_a_font_only_for_what_the_main_font_lacks():
    fs = fonts()
    assert fs.fallbacks, "a fallback font ships in resources/fonts"
    assert not needs_fallback("髙橋　一郎 山﨑 ABC")
    assert needs_fallback(YOSHIDA)
    pieces = runs(YOSHIDA)
    assert pieces[0] == (fs.fallbacks[0], "\U00020bb7") and pieces[1] == (None, "田　太郎")
    assert markup("<a & b>") == "&lt;a &amp; b&gt;"
    assert f'<font name="{fs.fallbacks[0]}">\U00020bb7</font>田' in markup(YOSHIDA)


def test_wrapping_keeps_every_character_and_never_starts_a_line_with_a_closing_mark():
    lines = wrap_text("子ども家庭支援センター（芝公園）。", 60, 9)
    assert "".join(lines) == "子ども家庭支援センター（芝公園）。"
    assert all(line[0] not in "ー。）" for line in lines[1:])


def test_signin_sheet_states_its_scope_and_lists_active_residents_exactly(pdfs):
    text = text_of(pdfs["signin"])
    assert "出席者署名簿" in text
    assert "芝公園小学校区地域防災協議会" in text and "SB90" in text
    assert "令和8年11月12日" in text and "2026-11-12" in text
    assert "令和8年度（2026）" in text
    for name in ("髙橋　一郎", "山﨑　花子", YOSHIDA):
        assert name in text, name
    assert "佐々木" not in text  # retired
    assert re.search(r"\b1 / 1\b", text)
    assert "MINATO-PC-017" in text and "令和8年11月23日 09:30" in text
    for column in ("課長", "係長", "担当", "署名"):
        assert column in text


def test_the_non_bmp_name_is_extractable_with_pdftotext_too(pdfs):
    text = pdftotext(pdfs["signin"])
    line = next(line for line in text.splitlines() if "900003" in line)
    # poppler prints U+3000 as a plain space; 𠮷 itself and the rest of the line come back
    assert re.search("\U00020bb7田\\s+太郎\\s+企画課", line), line


def test_bizudgothic_and_the_fallback_are_embedded(pdfs):
    names = base_fonts(pdfs["signin"])
    assert any("BIZUDGothic" in n for n in names)
    assert any("FieldDeskFallbackKanji" in n for n in names)


def test_meeting_record_shows_statuses_in_japanese_notes_and_counts(pdfs):
    text = text_of(pdfs["meeting"])
    assert "会議記録" in text and "令和8年度 第3回 定例会" in text
    assert "出席" in text and "公欠" in text
    assert "区の防災訓練に従事" in text
    assert "次回の訓練計画を説明（\U00020bb7田）" in text.replace("\n", "")  # the note column wraps
    assert "住民参加数" in text and "18名" in text
    assert "山﨑　花子" in text


def test_participation_report_has_the_year_councils_and_the_below_minimum_list(pdfs):
    text = text_of(pdfs["participation"])
    assert "令和8年度（2026）" in text and "協議会別" in text and "地区別" in text
    assert "SB90" in text and "芝公園小学校区地域防災協議会" in text
    below = text[text.index("基準未満の職員"):text.index("職員別")]
    assert "山﨑　花子" in below  # attended 0 of 3
    assert "髙橋　一郎" not in below  # attended all 3
    pages = len(PdfReader(pdfs["participation"]).pages)
    assert f"1 / {pages}" in text and f"{pages} / {pages}" in text


def test_approval_box_follows_the_setting(store, settings, tmp_path):
    settings.approval_columns = []
    bare = reports.signin_sheet(store, settings, COUNCIL, *MEETING, tmp_path / "bare.pdf", now=NOW)
    assert "課長" not in text_of(bare)
    settings.approval_columns = ["部長", "課長", "係長", "担当"]
    four = reports.signin_sheet(store, settings, COUNCIL, *MEETING, tmp_path / "four.pdf", now=NOW)
    assert "部長" in text_of(four)


def test_participation_of_one_council(store, settings, tmp_path):
    pdf = reports.participation_report(store, settings, 2026, COUNCIL, tmp_path / "one.pdf", today=TODAY)
    text = text_of(pdf)
    assert YOSHIDA in text and "SH01" not in text


def test_unknown_council_or_meeting_is_a_user_error_and_writes_nothing(store, settings, tmp_path):
    out = tmp_path / "x.pdf"
    with pytest.raises(UserError, match="ZZ99"):
        reports.signin_sheet(store, settings, "ZZ99", MEETING[0], MEETING[1], out)
    with pytest.raises(UserError, match="第9回"):
        reports.meeting_record(store, settings, COUNCIL, MEETING[0], "第9回", out)
    with pytest.raises(UserError):
        reports.participation_report(store, settings, 2026, "ZZ99", out)
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_folder_is_unavailable_and_leaves_no_temp_file(store, settings, tmp_path):
    with pytest.raises(UnavailableError, match="missing"):
        reports.meeting_record(store, settings, COUNCIL, *MEETING, tmp_path / "missing" / "m.pdf")
    good = tmp_path / "m.pdf"
    good.write_bytes(b"%PDF old")
    reports.meeting_record(store, settings, COUNCIL, *MEETING, good)
    assert good.read_bytes().startswith(b"%PDF-") and [p.name for p in tmp_path.iterdir()] == ["m.pdf"]


def test_reports_follow_the_language(store, settings, tmp_path):
    from app.i18n import set_language

    set_language("en")
    text = text_of(reports.meeting_record(store, settings, COUNCIL, *MEETING, tmp_path / "en.pdf", now=NOW))
    assert "Meeting record" in text and "Present" in text and "Excused" in text


def test_a_font_reportlab_would_not_embed_never_reaches_the_pdf(tmp_path):
    """Flowables that name no font (a table cell, a chart string) or name a standard one are drawn
    in BIZ UDGothic; text drawn past ``setFont`` in a standard font stops the report (a bug)."""
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.platypus import Flowable, Table

    from app.reports.template import ReportHeader, render
    from tests.helpers.pdf_fonts import font_problems, pypdf_fonts

    class RawText(Flowable):
        def wrap(self, *_a):
            return 100, 20

        def draw(self):
            text = self.canv.beginText(0, 0)
            text.setFont("Courier", 10)  # a text object: not through canvas.setFont
            text.textOut("raw")
            self.canv.drawText(text)

    header = ReportHeader("フォント", (("年度", "令和8年度"),), NOW, "PC")
    drawing = Drawing(200, 20)
    drawing.add(String(0, 5, "Helvetica-Bold by name", fontName="Helvetica-Bold"))
    out = tmp_path / "fonts.pdf"
    out.write_bytes(render(header, [Table([["default style", ""]]), drawing]))
    assert font_problems(out) == []
    assert set(pypdf_fonts(out)) <= {"/AAAAAA+BIZUDGothic-Regular", "/AAAAAA+BIZUDGothic-Bold",
                                     "/AAAAAB+BIZUDGothic-Regular", "/AAAAAB+BIZUDGothic-Bold"}
    assert "Helvetica-Bold by name" in PdfReader(out).pages[0].extract_text()
    with pytest.raises(RuntimeError, match="Courier"):
        render(header, [RawText()])
