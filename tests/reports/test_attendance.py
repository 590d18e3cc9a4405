"""`attendance`: figures worked out by hand for tests/reports/data.py (DOMAIN.md §4)."""

import pytest

from tests.reports.helpers import row_where, rows_of, run_json

pytestmark = pytest.mark.django_db


def _pupil(data, surname):
    return row_where(data, student=f"{surname} Иван Петрович")


def test_a_day_is_missed_only_when_every_lesson_of_it_was(hand, actor):
    data = run_json(actor("deputy"), "attendance", period=hand.period.pk)
    # Антонов: both lessons of 24.11 ill (a day, of it ill); late on 25.11.
    a = _pupil(data, "Антонов")
    assert (a["days"], a["days_ill"], a["missed"], a["ill"], a["excused"], a["unexcused"], a["late"]) == (
        1,
        1,
        2,
        2,
        0,
        0,
        1,
    )
    # Борисова: on 25.11 mathematics (Н) and her subgroup's English (У): both her lessons.
    b = _pupil(data, "Борисова")
    assert (b["days"], b["days_ill"], b["missed"], b["excused"], b["unexcused"]) == (1, 0, 2, 1, 1)
    # Васильев: not in the subgroup, so mathematics was his only lesson on 25.11; the cancelled
    # lesson he "missed" counts for nothing.
    v = _pupil(data, "Васильев")
    assert (v["days"], v["missed"], v["unexcused"]) == (1, 1, 1)
    # Егоров (left on 10.12) missed one of two lessons on 24.11: a lesson, not a day.
    e = _pupil(data, "Егоров")
    assert (e["days"], e["missed"], e["unexcused"]) == (0, 1, 1)


def test_class_and_school_totals(hand, actor):
    data = run_json(actor("deputy"), "attendance", period=hand.period.pk)
    total = row_where(data, class_name="2А", kind="subtotal")
    assert (total["days"], total["days_ill"], total["missed"], total["ill"], total["excused"]) == (
        3,
        1,
        6,
        2,
        1,
    )
    assert (total["unexcused"], total["late"]) == (3, 1)
    assert row_where(data, kind="total")["missed"] == 6


def test_a_date_range_narrows_the_count(hand, actor):
    data = run_json(
        actor("deputy"), "attendance", period=hand.period.pk, date_from="2026-11-25", date_to="2026-11-25"
    )
    assert _pupil(data, "Антонов")["missed"] == 0
    assert row_where(data, kind="total")["missed"] == 3  # Борисова 2, Васильев 1


def test_a_subgroup_teacher_counts_only_their_lessons_and_pupils(hand, actor):
    rows = [
        r for r in rows_of(run_json(actor("english"), "attendance", period=hand.period.pk)) if "kind" not in r
    ]
    assert [r["student"] for r in rows] == ["Антонов Иван Петрович", "Борисова Иван Петрович"]
    assert [r["missed"] for r in rows] == [0, 1]


def test_the_page_shows_a_chart_by_week(hand, client):
    client.force_login(hand.users["deputy"], backend="zhurnal.accounts.backends.UserBackend")
    response = client.get(f"/reports/attendance/?period={hand.period.pk}")
    assert response.status_code == 200
    assert b"data:image/svg+xml;base64," in response.content
