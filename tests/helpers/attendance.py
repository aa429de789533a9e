"""Hand-made attendance data (no Qt): one council of 22 housing residents, two meetings, and a
clock that ticks a second per call so every mark gets its own time."""

from __future__ import annotations

from datetime import datetime

from app.services.demo.attendance import DemoData

RESIDENTS = 22
FAMILY = ["髙橋", "山﨑", "佐藤", "鈴木", "田中", "伊藤", "渡邊", "中村", "小林", "加藤", "吉田"]
READING = ["タカハシ", "やまさき", "ｻﾄｳ", "スズキ", "タナカ", "イトウ", "ワタナベ", "ナカムラ", "コバヤシ", "カトウ", "ヨシダ"]


def hall_data() -> DemoData:
    """One council with 22 housing residents (one retired) and two meetings; hand-made, so every
    figure below is known without running the code under test."""
    staff = []
    for n in range(RESIDENTS):
        staff.append({"staff_no": f"{n + 1:06d}", "name": f"{FAMILY[n % 11]}　{n + 1}郎", "kana": READING[n % 11],
                      "department": "防災課" if n % 2 else "人事課", "housing": f"港区職員住宅 芝 1-{n + 101}",
                      "council_code": "SH01", "active": "0" if n == RESIDENTS - 1 else "1"})
    staff.append({"staff_no": "900001", "name": "外部　花子", "kana": "がいぶ　はなこ", "department": "企画課",
                  "housing": "", "council_code": "", "active": "1"})
    return DemoData(
        staff=staff,
        councils=[{"code": "SH01", "name": "芝小学校区地域防災協議会", "district": "芝", "school_district": "芝小学校区"},
                  {"code": "AZ01", "name": "麻布小学校区地域防災協議会", "district": "麻布", "school_district": ""}],
        meetings=[{"council_code": "SH01", "date": "2026-06-12", "kind": "meeting", "title": "第1回 定例会",
                   "place": "芝区民センター", "start": "19:00", "end": "20:30", "residents": "12"},
                  {"council_code": "SH01", "date": "2026-09-01", "kind": "drill", "title": "地域防災訓練",
                   "place": "芝小学校 校庭", "start": "09:00", "end": "12:00", "residents": "40"}],
        attendance=[],
    )


class Clock:
    def __init__(self):
        self.now = datetime(2026, 6, 12, 19, 5)

    def __call__(self):
        self.now = self.now.replace(second=(self.now.second + 1) % 60)
        return self.now
