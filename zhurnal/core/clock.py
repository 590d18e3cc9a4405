"""Time helpers. All "today" questions go through here, so a demo or a test can fix the date."""

import datetime as dt

from django.conf import settings
from django.utils import timezone


def today() -> dt.date:
    fixed = getattr(settings, "ZHURNAL_TODAY", "")
    if fixed:
        return dt.date.fromisoformat(fixed)
    return timezone.localdate()


def now() -> dt.datetime:
    return timezone.now()


def academic_year_start(day: dt.date) -> int:
    """The calendar year in which the academic year containing `day` began (September start).

    July and August belong to the year just ended: the school still works in its records.
    """
    return day.year if day.month >= 9 else day.year - 1
