"""Benchmarks of the survey tab:

(j) the summary of one survey of 10,000 responses × 20 questions (goal <= 300 ms), against the
    plain way: sqlite3 + json.loads of every response + a Counter per question, same file;
(k) saving one keyed response, from "save and next" on the real form to the committed
    transaction and the emptied form (goal <= 10 ms median), against a bare sqlite3 INSERT of
    one response row + COMMIT in the same WAL + synchronous=FULL file.
"""

from __future__ import annotations

import json
import random
import sqlite3
import time
from collections import Counter
from datetime import date
from pathlib import Path

from tests.bench.common import BenchError, Goal, median, spread

QUESTIONS = ["single"] * 8 + ["multiple"] * 4 + ["rating"] * 6 + ["text"] * 2
CHOICES = ("とても多い", "多い", "適切", "少ない", "とても少ない", "その他")


def _survey(store):
    from app.services.survey.defs import QuestionInput, SurveyInput, load_survey, save_survey

    questions = tuple(QuestionInput(kind, f"設問{n + 1}", CHOICES[:5] if kind == "single" else CHOICES
                                    if kind == "multiple" else (), kind != "text")
                      for n, kind in enumerate(QUESTIONS))
    item = SurveyInput("BENCH-2026", "業務改善アンケート（性能測定）", 2026, date(2026, 6, 1), date(2026, 6, 30),
                       (), "", questions)
    return load_survey(store, save_survey(store, item))


def build_store(root: Path, responses: int):
    """A store holding one survey with ``responses`` responses, written through the import path."""
    from app.domain.survey import answer_key, new_receipt_code
    from app.storage.capture import insert_records
    from app.storage.models import new_id
    from app.storage.models.survey import SurveyResponse
    from app.storage.store import open_store

    rng = random.Random(2026)
    store = open_store(root, user="bench")
    form = _survey(store)
    rows = []
    for n in range(responses):
        answers = {}
        for q in form.questions:
            key = answer_key(q.id)
            if q.kind == "single":
                answers[key] = rng.choice(q.choices)
            elif q.kind == "multiple":
                answers[key] = sorted(rng.sample(q.choices, rng.randint(1, 3)), key=q.choices.index)
            elif q.kind == "rating":
                answers[key] = rng.randint(1, 5)
            elif rng.random() < 0.3:
                answers[key] = "特になし"
        anonymous = rng.random() < 0.5
        rows.append({"id": new_id(), "survey_id": form.id, "receipt_code": new_receipt_code(), "anonymous": anonymous,
                     "staff_no": "" if anonymous else f"{n:06d}", "department": f"課{n % 40}",
                     "received": date(2026, 6, 1 + n % 30), "channel": "paper",
                     "answers": json.dumps(answers, ensure_ascii=False, separators=(",", ":"))})
    with store.session() as session:
        insert_records(session, SurveyResponse, rows)
    return store, form


def _baseline_summary(db: Path, survey_id: str) -> dict:
    conn = sqlite3.connect(db)
    counts: dict[str, Counter] = {}
    for (raw,) in conn.execute("SELECT answers FROM survey_response WHERE survey_id = ? AND deleted = 0", (survey_id,)):
        for qid, value in json.loads(raw).items():
            counter = counts.setdefault(qid, Counter())
            counter.update(value if isinstance(value, list) else [value])
    conn.close()
    return counts


