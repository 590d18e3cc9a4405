"""`GET /study-groups`: the cross-class study groups the caller works with (decision 0036)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from zhurnal.api.errors import ErrorOut, ValidationErrorOut, forbidden
from zhurnal.api.schemas import YEAR_PATTERN, SubjectOut
from zhurnal.api.security import request_actor
from zhurnal.core import clock
from zhurnal.people.models import TeachingAssignment
from zhurnal.policy import rules
from zhurnal.policy.actor import STAFF_ROLES
from zhurnal.policy.scopes import journal_assignment_q
from zhurnal.schools.models import StudyGroup

router = Router(tags=["study groups"])


class StudyGroupOut(Schema):
    id: int
    name: str
    grade: int
    year_id: int
    subject: SubjectOut | None = Field(None, description="The group's subject, if one is set.")
    journals: list[int] = Field(..., description="Its teaching assignments (journals) the caller reads.")
    members_today: int = Field(..., description="How many pupils are in the group today.")


@router.get(
    "/study-groups",
    url_name="study_groups",
    response={200: list[StudyGroupOut], 400: ValidationErrorOut, 401: ErrorOut, 403: ErrorOut},
    summary="Cross-class study groups",
)
def study_groups(
    request: HttpRequest,
    year: str | None = Query(
        None,
        pattern=YEAR_PATTERN,
        description="Academic year name, e.g. 2026/2027; by default the year under way.",
    ),
):
    """The administration (system administrator, director, deputy) gets every group of its
    schools; other staff the groups whose journal they read (their own, or — for a class
    teacher — those with their pupils). Families and the authority get 403."""
    actor = request_actor(request)
    if not rules.may_see_staff_area(actor):
        raise forbidden()
    today = clock.today()
    readable = TeachingAssignment.objects.filter(journal_assignment_q(actor), study_group__isnull=False)
    groups = StudyGroup.objects.visible_to(actor).filter(school_id__in=actor.school_ids(*STAFF_ROLES))
    groups = groups.filter(
        Q(school_id__in=rules.study_group_reader_school_ids(actor))
        | Q(pk__in=readable.values("study_group_id"))
    )
    if year:
        groups = groups.filter(year__name=year)
    else:
        groups = groups.filter(year__start__lte=today, year__end__gte=today)
    in_force = Q(memberships__start__lte=today) & (
        Q(memberships__end__isnull=True) | Q(memberships__end__gte=today)
    )
    groups = (
        groups.select_related("subject")
        .annotate(members_today=Count("memberships", filter=in_force))
        .prefetch_related(Prefetch("assignments", queryset=readable.order_by("pk"), to_attr="readable"))
        .order_by("grade", "name", "pk")
    )
    return [
        StudyGroupOut(
            id=g.pk,
            name=g.name,
            grade=g.grade,
            year_id=g.year_id,
            subject=SubjectOut(id=g.subject_id, name=g.subject.name) if g.subject_id else None,
            journals=[a.pk for a in g.readable],
            members_today=g.members_today,
        )
        for g in groups
    ]
