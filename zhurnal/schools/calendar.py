"""Study weeks of the calendar: plain functions over dates and holidays (no queries).

Planned hours of the curriculum are hours_per_week × study weeks; the КТП work reuses this.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

STUDY_DAYS_PER_WEEK = 5  # the five-day week of ФОП НОО variant 1


def study_days(
    start: dt.date, end: dt.date, holidays, grade: int, *, days_per_week: int = STUDY_DAYS_PER_WEEK
) -> int:
    """Working days (Monday … Friday, or Saturday too with a six-day week) from `start` to `end`
    inclusive that fall in no holiday applying to `grade`. `holidays` are objects with
    start, end, grade_from and grade_to (schools.Holiday rows, or anything shaped like them)."""
    if end < start:
        return 0
    mine = [(h.start, h.end) for h in holidays if h.grade_from <= grade <= h.grade_to]
    count = 0
    day = start
    one = dt.timedelta(days=1)
    while day <= end:
        if day.weekday() < days_per_week and not any(a <= day <= b for a, b in mine):
            count += 1
        day += one
    return count


def study_weeks(
    start: dt.date, end: dt.date, holidays, grade: int, *, days_per_week: int = STUDY_DAYS_PER_WEEK
) -> Decimal:
    """Study weeks from `start` to `end` for `grade`: study days / days per week, to 0.1."""
    days = study_days(start, end, holidays, grade, days_per_week=days_per_week)
    return (Decimal(days) / Decimal(days_per_week)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