def bench_summary(tmp: Path, repeat: int, responses: int) -> tuple[Goal, object, object]:
    from app.services.survey.summary import summarise

    start = time.perf_counter()
    store, form = build_store(tmp / "survey-store", responses)
    built = time.perf_counter() - start
    ours, base = [], []
    for _ in range(max(3, repeat)):
        start = time.perf_counter()
        summary = summarise(store, form.id)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        plain = _baseline_summary(store.paths.db, form.id)
        base.append(time.perf_counter() - start)
    single = summary.questions[0]
    if dict(single.counts) != dict(plain[single.id[:8]]):
        raise BenchError("the summary and the baseline disagree on question 1")
    print(f"(j) Summary of one survey: {responses:,} responses × {len(QUESTIONS)} questions "
          f"(store built through insert_records in {built:.1f} s); median of {len(ours)}")
    print("    baseline: sqlite3 SELECT of the answers + json.loads + a Counter per question")
    print(f"    summarise  {spread(ours)}   baseline {spread(base)}")
    print()
    goal = Goal("j", f"Summary of {responses:,} responses × {len(QUESTIONS)} questions", median(ours) * 1000,
                median(base) * 1000, "ms", "sqlite3 + json.loads + Counter", 300, False,
                notes=[f"per question counts, departments, funnel and feedback days in {median(ours) * 1000:.0f} ms"])
    return goal, store, form


def bench_save(store, form, repeat: int) -> Goal:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.ui.application import make_app
    from app.ui.survey.entry_form import EntryForm
    from app.ui.survey.entry_page import EntryController, EntryPage
    from app.ui.tasks import SyncRunner

    class Ctx:  # the controller needs only the store
        pass

    ctx = Ctx()
    ctx.store = store
    app = QApplication.instance() or make_app()
    page = EntryPage()
    controller = EntryController(page, ctx, SyncRunner(), today=lambda: date(2026, 6, 20))
    entry = EntryForm(form, channel="paper", today=date(2026, 6, 20))
    entry.save_requested.connect(controller.save)
    page.set_form(entry)
    page.show()
    app.processEvents()
    rng = random.Random(7)
    ours = []
    for n in range(20 * repeat):
        entry.anonymous.setChecked(n % 2 == 0)
        if n % 2:
            entry.staff_no.setText(f"9{n:05d}")
        entry.department.setText("総務課")
        for q in form.questions:
            edit = entry.answers[q.id]
            edit.setText({"single": str(rng.randint(1, 5)), "multiple": "13", "rating": str(rng.randint(1, 5)),
                          "text": "特になし"}[q.kind])
        start = time.perf_counter()
        controller.save()
        ours.append((time.perf_counter() - start) * 1000)
        if controller.entered != n + 1:
            raise BenchError(f"response {n + 1} was not saved: {page.status.text()}")
    page.close()
    page.deleteLater()  # widgets go before the interpreter shuts down (PySide6 crashes otherwise)
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()
    base = _bare_inserts(store.paths.db, form.id, 20 * repeat)
    print(f"(k) One keyed response ({len(QUESTIONS)} questions), \"save and next\" to committed and the form "
          f"emptied ({len(ours)} saves, synchronous runner, in the store of (j))")
    print(f"    save   {spread(ours, 'ms')}   baseline {spread(base, 'ms')}")
    print()
    return Goal("k", "One keyed response saved (save and next)", median(ours), median(base), "ms",
                "sqlite3 INSERT + COMMIT", 10, False, notes=[f"slowest {max(ours):.1f} ms"])


def _bare_inserts(db: Path, survey_id: str, count: int) -> list[float]:
    import uuid

    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    times = []
    for n in range(count):
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO survey_response (id, deleted, survey_id, receipt_code, anonymous, staff_no, department, "
                     "received, channel, answers) VALUES (?, 0, ?, ?, 1, '', '総務課', '2026-06-20', 'paper', '{}')",
                     (str(uuid.uuid4()), survey_id, f"BASE{n:06d}"))
        conn.execute("COMMIT")
        times.append((time.perf_counter() - start) * 1000)
    conn.close()
    return times


def bench_survey(tmp: Path, repeat: int, responses: int, selected: list[str]) -> list[Goal]:
    goal_j, store, form = bench_summary(tmp, repeat, responses)
    goals = [goal_j] if "j" in selected else []
    try:
        if "k" in selected:
            goals.append(bench_save(store, form, repeat))
    finally:
        store.close()
    return goals
