"""`GET /students/{id}`: one student the caller may see."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Path, Router

from zhurnal.api import selectors
from zhurnal.api.errors import ErrorOut, ValidationErrorOut, not_found
from zhurnal.api.schemas import MAX_ID, StudentBriefOut
from zhurnal.api.security import request_actor

router = Router(tags=["students"])


@router.get(
    "/students/{student_id}",
    url_name="student",
    response={200: StudentBriefOut, 400: ValidationErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="A student",
)
def student(request: HttpRequest, student_id: int = Path(..., ge=1, le=MAX_ID)):
    """404 for a student the caller may not see, exactly as for one that does not exist."""
    found = selectors.student_for_viewer(request_actor(request), student_id)
    if found is None:
        raise not_found()
    return StudentBriefOut(id=found.pk, full_name=found.full_name, class_id=found.current_class_id)
