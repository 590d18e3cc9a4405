"""`GET /classes` and `GET /classes/{id}/students`: classes and rosters visible to the caller."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Path, Query, Router

from zhurnal.api import selectors
from zhurnal.api.errors import ErrorOut, ValidationErrorOut, not_found
from zhurnal.api.schemas import MAX_ID, YEAR_PATTERN, ClassOut, PersonRefOut, RosterEntryOut
from zhurnal.api.security import request_actor

router = Router(tags=["classes"])


@router.get(
    "/classes",
    url_name="classes",
    response={200: list[ClassOut], 400: ValidationErrorOut, 401: ErrorOut, 403: ErrorOut},
    summary="Classes visible to the caller",
)
def classes(
    request: HttpRequest,
    year: str | None = Query(
        None,
        pattern=YEAR_PATTERN,
        description="Academic year name, e.g. 2026/2027; by default the year under way.",
    ),
):
    """Staff get the classes they teach, lead or administer; a family the classes of its pupils."""
    actor = request_actor(request)
    return [
        ClassOut(
            id=c.pk,
            name=c.name,
            grade=c.grade,
            letter=c.letter,
            year=c.year.name,
            year_id=c.year_id,
            school_id=c.school_id,
            class_teacher=PersonRefOut(id=c.class_teacher.pk, full_name=c.class_teacher.full_name)
            if c.class_teacher
            else None,
        )
        for c in selectors.classes_for_viewer(actor, year_name=year)
    ]


@router.get(
    "/classes/{class_id}/students",
    url_name="class_students",
    response={
        200: list[RosterEntryOut],
        400: ValidationErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
    },
    summary="The roster of a class",
)
def class_students(
    request: HttpRequest,
    class_id: int = Path(..., ge=1, le=MAX_ID),
    whole_year: bool = Query(
        False, description="Every enrolment of the class's year, not only the pupils enrolled today."
    ),
):
    """Only the pupils of the class the caller may see (a parent: their own child). Names and
    enrolment dates only; birth dates and other personal data are in the personal file."""
    actor = request_actor(request)
    class_group = selectors.class_for_viewer(actor, class_id)
    if class_group is None:
        raise not_found()
    return [
        RosterEntryOut(
            id=e.student_id,
            full_name=e.student.full_name,
            last_name=e.student.last_name,
            first_name=e.student.first_name,
            middle_name=e.student.middle_name,
            enrolled_from=e.start,
            enrolled_to=e.end,
        )
        for e in selectors.roster(actor, class_group, whole_year=whole_year)
    ]
