"""Planned hours against the curriculum: hours per week × study weeks of the calendar.

A warning, never a refusal (issue 12): a plan may differ for good reasons (a holiday moved,
lessons given to revision), but the teacher and the deputy must see by how much.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from zhurnal.schools import calendar
from zhurnal.schools.models import CurriculumPlan, Holiday


@dataclass(frozen=True)
class HoursCheck:
    planned: int
    per_week: Decimal | None  # None: the curriculum has no line for this subject and grade
    weeks: Decimal
    required: int | None

    @property
    def difference(self) -> int | None:
        return None if self.required is None else self.planned - self.required

    @property
    def matches(self) -> bool:
        return self.required is not None and self.planned == self.required


def hours_check(assignment, planned: int) -> HoursCheck:
    """Two queries: the curriculum line and the school's holidays in the year."""
    year = assignment.year
    grade = assignment.grade
    per_week = (
        CurriculumPlan.objects.filter(year=year, grade=grade, subject_id=assignment.subject_id)
        .values_list("hours_per_week", flat=True)
        .first()
    )
    holidays = list(
        Holiday.objects.filter(school_id=assignment.school_id, start__lte=year.end, end__gte=year.start)
    )
    weeks = calendar.study_weeks(year.start, year.end, holidays, grade)
    required = None
    if per_week is not None:
        required = int((per_week * weeks).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    return HoursCheck(planned=planned, per_week=per_week, weeks=weeks, required=required)
