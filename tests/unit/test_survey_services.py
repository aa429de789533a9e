"""Survey definitions, entry, the proposal workflow, lookup and the kiosk PIN (Qt-free)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from app.domain.survey import (
    RECEIPT_ALPHABET,
    format_receipt_code,
    looks_like_receipt_code,
    new_receipt_code,
    normalise_receipt_code,
)
from app.errors import Invalid, UserError
from app.services.admin.check import run_check
from app.services.survey.defs import copy_last_year, list_surveys, save_survey, template, validate_survey
from app.services.survey.entry import DuplicateRespondent, ResponseInput, validate_response, withdraw_response
from app.services.survey.kiosk import check_pin, has_pin, overdue_days, set_overdue_days, set_pin
from app.services.survey.lookup import lookup, lookup_receipt
from app.services.survey.proposals import ProposalUpdate, is_overdue, list_proposals, save_update
from app.settings import Settings
from app.storage.models.survey import SurveyProposal, SurveyResponse
from tests.helpers.survey import FY, make_survey, respond, small_survey


def test_receipt_codes_avoid_look_alikes_and_are_random():
    assert not set("0O1IL2Z5S8B") & set(RECEIPT_ALPHABET)
    codes = {new_receipt_code() for _ in range(500)}
    assert len(codes) == 500 and all(len(c) == 10 and set(c) <= set(RECEIPT_ALPHABET) for c in codes)
    code = next(iter(codes))
    typed = format_receipt_code(code).lower().replace("-", "－")
    assert normalise_receipt_code(typed.translate(str.maketrans("acefghjkmnpqrtuvwxy", "ＡＣＥＦＧＨＪＫＭＮＰＱＲＴＵＶＷＸＹ"))) == code
    assert looks_like_receipt_code(format_receipt_code(code)) and not looks_like_receipt_code("012345")


def test_template_saves_and_copy_of_last_year_moves_code_and_dates(store):
    save_survey(store, template(2025))
    assert copy_last_year(store, 2027) is None
    copy = copy_last_year(store, 2026)
    assert copy.code == "KAIZEN-2026" and copy.fiscal_year == 2026 and copy.opens == date(2026, 6, 1)
    assert [q.text for q in copy.questions] == [q.text for q in template(2025).questions]
    assert all(q.id is None for q in copy.questions) and copy.id is None
    save_survey(store, copy)
    assert [r.code for r in list_surveys(store)] == ["KAIZEN-2026", "KAIZEN-2025"]
    assert run_check(store).ok


def test_survey_validation_names_the_field(store):
    make_survey(store)
    bad = replace(small_survey(), code="S-2026", title="", questions=(*small_survey().questions,
                                                                       small_survey().questions[3]))
    problems = validate_survey(store, bad)
    assert set(problems) == {"code", "title", "questions"}
    with pytest.raises(Invalid):
        save_survey(store, bad)


def test_questions_left_out_are_soft_deleted_and_positions_renumbered(store):
    form = make_survey(store)
    from app.services.survey.defs import load_survey

    save_survey(store, replace(form, questions=form.questions[1:]))
    again = load_survey(store, form.id)
    assert [q.position for q in again.questions] == [1, 2, 3, 4]
    assert again.questions[0].id == form.questions[1].id
    assert run_check(store).ok


def test_required_answers_and_choice_rules(store):
    form = make_survey(store)
    q = form.questions
    item = ResponseInput(form.id, False, date(FY, 6, 1), staff_no="", answers={q[1].id: 7, q[2].id: ["紙", "x"]})
    problems = validate_response(form, item)
    assert set(problems) == {"staff_no", f"q:{q[0].id}", f"q:{q[1].id}", f"q:{q[2].id}"}
    assert problems[f"q:{q[1].id}"] == "1〜5で評価してください"
    assert validate_response(form, replace(item, anonymous=True, answers={q[0].id: "適切", q[1].id: 5})) == {}


def test_a_response_and_its_proposal_are_saved_with_a_receipt_code(store):
    form = make_survey(store)
    saved = respond(store, form, anonymous=False, staff_no="０１２３４５", multiple=["照会", "紙"], idea="電子化する")
    with store.read() as session:
        r = session.get(SurveyResponse, saved.response_id)
        assert r.staff_no == "012345" and r.receipt_code == saved.receipt_code
        assert json.loads(r.answers)[form.questions[2].id[:8]] == ["紙", "照会"]  # the form's order
        p = session.get(SurveyProposal, saved.proposal_id)
        assert (p.idea, p.status, p.received) == ("電子化する", "received", date(FY, 6, 10))
    assert run_check(store).ok


def test_anonymous_responses_drop_the_staff_number_and_skip_the_duplicate_warning(store):
    form = make_survey(store)
    a = respond(store, form, anonymous=True, staff_no="777777")
    b = respond(store, form, anonymous=True, staff_no="777777")
    with store.read() as session:
        assert session.scalars(select(SurveyResponse.staff_no)).all() == ["", ""]
    assert a.receipt_code != b.receipt_code


def test_the_same_named_respondent_twice_is_warned_then_saved_when_confirmed(store):
    form = make_survey(store)
    first = respond(store, form, anonymous=False, staff_no="100001")
    with pytest.raises(DuplicateRespondent) as caught:
        respond(store, form, anonymous=False, staff_no="100001")
    assert caught.value.earlier == [(first.receipt_code, date(FY, 6, 10))]
    respond(store, form, anonymous=False, staff_no="100001", allow_duplicate=True)
    other = make_survey(store, "S-OTHER")
    respond(store, other, anonymous=False, staff_no="100001")  # another survey: no warning


def _proposal(store, form, **kw):
    return respond(store, form, idea="改善案", **kw).proposal_id


def test_status_rules_reason_required_and_allowed_steps(store):
    form = make_survey(store)
    pid = _proposal(store, form)
    with pytest.raises(Invalid) as caught:
        save_update(store, ProposalUpdate(pid, "adopted"))
    assert set(caught.value.problems) == {"status"}  # 受付 → 採用 skips 検討中
    save_update(store, ProposalUpdate(pid, "reviewing", "総務課", "課長"))
    for status in ("rejected", "on_hold"):
        with pytest.raises(Invalid) as caught:
            save_update(store, ProposalUpdate(pid, status, "総務課"))
        assert set(caught.value.problems) == {"reason"}
    save_update(store, ProposalUpdate(pid, "on_hold", "総務課", reason="予算待ち"))
    with pytest.raises(Invalid):
        save_update(store, ProposalUpdate(pid, "done", "総務課", reason="x"))  # only adopted work is done
    save_update(store, ProposalUpdate(pid, "adopted", "総務課"))
    with pytest.raises(Invalid) as caught:
        save_update(store, ProposalUpdate(pid, "done", feedback_date=date(FY, 5, 1), delivered=True))
    assert set(caught.value.problems) == {"feedback", "feedback_date", "delivered"}
    save_update(store, ProposalUpdate(pid, "done", feedback="実施しました", feedback_date=date(FY, 7, 1), delivered=True))
    row = list_proposals(store, today=date(FY, 8, 1), overdue_days=30)[0]
    assert (row.status, row.days_open, row.delivered, row.overdue) == ("done", 21, True, False)
    assert run_check(store).ok


def test_overdue_after_the_set_days_and_filters(store):
    assert is_overdue(date(FY, 6, 1), None, date(FY, 7, 2), 30) and not is_overdue(date(FY, 6, 1), None, date(FY, 7, 1), 30)
    assert not is_overdue(date(FY, 6, 1), date(FY, 9, 1), date(FY, 12, 1), 30)
    form = make_survey(store)
    old = _proposal(store, form, received=date(FY, 6, 1))
    _proposal(store, form, received=date(FY, 6, 25))
    save_update(store, ProposalUpdate(old, "reviewing", "人事課"))
    today = date(FY, 7, 10)
    assert [r.id for r in list_proposals(store, today=today, overdue_days=30, overdue_only=True)] == [old]
    assert len(list_proposals(store, today=today, overdue_days=5, overdue_only=True)) == 2
    assert [r.id for r in list_proposals(store, today=today, overdue_days=30, department="人事課")] == [old]
    assert [r.id for r in list_proposals(store, today=today, overdue_days=30, status="reviewing")] == [old]
    assert list_proposals(store, today=today, overdue_days=30, fiscal_year=FY - 1) == []


def test_lookup_by_receipt_code_or_staff_number_shows_only_given_feedback(store):
    form = make_survey(store)
    anon = respond(store, form, anonymous=True, staff_no="200002", idea="案A")
    named = respond(store, form, anonymous=False, staff_no="200002", idea="案B")
    save_update(store, ProposalUpdate(named.proposal_id, "reviewing", feedback="下書き"))
    assert [v.idea for v in lookup(store, "200002")] == ["案B"]  # the anonymous one is not reachable this way
    assert lookup(store, "200002")[0].feedback == ""  # an undated draft is not shown
    save_update(store, ProposalUpdate(anon.proposal_id, "reviewing"))
    save_update(store, ProposalUpdate(anon.proposal_id, "rejected", reason="重複", feedback="見送り",
                                      feedback_date=date(FY, 7, 1)))
    [view] = lookup(store, format_receipt_code(anon.receipt_code).lower())
    assert (view.idea, view.status_label, view.reason, view.feedback) == ("案A", "不採用", "重複", "見送り")
    assert lookup(store, "") == [] and lookup(store, "999999") == []


def test_the_kiosk_lookup_takes_a_receipt_code_only(store):
    form = make_survey(store)
    named = respond(store, form, anonymous=False, staff_no="200002", idea="案B")
    assert [v.idea for v in lookup(store, "200002")] == ["案B"]  # the clerk's lookup finds it by number …
    assert lookup_receipt(store, "200002") == [] and lookup_receipt(store, "２０００２") == []  # … the kiosk's not
    assert [v.idea for v in lookup_receipt(store, format_receipt_code(named.receipt_code))] == ["案B"]


def test_a_withdrawn_response_and_its_proposal_count_nowhere(store):
    form = make_survey(store)
    named = respond(store, form, anonymous=False, staff_no="200002", idea="案B")
    withdraw_response(store, format_receipt_code(named.receipt_code).lower())
    assert lookup(store, named.receipt_code) == [] and lookup(store, "200002") == []
    assert list_proposals(store, today=date(FY, 7, 1), overdue_days=30) == []
    with pytest.raises(UserError):
        withdraw_response(store, named.receipt_code)  # already withdrawn
    assert run_check(store).ok


def test_check_names_an_anonymous_response_whose_history_has_a_staff_number(store):
    """What an earlier version let an import do (turn a named response anonymous): ``check`` names
    the response by its receipt code — and never prints the number."""
    form = make_survey(store)
    store.staff_no_width = 10  # a ward of ten-digit numbers: one that appears nowhere by chance
    saved = respond(store, form, anonymous=False, staff_no="5820731946")
    assert run_check(store).ok
    with store.session() as session:  # the old import's update, through change capture
        response = session.get(SurveyResponse, saved.response_id)
        response.anonymous, response.staff_no = True, ""
    report = run_check(store)
    assert [p for p in report.problems if saved.receipt_code in p]
    assert not any("5820731946" in p for p in report.problems)


def test_kiosk_pin_is_kept_only_as_a_salted_hash(tmp_path):
    settings = Settings()
    assert not has_pin(settings) and not check_pin(settings, "1234")
    with pytest.raises(ValueError):
        set_pin(settings, "12")
    set_pin(settings, "２４６８")
    settings.save(tmp_path / "settings.json")
    again = Settings.load(tmp_path / "settings.json")
    assert "2468" not in (tmp_path / "settings.json").read_text(encoding="utf-8")
    assert check_pin(again, "2468") and not check_pin(again, "2469")
    assert overdue_days(again) == 30
    set_overdue_days(again, 14)
    assert overdue_days(again) == 14
