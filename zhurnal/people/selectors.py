"""Reads about people that several pages and the API share."""

from __future__ import annotations

from zhurnal.accounts.models import Role
from zhurnal.people.models import Staff


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
