"""Planned hours against the curriculum, on a calendar counted by hand.

The year runs Monday 01.09.2025 … Friday 24.10.2025: 8 weeks, 40 weekdays. A holiday for every
grade on Monday 29.09 and Tuesday 30.09 takes 2 days: 38 days = 7.6 weeks. Grade 1 also has its
extra week 06.10–12.10 (5 weekdays): 33 days = 6.6 weeks. Mathematics is 4 hours a week:
grade 2 needs 4 × 7.6 = 30.4 → 30 hours, grade 1 needs 4 × 6.6 = 26.4 → 26 hours.
"""

import datetime as dt
from decimal import Decimal

import pytest

from tests import factories as f
from zhurnal.planning.hours import hours_check

pytestmark = pytest.mark.django_db


@pytest.fixture
def assignments():
    year = f.AcademicYearFactory(start=dt.date(2025, 9, 1), end=dt.date(2025, 10, 24), name="2025/2026")
    f.HolidayFactory(year=year, name="Выходные", start=dt.date(2025, 9, 29), end=dt.date(2025, 9, 30))
    f.HolidayFactory(
        year=year,
        name="Доп. каникулы",
        start=dt.date(2025, 10, 6),
        end=dt.date(2025, 10, 12),
        grade_from=1,
        grade_to=1,
    )
    math = f.SubjectFactory(school=year.school, name="Математика")
    for grade in (1, 2):
        f.CurriculumPlanFactory(year=year, grade=grade, subject=math, hours_per_week=Decimal("4"))
    return {
        grade: f.TeachingAssignmentFactory(
            class_group=f.ClassGroupFactory(year=year, grade=grade), subject=math
        )
        for grade in (1, 2)
    }


def test_grade_2_needs_30_hours_and_a_plan_of_32_is_2_over(assignments):
    check = hours_check(assignments[2], 32)
    assert (check.weeks, check.required, check.difference) == (Decimal("7.6"), 30, 2)
    assert not check.matches


def test_grade_1_loses_its_extra_holiday_week_and_needs_26_hours(assignments):
    check = hours_check(assignments[1], 26)
    assert (check.weeks, check.required, check.difference) == (Decimal("6.6"), 26, 0)
    assert check.matches


def test_without_a_curriculum_line_nothing_is_required(assignments):
    other = f.TeachingAssignmentFactory(class_group=assignments[2].class_group)
    check = hours_check(other, 10)
    assert (check.per_week, check.required, check.difference) == (None, None, None)
