"""Sample data of the survey tab: last fiscal year's and this year's 業務改善アンケート, ~60
responses (named and anonymous, paper and kiosk) and ~15 proposals in every state of the workflow.

Written through the same services as the tab (save_survey, save_response, save_update), so the
demo exercises validation, the anonymity rules and change capture. Running it again changes
nothing: a survey whose code exists is left alone.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy import select

from app.domain.fiscal import fiscal_year_of
from app.services.survey.defs import copy_of, list_surveys, load_survey, save_survey, template
from app.services.survey.entry import ProposalText, ResponseInput, save_response
from app.services.survey.proposals import ProposalUpdate, save_update
from app.storage.models import Staff
from app.storage.store import Store

PROPOSALS = [
    ("同じ内容を複数のシステムに入力している", "入力を一度で済むよう連携させる", "入力時間の削減（月20時間）", "住民情報の入力"),
    ("会議資料を紙で配布している", "資料をタブレットで共有する", "印刷費と準備時間の削減", "庁内会議"),
    ("押印のための回覧に日数がかかる", "電子決裁を標準にする", "決裁日数の短縮", "決裁"),
    ("照会への回答様式が課ごとに違う", "全庁で様式を統一する", "集計作業の削減", "庁内照会"),
    ("窓口の待ち時間が長い", "予約制と番号案内を導入する", "待ち時間の短縮", "窓口受付"),
    ("出張旅費の精算が手作業", "精算をシステム化する", "事務処理の削減", "旅費精算"),
    ("研修の申込が紙とメールで混在", "申込フォームを一本化する", "集計の手間の削減", "研修管理"),
    ("備品の在庫が把握できない", "共有の在庫表を作る", "重複購入の防止", "物品管理"),
    ("電話の取次ぎが多い", "課の直通番号を案内する", "取次ぎ時間の削減", "電話対応"),
    ("同じ統計を複数課で作っている", "統計作成を1課に集約する", "重複作業の解消", "統計作成"),
    ("防災訓練の名簿作成に時間がかかる", "名簿をFieldDeskから出力する", "準備時間の短縮", "防災訓練"),
    ("公用車の予約が紙の台帳", "予約を共有カレンダーにする", "予約の重複防止", "公用車管理"),
    ("議事録の作成に時間がかかる", "要点記録の様式を定める", "作成時間の半減", "会議運営"),
    ("郵便の発送が課ごと", "発送を総務で集約する", "郵送料の削減", "郵便発送"),
    ("問い合わせの回答がばらばら", "よくある質問集を作る", "回答の統一", "問い合わせ対応"),
    ("紙の申請書の転記が多い", "電子申請を増やす", "転記ミスの削減", "申請受付"),
]
# (status, department, reason, feedback given after n days or None, delivered)
WORKFLOW = [
    ("done", "情報政策課", "", 21, True), ("adopted", "総務課", "", 18, True), ("partly", "人事課", "", 35, True),
    ("rejected", "企画課", "システム更新の予定があり、その中で検討するため", 25, True),
    ("on_hold", "区民課", "来年度の予算で改めて検討するため", 40, False),
    ("reviewing", "会計管理室", "", None, False), ("received", "", "", None, False),
    ("adopted", "防災課", "", 14, False), ("done", "総務課", "", 28, True), ("reviewing", "企画課", "", None, False),
    ("received", "", "", None, False), ("partly", "広報課", "", 30, True), ("rejected", "総務課",
                                                                            "既に同様の取組を進めているため", 12, True),
    ("reviewing", "人事課", "", None, False), ("received", "", "", None, False), ("adopted", "区民課", "", 45, False),
]
FEEDBACK = {"done": "ご提案を採用し、実施しました。ご協力ありがとうございました。",
            "adopted": "ご提案を採用しました。実施に向けて準備しています。",
            "partly": "ご提案の一部を採用しました。残りは引き続き検討します。",
            "rejected": "今回は採用を見送りました。理由は記載のとおりです。",
            "on_hold": "判断を保留しています。結論が出次第お知らせします。"}
DEPARTMENTS = ("総務課", "人事課", "企画課", "区民課", "防災課", "情報政策課", "会計管理室", "広報課")


def _answers(rng: random.Random, form) -> dict:
    out = {}
    for q in form.questions:
        if q.kind == "single":
            out[q.id] = rng.choices(q.choices, weights=range(len(q.choices), 0, -1))[0]
        elif q.kind == "multiple":
            out[q.id] = rng.sample(list(q.choices), rng.randint(1, 3))
        elif q.kind == "rating":
            out[q.id] = rng.choices((1, 2, 3, 4, 5), weights=(1, 3, 5, 4, 2))[0]
        elif q.kind == "text" and rng.random() < 0.3:
            out[q.id] = rng.choice(("特になし", "フィードバックがあると励みになります", "業務の集約に期待しています"))
    return out


def _respond(store: Store, form, count: int, day0: date, span: int, rng: random.Random, staff: list,
             proposals: list, first_proposal: int, today: date) -> int:
    made = 0
    for i in range(count):
        received = min(day0 + timedelta(days=rng.randint(0, span)), today)
        anonymous = rng.random() < 0.45
        person = staff[rng.randrange(len(staff))] if staff else (f"9{i:05d}", rng.choice(DEPARTMENTS))
        proposal = ProposalText()
        if i % 4 == 0 and first_proposal + len(proposals) < len(PROPOSALS):
            proposal = ProposalText(*PROPOSALS[first_proposal + len(proposals)])
        item = ResponseInput(form.id, anonymous, received, staff_no="" if anonymous else person[0],
                             department=person[1], answers=_answers(rng, form), proposal=proposal,
                             channel="kiosk" if rng.random() < 0.3 else "paper")
        saved = save_response(store, form, item, allow_duplicate=True)
        if saved.proposal_id:
            proposals.append((saved.proposal_id, received))
        made += 1
    return made


def _advance(store: Store, proposals: list, offset: int, today: date) -> None:
    for (pid, received), (status, dept, reason, after, delivered) in zip(proposals, WORKFLOW[offset:], strict=False):
        given = received + timedelta(days=after) if after is not None and received + timedelta(days=after) <= today \
            else None
        path = {"received": [], "reviewing": ["reviewing"], "done": ["reviewing", "adopted", "done"]}.get(
            status, ["reviewing", status])
        for step in path:
            last = step == path[-1]
            save_update(store, ProposalUpdate(
                pid, step, dept, "課長 " + dept if dept else "", reason if last else "",
                FEEDBACK.get(status, "") if last and given else "", given if last else None,
                delivered and given is not None and last))


def load_survey_demo(store: Store, today: date | None = None) -> dict[str, int]:
    today = today or date.today()
    fy = fiscal_year_of(today)
    if any(r.code in (f"KAIZEN-{fy}", f"KAIZEN-{fy - 1}") for r in list_surveys(store)):
        return {"surveys": 0, "responses": 0}
    rng = random.Random(131032)
    with store.read() as session:
        staff = [(no, dept or rng.choice(DEPARTMENTS)) for no, dept in session.execute(
            select(Staff.staff_no, Staff.department).where(Staff.deleted.is_(False), Staff.active.is_(True))
            .order_by(Staff.staff_no).limit(300))]
    last_input = replace(template(fy - 1), departments=DEPARTMENTS)
    last = load_survey(store, save_survey(store, last_input))
    this = load_survey(store, save_survey(store, copy_of(last, fy)))
    proposals_last: list = []
    made = _respond(store, last, 36, date(fy - 1, 6, 1), 29, rng, staff, proposals_last, 0, today)
    _advance(store, proposals_last, 0, today)
    start = max(date(fy, 4, 1), min(date(fy, 6, 1), today - timedelta(days=45)))
    proposals_this: list = []
    made += _respond(store, this, 24, start, max(0, min(29, (today - start).days)), rng, staff, proposals_this,
                     len(proposals_last), today)
    _advance(store, proposals_this, len(proposals_last), today)
    return {"surveys": 2, "responses": made}
