"""Who hears about a pupil: their parents (Guardian.user) and the pupil's own login."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.urls import NoReverseMatch, reverse

from zhurnal.people.models import Student, StudentGuardian


def parents_of(student_ids: Iterable[int]) -> dict[int, list[int]]:
    """Each pupil's parents' user ids (those with a login)."""
    found: dict[int, list[int]] = defaultdict(list)
    links = StudentGuardian.objects.filter(student_id__in=list(student_ids), guardian__user__isnull=False)
    for student_id, user_id in links.values_list("student_id", "guardian__user_id"):
        found[student_id].append(user_id)
    return found


def own_users_of(student_ids: Iterable[int]) -> dict[int, int]:
    """Each pupil's own login, for those who have one."""
    rows = Student.objects.filter(pk__in=list(student_ids), user__isnull=False).values_list("pk", "user_id")
    return dict(rows)


def family_of(student_ids: Iterable[int], *, with_pupil: bool = True) -> dict[int, list[int]]:
    """Pupil id → the users told about them: parents, and (unless `with_pupil` is off) the pupil."""
    ids = list(student_ids)
    family = parents_of(ids)
    if with_pupil:
        for student_id, user_id in own_users_of(ids).items():
            family[student_id].append(user_id)
    return family


def diary_url(student_id: int) -> str:
    """Where a parent or a pupil reads about the pupil: the diary when it exists, else home."""
    for name, kwargs in (
        ("diary:week", {"student_id": student_id}),
        ("diary:student", {"student_id": student_id}),
    ):
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return reverse("web:home")
