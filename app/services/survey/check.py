"""``check``'s survey invariant: no anonymous response has ever had a staff number.

Import and entry refuse to turn a named response anonymous, but two laptops can still be told
different things before they sync (one imports a receipt code named, another anonymous): the
merge then gives an anonymous record whose history carries a staff number. ``check`` names such
responses (by receipt code, never by the number) so a clerk withdraws them.
"""

from __future__ import annotations

from app.i18n import _

_SQL = ("SELECT DISTINCT r.receipt_code FROM survey_response AS r JOIN sync_change AS c "
        "ON c.tbl = 'survey_response' AND c.row_id = r.id AND c.field = 'staff_no' "
        "WHERE r.anonymous = 1 AND r.deleted = 0 AND c.value NOT IN ('\"\"', 'null') ORDER BY r.receipt_code")


def anonymity_problems(conn, max_listed: int = 50) -> list[str]:
    codes = [row[0] for row in conn.exec_driver_sql(_SQL).all()]
    return [_("survey_response {code}: an anonymous response whose history carries a staff number; withdraw it "
              "and send the answers again as a new anonymous response").format(code=code) for code in codes[:max_listed]]
