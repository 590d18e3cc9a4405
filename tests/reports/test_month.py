"""The month parameter of the reports the issue asks for by month (attendance, marks count,
journal filling): a month sets the dates; figures worked out by hand for tests/reports/data.py,
where every absence and mark of the quarter falls on 24–25 November."""

import pytest

from tests.reports.helpers import row_where, run_json
from zhurnal.core.errors import InvalidInput
from zhurnal.reports import registry

pytestmark = pytest.mark.django_db

ANTONOV = "Антонов Иван Петрович"


def test_attendance_marks_count_and_journal_filling_take_a_month():
    for code in ("attendance", "marks-count", "journal-filling"):
        assert "month" in registry.get(code).params, code
    assert "month" not in registry.get("progress").params


def test_november_holds_the_absences_and_december_none(hand, actor):
    november = run_json(actor("deputy"), "attendance", period=hand.period.pk, month="2026-11")
    assert november["period"] == "ноябрь 2026"
    assert november["params"]["date_from"] == "2026-11-01" and november["params"]["date_to"] == "2026-11-30"
    antonov = row_where(november, student=ANTONOV)
    assert (antonov["days"], antonov["missed"], antonov["ill"], antonov["late"]) == (1, 2, 2, 1)
    december = run_json(actor("deputy"), "attendance", period=hand.period.pk, month="12.2026")
    rows = [r for r in december["tables"][0]["rows"] if r.get("student") == ANTONOV]
    assert all(r["missed"] == 0 and r["late"] == 0 for r in rows)


def test_a_month_sets_the_dates_whatever_the_form_sent(hand, actor):
    data = run_json(
        actor("deputy"), "attendance", period=hand.period.pk, month="2026-12", date_from="2026-11-03"
    )
    assert data["params"]["date_from"] == "2026-12-01" and data["params"]["month"] == "2026-12"


def test_marks_are_counted_for_the_month_only(hand, actor):
    november = run_json(actor("deputy"), "marks-count", period=hand.period.pk, month="2026-11")
    december = run_json(actor("deputy"), "marks-count", period=hand.period.pk, month="2026-12")
    # Антонов has two mathematics marks, on 24.11 and 25.11.
    assert row_where(november, student=ANTONOV, subject="Математика")["marks"] == 2
    assert row_where(december, student=ANTONOV, subject="Математика")["marks"] == 0


def test_a_month_that_is_not_one_is_refused_naming_the_field(hand, actor):
    with pytest.raises(InvalidInput) as refused:
        run_json(actor("deputy"), "attendance", month="2026-13")
    assert "«Месяц»" in refused.value.message


def test_the_form_offers_the_months_of_the_school_year(hand, client):
    client.force_login(hand.users["deputy"], backend="zhurnal.accounts.backends.UserBackend")
    page = client.get(f"/reports/attendance/?period={hand.period.pk}&month=2026-11").content.decode()
    assert '<option value="2026-11" selected>ноябрь 2026</option>' in page
    assert '<option value="2026-09">сентябрь 2026</option>' in page
