"""Reads about people that several pages and the API share."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from zhurnal.accounts.models import Role
from zhurnal.people.models import Enrollment, Staff, enrolled_between_q


def class_teachers(class_ids: list[int]) -> dict[int, Staff]:
    """Class id → its class teacher's staff card (ids and names), in one query for all the classes.

    A class teacher's name is known to the class's school; callers pass classes the actor sees.
    """
    if not class_ids:
        return {}
    # One teacher may lead several classes; the join gives one row per led class.
    staff = Staff.objects.filter(
        user__grants__role=Role.CLASS_TEACHER, user__grants__class_group_id__in=class_ids
    ).values_list("user__grants__class_group_id", "pk", "user_id", "last_name", "first_name", "middle_name")
    result: dict[int, Staff] = {}
    for class_id, pk, user_id, last, first, middle in staff.order_by("pk"):
        card = Staff(pk=pk, user_id=user_id, last_name=last, first_name=first, middle_name=middle)
        result.setdefault(class_id, card)
    return result


def overlapping_enrollment(student_id: int, start, end, *, exclude_pk: int | None = None):
    """The student's enrolment that overlaps `start`–`end` (an open end: until further notice),
    or None. The database refuses such a pair too (people migration 0002); this names it."""
    far = end if end is not None else dt.date.max
    qs = Enrollment.objects.filter(enrolled_between_q(start, far), student_id=student_id)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.select_related("class_group").order_by("start").first()


def overlap_message(existing) -> str:
    return _(
        "Обучающийся уже зачислен в класс %(cls)s с %(start)s%(end)s: периоды зачислений пересекаются."
    ) % {
        "cls": existing.class_group,
        "start": f"{existing.start:%d.%m.%Y}",
        "end": _(" по %(d)s") % {"d": f"{existing.end:%d.%m.%Y}"} if existing.end else "",
    }
