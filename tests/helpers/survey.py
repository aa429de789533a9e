"""Hand-made survey data for the survey tests: small enough that every figure is known by hand."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from app.services.survey.defs import QuestionInput, SurveyInput, load_survey, save_survey
from app.services.survey.entry import ProposalText, ResponseInput, save_response

FY = 2026


def small_survey(code: str = "S-2026", fiscal_year: int = FY) -> SurveyInput:
    return SurveyInput(code, "業務改善アンケート", fiscal_year, date(fiscal_year, 6, 1), date(fiscal_year, 6, 30),
                       ("総務課", "人事課"), "テスト", (
                           QuestionInput("single", "業務量は適切ですか", ("多い", "適切", "少ない"), True),
                           QuestionInput("rating", "効率性（1〜5）", (), True),
                           QuestionInput("multiple", "非効率な業務", ("紙", "会議", "照会")),
                           QuestionInput("proposal", "業務改善の提案"),
                           QuestionInput("text", "その他"),
                       ))


def make_survey(store, code: str = "S-2026", fiscal_year: int = FY) -> SurveyInput:
    return load_survey(store, save_survey(store, small_survey(code, fiscal_year)))


def answer(form: SurveyInput, single=None, rating=None, multiple=None, text=None) -> dict:
    q = form.questions
    return {q[0].id: single, q[1].id: rating, q[2].id: multiple, q[4].id: text}


def respond(store, form, *, anonymous=True, staff_no="", department="総務課", received=date(FY, 6, 10),
            single="適切", rating=3, multiple=None, idea="", channel="paper", allow_duplicate=False):
    proposal = ProposalText("紙が多い", idea, "時間短縮", "文書管理") if idea else ProposalText()
    item = ResponseInput(form.id, anonymous, received, staff_no=staff_no, department=department,
                         answers=answer(form, single, rating, multiple), proposal=proposal, channel=channel)
    return save_response(store, form, item, allow_duplicate=allow_duplicate)


STAFF_NO = "5820731946"  # ten digits: never by chance in hex ids, codes or stamps


def ten_digit_ward(data_dir: Path) -> None:
    """The ward's staff-number width set to ten (the settings file the app reads), so STAFF_NO
    is a valid number rather than one refused as too long."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "settings.json"
    settings = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    path.write_text(json.dumps({**settings, "staff_no_width": len(STAFF_NO)}), encoding="utf-8")


def traces(*roots: Path, number: str = STAFF_NO) -> list[str]:
    """The files under ``roots`` whose bytes hold ``number`` (UTF-8/ASCII or UTF-16 either way). A
    sealed file of the share is looked into opened with the ward key too: the anonymity must hold
    against whoever holds the key, not only against the file server."""
    from app.sync.seal import SealError, is_sealed
    from tests.helpers.sealed import open_file

    needles = [number.encode(), number.encode("utf-16-le"), number.encode("utf-16-be")]
    hits = []
    for root in roots:
        for path in [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file()):
            data = path.read_bytes()
            if is_sealed(data):
                try:
                    data += open_file(path)
                except (SealError, ValueError):
                    pass  # not of the test ward's tree: its raw bytes only
            if any(n in data for n in needles):
                hits.append(str(path))
    return hits


def publish_and_back_up(cli, data_dir: Path, tmp_path: Path) -> tuple[Path, Path]:
    """What leaves the laptop: a real ``fielddesk sync --share`` and a real ``fielddesk backup``."""
    share = tmp_path / "share"
    share.mkdir(parents=True, exist_ok=True)
    done = cli("sync", "--share", str(share), data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    backup = tmp_path / f"backup-{len(list(tmp_path.glob('backup-*')))}.sqlite3"
    done = cli("backup", "--out", str(backup), data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    return share, backup
