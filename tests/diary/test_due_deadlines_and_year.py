"""Issue 8, item 17: homework on the day it is due, the deferred mark's deadline for families,
and each quarter's mark in the year view. The week is Monday 23 – Saturday 28 November 2026."""

import datetime as dt

import pytest

from tests import factories as f
from tests.diary.conftest import MONDAY
from zhurnal.accounts.tokens import token_issue
from zhurnal.schools.models import StudyPeriod

pytestmark = pytest.mark.django_db

TUESDAY, WEDNESDAY = MONDAY + dt.timedelta(days=1), MONDAY + dt.timedelta(days=2)
LAST_FRIDAY = MONDAY - dt.timedelta(days=3)


def _day(days, date):
    return next(day for day in days if day.date == date)


def test_homework_shows_on_the_day_it_is_due_as_well_as_the_day_it_was_set(cast, lesson, page_as):
    monday = lesson(day=MONDAY, homework="С. 12, № 3", homework_due=WEDNESDAY)
    # Set last Friday (outside this week) and due on Tuesday: only its homework is shown, under Tuesday.
    friday = lesson(day=LAST_FRIDAY, homework="Выучить стихотворение", homework_due=TUESDAY)
    # Due the same day it was set (class work): nothing is repeated.
    lesson(day=MONDAY, homework="Решить в классе", homework_due=MONDAY)

    response = page_as("parent_a", f"/diary/{cast.pupil_a.pk}/")
    days = response.context["days"]

    assert [(d["lesson_id"], d["set_on"]) for d in _day(days, WEDNESDAY).due] == [(monday.pk, MONDAY)]
    assert [(d["lesson_id"], d["homework"]) for d in _day(days, TUESDAY).due] == [
        (friday.pk, "Выучить стихотворение")
    ]
    assert _day(days, MONDAY).due == []
    assert monday.pk in [x["id"] for x in _day(days, MONDAY).lessons]  # still on the day it was set
    assert friday.pk not in [x["id"] for day in days for x in day.lessons]
    html = response.content.decode()
    assert "Задано к этому дню" in html
    assert "Выучить стихотворение" in html


def test_the_api_lists_the_homework_due_each_day(cast, lesson, client):
    monday = lesson(day=MONDAY, homework="С. 12, № 3", homework_due=WEDNESDAY)
    headers = {"Authorization": f"Bearer {token_issue(user=cast.user('parent_a'))}"}
    body = client.get(
        f"/api/v1/students/{cast.pupil_a.pk}/diary?from=2026-11-23&to=2026-11-28", headers=headers
    ).json()
    (wednesday,) = [day for day in body["days"] if day["date"] == "2026-11-25"]
    assert [(d["lesson_id"], d["set_on"], d["homework"]) for d in wednesday["due"]] == [
        (monday.pk, "2026-11-23", "С. 12, № 3")
    ]


def test_families_see_the_deferred_marks_deadline(cast, lesson, page_as, client):
    owed = lesson(day=MONDAY)
    f.MarkFactory(
        lesson=owed, student=cast.pupil_a, value=".", score=None, deferred_until=dt.date(2026, 12, 4)
    )

    html = page_as("parent_a", f"/diary/{cast.pupil_a.pk}/").content.decode()
    assert "до 04.12" in html
    assert "сдать до 4 декабря" in html
    headers = {"Authorization": f"Bearer {token_issue(user=cast.user('parent_a'))}"}
    marks = client.get(f"/api/v1/students/{cast.pupil_a.pk}/marks", headers=headers).json()
    deferred = [m for s in marks["subjects"] for m in s["marks"] if m["value"] == "."]
    assert [m["deferred_until"] for m in deferred] == ["2026-12-04"]


def test_the_year_view_shows_each_periods_mark(cast, page_as, client):
    year = cast.class_a.year
    second = year.periods.get()
    first = f.StudyPeriodFactory(
        year=year, number=1, name="1 четверть", start=dt.date(2026, 9, 1), end=dt.date(2026, 10, 24)
    )
    whole = f.StudyPeriodFactory(
        year=year, kind=StudyPeriod.Kind.YEAR, number=1, name="Год", start=year.start, end=year.end
    )
    math = cast.math_a.subject
    f.PeriodMarkFactory(student=cast.pupil_a, subject=math, year=year, period=first, value="5")
    f.PeriodMarkFactory(student=cast.pupil_a, subject=math, year=year, period=second, value="4")

    response = page_as("parent_a", f"/diary/{cast.pupil_a.pk}/marks/?period={whole.pk}")
    report = response.context["report"]
    assert [p.name for p in report.parts] == ["1 четверть", "2 четверть"]
    (row,) = [s for s in report.subjects if s.id == math.pk]
    assert row.part_marks == ["5", "4"]
    html = response.content.decode()
    assert ">1 четверть</th>" in html and ">2 четверть</th>" in html

    headers = {"Authorization": f"Bearer {token_issue(user=cast.user('parent_a'))}"}
    body = client.get(f"/api/v1/students/{cast.pupil_a.pk}/marks?period={whole.pk}", headers=headers).json()
    (subject,) = [s for s in body["subjects"] if s["id"] == math.pk]
    assert [(p["name"], p["value"]) for p in subject["period_marks"]] == [
        ("1 четверть", "5"),
        ("2 четверть", "4"),
    ]


def test_a_quarters_view_has_no_columns_of_other_quarters(cast, page_as):
    response = page_as("parent_a", f"/diary/{cast.pupil_a.pk}/marks/")
    assert response.context["report"].parts == []
