"""``python -m tools.survey_screenshots [OUT_DIR]``: the survey tab and its PDFs as PNGs (default ``docs/``).

From a temporary store filled with the sample data (``demo``, which includes two surveys, 60
responses and 15 proposals), drawn with the bundled font like ``tools.screenshots``:

    survey_entry.png      keyed entry of a paper form: a reason beside a field, the last receipt code
    survey_kiosk.png      the kiosk form, anonymous preselected
    survey_summary.png    the summary page: bar charts per question, funnel, departments, feedback days
    survey_proposals.png  proposals with overdue ones in red and the workflow editor
    report_survey-1.png …, report_proposals-1.png …, report_feedback-1.png  (pdftoppm -r 60)
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from app.context import AppContext
from app.services.demo.load import load_demo
from app.services.survey import reports as survey_reports
from app.services.survey.proposals import list_proposals
from app.ui.application import install_translations, make_app
from app.ui.survey.tab import SurveyTab
from app.ui.tasks import SyncRunner
from tools.screenshots import SIZE, TODAY, USER, save, settle, use_bundled_font


def shoot(out: Path, tmp: Path) -> None:
    folder = tmp / "data"
    folder.mkdir(parents=True)
    (folder / "settings.json").write_text(json.dumps({"language": "ja", "user_name": USER, "device_name": "MINATO-PC-017"},
                                                     ensure_ascii=False), encoding="utf-8")
    ctx = AppContext.open(folder, language="ja")
    try:
        load_demo(ctx.store, TODAY)
        tab = SurveyTab(ctx, SyncRunner(), today=lambda: TODAY)
        tab.open_after = False
        tab.resize(*SIZE)
        tab.show()
        tab.reload()
        _entry(tab, out)
        tab.pages.setCurrentWidget(tab.summary)
        save(tab, out / "survey_summary.png")
        tab.pages.setCurrentWidget(tab.proposals)
        tab.proposals_controller.select(next(i for i, r in enumerate(tab.proposals.model.rows()) if r.overdue))
        save(tab, out / "survey_proposals.png")
        _kiosk(tab, out)
        _reports(ctx, out, tmp)
        tab.close()
        tab.deleteLater()
        settle(0)
    finally:
        ctx.close()


def _entry(tab: SurveyTab, out: Path) -> None:
    tab.pages.setCurrentWidget(tab.entry)
    settle()
    form = tab.entry.form
    q = form.form.questions
    form.staff_no.setText("014327")
    form.department.setText("総務課")
    form.answers[q[0].id].setText("2")
    form.answers[q[1].id].setText("4")
    form.answers[q[2].id].setText("1 3")
    form.answers[q[3].id].setText("1")
    form.parts["current"].setText("照会への回答様式が課ごとに違い、集計に時間がかかる")
    form.parts["idea"].setText("全庁で回答様式を統一する")
    tab.entry_controller.save()  # saved: the status line shows its receipt code
    form = tab.entry.form
    form.anonymous.setChecked(True)
    form.department.setText("区民課")
    form.answers[q[0].id].setText("3")
    form.answers[q[1].id].setText("7")
    form.answers[q[2].id].setText("2 5")
    form.answers[q[1].id].setFocus()
    form.check_field(f"q:{q[1].id}")
    form.answers[q[2].id].setFocus()
    save(tab, out / "survey_entry.png")


def _kiosk(tab: SurveyTab, out: Path) -> None:
    tab.set_kiosk_pin("2468")
    tab.surveys.table.selectRow(0)
    kiosk = tab.start_kiosk(lock=False)
    kiosk.resize(*SIZE)
    kiosk.show_form()
    q = kiosk.entry.form.questions
    kiosk.entry.department.setText("防災課")
    kiosk.entry.answers[q[0].id].setText("2")
    kiosk.entry.answers[q[1].id].setText("3")
    kiosk.entry.parts["idea"].setText("防災訓練の名簿をシステムから出力する")
    kiosk.entry.parts["idea"].setFocus()
    save(kiosk, out / "survey_kiosk.png")
    kiosk.unlocked = True
    kiosk.close()


def _reports(ctx, out: Path, tmp: Path) -> None:
    fy = 2025
    rejected = next(p for p in list_proposals(ctx.store, today=TODAY, overdue_days=30) if p.status == "rejected")
    pdfs = {"report_survey": survey_reports.survey_summary_report(ctx.store, ctx.settings, f"KAIZEN-{fy}",
                                                                   tmp / "survey.pdf"),
            "report_proposals": survey_reports.proposals_report(ctx.store, ctx.settings, fy, tmp / "proposals.pdf",
                                                                today=TODAY),
            "report_feedback": survey_reports.feedback_letter(ctx.store, ctx.settings, rejected.receipt_code,
                                                              tmp / "feedback.pdf", today=TODAY)}
    for stem, pdf in pdfs.items():
        for old in out.glob(f"{stem}-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(out / stem)], check=True)
        print(f"wrote {out / stem}-*.png")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0] if argv else "docs")
    out.mkdir(parents=True, exist_ok=True)
    app = make_app()
    install_translations(app, "ja")
    use_bundled_font(app)
    with tempfile.TemporaryDirectory(prefix="fielddesk-shots-") as name:
        shoot(out.resolve(), Path(name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
