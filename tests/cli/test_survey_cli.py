"""``fielddesk report survey|proposals|feedback`` and the survey kinds, through the real command line."""

from __future__ import annotations

from pypdf import PdfReader
from sqlalchemy import select

from app.storage.models.survey import SurveyProposal, SurveyResponse
from app.storage.store import open_store


def test_demo_then_the_three_reports_and_an_export(cli, data_dir, tmp_path):
    done = cli("demo", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    store = open_store(data_dir)
    try:
        with store.read() as session:
            receipt = session.execute(select(SurveyResponse.receipt_code).join(
                SurveyProposal, SurveyProposal.response_id == SurveyResponse.id)).scalars().first()
            codes = session.execute(select(SurveyResponse.receipt_code)).scalars().all()
    finally:
        store.close()
    assert len(codes) == 60
    from datetime import date

    from app.domain.fiscal import fiscal_year_of

    fy = fiscal_year_of(date.today())
    for args in (("survey", "--survey", f"KAIZEN-{fy}"), ("proposals", "--fiscal-year", str(fy - 1)),
                 ("feedback", "--proposal", receipt)):
        out = tmp_path / f"{args[0]}.pdf"
        done = cli("report", *args, "--out", str(out), data_dir=data_dir)
        assert done.returncode == 0, done.stderr
        assert len(PdfReader(out).pages) >= 1
    done = cli("report", "feedback", "--proposal", "NOPE", "--out", str(tmp_path / "x.pdf"), data_dir=data_dir)
    assert done.returncode == 2 and "NOPE" in done.stderr
    done = cli("export", "survey_responses", "--out", str(tmp_path / "r.csv"), data_dir=data_dir)
    assert done.returncode == 0 and "60" in done.stdout
    done = cli("import", "survey_responses", str(tmp_path / "r.csv"), "--dry-run", data_dir=data_dir)
    assert done.returncode == 0 and "60" in done.stdout
    assert cli("check", data_dir=data_dir).returncode == 0
