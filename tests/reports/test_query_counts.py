"""A report's queries do not grow with the number of pupils (aggregation in SQL)."""

import datetime as dt

import pytest

from tests import factories as f
from tests.querycount import count_queries
from tests.reports.helpers import run_json

pytestmark = pytest.mark.django_db


def _more_pupils(hand, n):
    math = hand.assignments["math"]
    lesson = f.LessonFactory(assignment=math, date=dt.date(2026, 11, 26), slot=1)
    for _ in range(n):
        pupil = f.EnrollmentFactory(class_group=hand.class_a, start=dt.date(2026, 9, 1)).student
        f.PeriodMarkFactory(
            student=pupil, subject=math.subject, year=hand.period.year, period=hand.period, value="4"
        )
        f.AttendanceFactory(lesson=lesson, student=pupil, code=hand.codes["Н"])


@pytest.mark.parametrize("code", ["progress", "attendance"])
def test_the_query_count_does_not_grow_with_the_pupils(hand, actor, code):
    deputy = actor("deputy")
    run_json(deputy, code, period=hand.period.pk)  # warm the actor's cached sets
    before, _ = count_queries(run_json, deputy, code, period=hand.period.pk)
    _more_pupils(hand, 15)
    after, data = count_queries(run_json, deputy, code, period=hand.period.pk)
    assert after == before <= 8
    assert data["tables"][0]["rows"]
