"""Summaries against figures counted by hand, and the survey's import/export kinds."""

from __future__ import annotations

from datetime import date

import pytest

from app.errors import ImportRejected
from app.services.admin.check import run_check
from app.services.survey.entry import delete_response
from app.services.survey.proposals import ProposalUpdate, save_update
from app.services.survey.summary import summarise
from app.services.transfer.files import export_file, import_file
from app.storage.store import open_store
from tests.helpers.survey import FY, make_survey, respond


@pytest.fixture
def answered(store):
    """Six responses: singles 多い×2 適切×3 (one blank); ratings 5,4,4,2,1 (one blank);
    multiple {紙,会議} {紙} {照会} + three blank; departments 総務課×3, 人事課×2, blank×1."""
    form = make_survey(store)
    rows = [("多い", 5, ["紙", "会議"], "総務課", "案1"), ("多い", 4, ["紙"], "総務課", ""),
            ("適切", 4, ["照会"], "人事課", "案2"), ("適切", 2, None, "人事課", ""),
            ("適切", 1, None, "総務課", "案3"), (None, None, None, "", "")]
    saved = []
    for single, rating, multiple, dept, idea in rows:
        saved.append(respond(store, form, anonymous=dept != "総務課", staff_no="300003", department=dept,
                             single=single or "少ない", rating=rating or 3, multiple=multiple, idea=idea,
                             allow_duplicate=True))
    delete_response(store, saved[-1].response_id)  # the sixth is hidden: it counts nowhere
    p1, p2, p3 = (s.proposal_id for s in saved if s.proposal_id)
    save_update(store, ProposalUpdate(p1, "reviewing"))
    save_update(store, ProposalUpdate(p1, "adopted", feedback="採用", feedback_date=date(FY, 6, 20)))
    save_update(store, ProposalUpdate(p2, "reviewing"))
    save_update(store, ProposalUpdate(p2, "rejected", reason="理由", feedback="不採用", feedback_date=date(FY, 7, 10)))
    return form


def test_counts_distributions_and_means_by_hand(store, answered):
    s = summarise(store, answered.id)
    assert (s.responses, s.anonymous) == (5, 2)
    single, rating, multiple, proposal, text = s.questions
    assert single.counts == (("多い", 2), ("適切", 3), ("少ない", 0)) and single.answered == 5
    assert rating.counts == (("1", 1), ("2", 1), ("3", 0), ("4", 2), ("5", 1)) and rating.mean == pytest.approx(16 / 5)
    assert multiple.counts == (("紙", 2), ("会議", 1), ("照会", 1)) and multiple.answered == 3
    assert proposal.counts == () and text.answered == 0
    assert [(d.department, d.responses, d.proposals, d.adopted) for d in s.departments] == [
        ("総務課", 3, 2, 1), ("人事課", 2, 1, 0)]
    assert dict(s.funnel) == {"received": 1, "reviewing": 0, "adopted": 1, "partly": 0, "rejected": 1,
                              "on_hold": 0, "done": 0}
    [year] = s.feedback_days
    assert (year.fiscal_year, year.proposals, year.with_feedback, year.median_days) == (FY, 3, 2, 20)  # 10 and 30 days after 6/10


def test_export_imports_back_unchanged_into_another_store(store, answered, tmp_path):
    files = {}
    for kind in ("surveys", "survey_questions", "survey_responses", "proposals"):
        for lang in ("ja", "en"):
            files[kind, lang] = tmp_path / f"{kind}-{lang}.csv"
            export_file(store, kind, files[kind, lang], lang=lang)
    other = open_store(tmp_path / "other", user="別端末")
    try:
        for kind in ("surveys", "survey_questions", "survey_responses", "proposals"):
            result = import_file(other, kind, files[kind, "ja"])
            assert result.created > 0, kind
            again = import_file(other, kind, files[kind, "en"])
            assert (again.created, again.updated) == (0, 0), kind
        theirs = summarise(other, answered.id)
        ours = summarise(store, answered.id)
        def strip(questions):  # question ids differ: the import derives them from the key
            return [(q.position, q.text, q.kind, q.answered, q.counts, q.mean) for q in questions]

        assert strip(theirs.questions) == strip(ours.questions) and theirs.funnel == ours.funnel
        assert theirs.departments == ours.departments and theirs.feedback_days == ours.feedback_days
        assert run_check(other).ok
    finally:
        other.close()


def test_an_anonymous_row_with_a_staff_number_is_refused_without_echoing_it(store, answered, tmp_path):
    path = tmp_path / "responses.csv"
    path.write_text("受付番号,アンケートコード,匿名,職員番号,受付日\nACE34FGH67,S-2026,匿名,424242,2026-06-01\n",
                    encoding="utf-8")
    with pytest.raises(ImportRejected) as caught:
        import_file(store, "survey_responses", path)
    assert "424242" not in "\n".join(str(p) for p in caught.value.problems)


def test_proposal_import_holds_the_status_rules(store, answered, tmp_path):
    from sqlalchemy import select

    from app.storage.models.survey import SurveyResponse

    path = tmp_path / "proposals.csv"
    with store.read() as session:
        receipt = session.scalars(select(SurveyResponse.receipt_code).where(SurveyResponse.deleted.is_(False))).first()
    path.write_text(f"受付番号,改善案,状況\n{receipt},案,保留\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as caught:
        import_file(store, "proposals", path)
    [problem] = caught.value.problems
    assert "理由" in str(problem) and "保留" in str(problem)


def test_an_anonymous_response_cannot_be_given_a_name_by_import(store, answered, tmp_path):
    from sqlalchemy import select

    from app.storage.models.survey import SurveyResponse

    with store.read() as session:
        code = session.scalar(select(SurveyResponse.receipt_code).where(SurveyResponse.anonymous.is_(True)))
    path = tmp_path / "named.csv"
    path.write_text(f"受付番号,アンケートコード,匿名,職員番号,受付日\n{code},S-2026,記名,424242,2026-06-01\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as caught:
        import_file(store, "survey_responses", path)
    [problem] = caught.value.problems
    assert (problem.line, problem.col) == (2, 3) and "匿名で出された" in problem.reason and "取り下げ" in problem.reason
