"""`GET /assignments`: teaching assignments, for staff only."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from zhurnal.api import selectors
from zhurnal.api.errors import ErrorOut, ValidationErrorOut, forbidden
from zhurnal.api.schemas import YEAR_PATTERN, AssignmentOut, SubjectOut
from zhurnal.api.security import request_actor
from zhurnal.policy.rules import may_see_staff_area

router = Router(tags=["assignments"])


@router.get(
    "/assignments",
    url_name="assignments",
    response={200: list[AssignmentOut], 400: ValidationErrorOut, 401: ErrorOut, 403: ErrorOut},
    summary="Teaching assignments",
)
def assignments(
    request: HttpRequest,
    year: str | None = Query(
        None,
        pattern=YEAR_PATTERN,
        description="Academic year name, e.g. 2026/2027; by default the year under way.",
    ),
):
    """A subject teacher gets their own assignments; a class teacher also those of their class;
    the director, deputy, system administrator and secretary every assignment of their school.
    Parents, pupils and the authority get 403."""
    actor = request_actor(request)
    if not may_see_staff_area(actor):
        raise forbidden()
    return [
        AssignmentOut(
            id=a.pk,
            subject=SubjectOut(id=a.subject_id, name=a.subject.name),
            class_id=a.class_group_id,
            subgroup_id=a.subgroup_id,
            study_group_id=a.study_group_id,
            teacher_id=a.teacher_id,
            grade=a.grade,
        )
        for a in selectors.assignments_for_viewer(actor, year_name=year)
    ]
