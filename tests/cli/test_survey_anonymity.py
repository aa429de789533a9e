"""A named response never turns anonymous, through the real command line: the import refuses the
turn naming file:line:col and saying how to withdraw and send again, nothing is written or
published, and the way it points to (取下げ, then a new anonymous response) leaves no trace of the
staff number in what the new response put in the store, the share or a backup. The same grep
finds the number where it is (the named response), so the tests can fail."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.helpers.survey import STAFF_NO, publish_and_back_up, ten_digit_ward, traces

HEADER = "受付番号,アンケートコード,匿名,職員番号,所属,受付日,回答"
CODE, NEW_CODE = "ACE34FGH67", "KMN79PQR34"


def _write(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _survey(cli, data_dir: Path, tmp_path: Path) -> None:
    ten_digit_ward(data_dir)
    surveys = _write(tmp_path / "surveys.csv", "アンケートコード,名称,年度,開始日,終了日",
                     "S-2026,業務改善アンケート,2026,2026-06-01,2026-06-30")
    questions = _write(tmp_path / "questions.csv", "アンケートコード,設問番号,種類,設問,選択肢",
                       "S-2026,1,単一選択,業務量は適切ですか,多い|適切|少ない")
    for kind, path in (("surveys", surveys), ("survey_questions", questions)):
        done = cli("import", kind, str(path), data_dir=data_dir)
        assert done.returncode == 0, done.stderr


def _changes(data_dir: Path) -> list[tuple]:
    with sqlite3.connect(data_dir / "fielddesk.sqlite3") as conn:
        return conn.execute("SELECT origin, seq, tbl, row_id, field, value FROM sync_change ORDER BY origin, seq").fetchall()


def _segments(share: Path) -> list[Path]:
    return sorted(share.rglob("seg-*"))


def test_a_named_response_cannot_be_turned_anonymous_and_is_withdrawn_instead(cli, data_dir, tmp_path):
    _survey(cli, data_dir, tmp_path)
    named = _write(tmp_path / "named.csv", HEADER, f'{CODE},S-2026,記名,{STAFF_NO},総務課,2026-06-10,"{{""1"": ""多い""}}"')
    assert cli("import", "survey_responses", str(named), data_dir=data_dir).returncode == 0
    share, _backup = publish_and_back_up(cli, data_dir, tmp_path)
    [first] = _segments(share)
    assert traces(first)  # the named response went out with its number: the grep sees it
    before = _changes(data_dir)

    turned = _write(tmp_path / "turned.csv", HEADER, f'{CODE},S-2026,匿名,,総務課,2026-06-10,"{{""1"": ""多い""}}"')
    without_columns = _write(tmp_path / "short.csv", "受付番号,アンケートコード,受付日", f"{CODE},S-2026,2026-06-10")
    for path, col in ((turned, 3), (without_columns, 0)):  # 匿名 written, or left to its default (anonymous)
        done = cli("import", "survey_responses", str(path), data_dir=data_dir)
        assert done.returncode == 2, done.stdout
        assert f"{path}:2:{col}:" in done.stderr
        assert "取下げ" in done.stderr and "新しい匿名の回答" in done.stderr, done.stderr
        assert STAFF_NO not in done.stderr + done.stdout
    assert _changes(data_dir) == before  # nothing written …
    done = cli("sync", "--share", str(share), data_dir=data_dir)
    assert done.returncode == 0 and _segments(share) == [first]  # … nothing published

    # The way the message gives: withdraw the named response, send the answers as a new anonymous one.
    withdraw = _write(tmp_path / "withdraw.csv", HEADER + ",取下げ",
                      f'{CODE},S-2026,記名,{STAFF_NO},総務課,2026-06-10,"{{""1"": ""多い""}}",1')
    done = cli("import", "survey_responses", str(withdraw), data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    fresh = _write(tmp_path / "anonymous.csv", HEADER, f'{NEW_CODE},S-2026,匿名,,総務課,2026-06-10,"{{""1"": ""多い""}}"')
    done = cli("import", "survey_responses", str(fresh), data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    share, backup = publish_and_back_up(cli, data_dir, tmp_path)
    later = [s for s in _segments(share) if s != first]
    assert later and traces(*later) == []  # the withdrawal and the anonymous response carry no number
    with sqlite3.connect(data_dir / "fielddesk.sqlite3") as conn:
        rows = conn.execute("SELECT id, anonymous, staff_no, deleted FROM survey_response ORDER BY receipt_code").fetchall()
        [(new_id, *rest)] = [r for r in rows if r[1] == 1]
        assert rest == [1, "", 0]
        assert [r[3] for r in rows if r[1] == 0] == [1]  # the named one is withdrawn, not turned
        history = conn.execute("SELECT value FROM sync_change WHERE row_id = ?", (new_id,)).fetchall()
    assert history and not any(STAFF_NO in v for (v,) in history)
    assert cli("check", data_dir=data_dir).returncode == 0
    lookup = cli("export", "survey_responses", "--out", str(tmp_path / "out.csv"), data_dir=data_dir)
    assert lookup.returncode == 0 and STAFF_NO not in (tmp_path / "out.csv").read_text(encoding="utf-8-sig")
    assert traces(backup)  # the withdrawn named response is still in the backup: the grep works there too


def test_a_withdrawn_named_response_cannot_come_back_anonymous(cli, data_dir, tmp_path):
    _survey(cli, data_dir, tmp_path)
    named = _write(tmp_path / "named.csv", HEADER + ",取下げ", f"{CODE},S-2026,記名,{STAFF_NO},総務課,2026-06-10,,")
    assert cli("import", "survey_responses", str(named), data_dir=data_dir).returncode == 0
    withdraw = _write(tmp_path / "withdraw.csv", HEADER + ",取下げ", f"{CODE},S-2026,記名,{STAFF_NO},総務課,2026-06-10,,1")
    assert cli("import", "survey_responses", str(withdraw), data_dir=data_dir).returncode == 0
    revived = _write(tmp_path / "revived.csv", HEADER, f"{CODE},S-2026,匿名,,総務課,2026-06-10,")
    done = cli("import", "survey_responses", str(revived), data_dir=data_dir)
    assert done.returncode == 2 and f"{revived}:2:3:" in done.stderr
    nothing = _write(tmp_path / "nothing.csv", HEADER + ",取下げ", f"{NEW_CODE},S-2026,匿名,,総務課,2026-06-10,,1")
    done = cli("import", "survey_responses", str(nothing), data_dir=data_dir)
    assert done.returncode == 2 and f"{nothing}:2:1:" in done.stderr  # nothing to withdraw


def test_an_anonymous_row_with_a_staff_number_leaves_no_trace_anywhere(cli, data_dir, tmp_path):
    _survey(cli, data_dir, tmp_path)
    row = f"{CODE},S-2026,{{}},{STAFF_NO},総務課,2026-06-10,"
    anonymous = _write(tmp_path / "anonymous.csv", HEADER, row.format("匿名"))
    done = cli("import", "survey_responses", str(anonymous), data_dir=data_dir)
    assert done.returncode == 2 and f"{anonymous}:2:4:" in done.stderr and STAFF_NO not in done.stderr
    share, backup = publish_and_back_up(cli, data_dir, tmp_path / "a")
    assert traces(data_dir, share, backup) == []  # store (and WAL), logs, settings, share, backup
    # the same steps with the row named: the grep finds the number in each place
    other, named = tmp_path / "named-data", _write(tmp_path / "named.csv", HEADER, row.format("記名"))
    _survey(cli, other, tmp_path)
    assert cli("import", "survey_responses", str(named), data_dir=other).returncode == 0
    share, backup = publish_and_back_up(cli, other, tmp_path / "b")
    assert traces(other) and traces(share) and traces(backup)

