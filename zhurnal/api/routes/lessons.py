"""Lessons and their attendance: create, fill in topic and homework, take attendance.

Writers are the assignment's teacher and a substitute who conducts the lesson. Every rule
(who, which dates, closed periods, codes) is the journal services'; a refusal keeps its status
and code (zhurnal.api.errors). `If-Match` carries the version the client last saw: a stale one
answers 409 with `current`.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Header, Path, Router, Status

from zhurnal.api.cells import attendance_out, change_reason, expected_version, lesson_out
from zhurnal.api.errors import ErrorOut, ServiceErrorOut, ValidationErrorOut
from zhurnal.api.schemas import (
    MAX_ID,
    AttendanceIn,
    AttendanceOut,
    LessonCreateIn,
    LessonOut,
    LessonPatchIn,
    LessonSubstituteIn,
)
from zhurnal.api.security import staff_actor
from zhurnal.journal import services

router = Router(tags=["lessons"])

WRITE_ERRORS = {
    400: ValidationErrorOut | ServiceErrorOut,
    401: ErrorOut,
    403: ServiceErrorOut,
    404: ServiceErrorOut,
    409: ServiceErrorOut,
    422: ServiceErrorOut,
    428: ServiceErrorOut,
}
IF_MATCH = (
    "The version the client last saw; a stale one answers 409 with `current`. Required to change"
    " an existing record: without it the answer is 428 with the current `version`."
)


@router.post(
    "/lessons",
    url_name="lesson_create",
    response={201: LessonOut, 200: LessonOut, **WRITE_ERRORS},
    summary="Create a lesson",
)
def lesson_create(
    request: HttpRequest,
    body: LessonCreateIn,
    idempotency_key: str | None = Header(
        None,
        alias="Idempotency-Key",
        min_length=1,
        max_length=80,
        description="Any unique string (a UUID); a retry with the same key does not duplicate the lesson.",
    ),
):
    """A lesson outside the timetable (the timetable's lessons are generated). Not on a Sunday or
    a holiday, and within the academic year. 201 with the new lesson; 200 with the same lesson
    when the key was already used for it; 422 `idempotency_key_reused` for another body."""
    actor = staff_actor(request)
    fields = body.dict(exclude_unset=True, exclude={"assignment", "date", "slot"})
    lesson, created = services.lesson_create(
        actor=actor,
        assignment_id=body.assignment,
        date=body.date,
        slot=body.slot,
        reason=change_reason(request),
        idempotency_key=idempotency_key,
        **fields,
    )
    return Status(201 if created else 200, lesson_out(lesson))


@router.patch(
    "/lessons/{lesson_id}",
    url_name="lesson_update",
    response={200: LessonOut, **WRITE_ERRORS},
    summary="Change a lesson: topic, type, homework, status",
)
def lesson_update(
    request: HttpRequest,
    body: LessonPatchIn,
    lesson_id: int = Path(..., ge=1, le=MAX_ID),
    if_match: str | None = Header(None, alias="If-Match", description=IF_MATCH),
):
    """Only the fields sent change. `status: cancelled` cancels the lesson (no marks then)."""
    actor = staff_actor(request)
    version = expected_version(if_match)
    lesson = services.lesson_update(
        actor=actor,
        lesson_id=lesson_id,
        changes=body.dict(exclude_unset=True),
        expected_version=version,
        reason=change_reason(request),
    )
    return lesson_out(lesson)


@router.post(
    "/lessons/{lesson_id}/all-present",
    url_name="lesson_all_present",
    response={200: LessonOut, **WRITE_ERRORS},
    summary="Attendance taken: everyone present but the marked",
)
def lesson_all_present(request: HttpRequest, lesson_id: int = Path(..., ge=1, le=MAX_ID)):
    actor = staff_actor(request)
    return lesson_out(
        services.attendance_all_present(actor=actor, lesson_id=lesson_id, reason=change_reason(request))
    )


@router.post(
    "/lessons/{lesson_id}/substitute",
    url_name="lesson_substitute",
    response={200: LessonOut, **WRITE_ERRORS},
    summary="Give a lesson to a substitute teacher",
)
def lesson_substitute(
    request: HttpRequest, body: LessonSubstituteIn, lesson_id: int = Path(..., ge=1, le=MAX_ID)
):
    """The deputy director (or director) names who conducts the lesson; that teacher then sees it
    in their day and fills it. Naming the assignment's own teacher ends the substitution."""
    actor = staff_actor(request)
    lesson = services.lesson_substitute(
        actor=actor, lesson_id=lesson_id, teacher_id=body.teacher, reason=body.reason or ""
    )
    return lesson_out(lesson)


@router.put(
    "/lessons/{lesson_id}/attendance/{student_id}",
    url_name="attendance_set",
    response={200: AttendanceOut, **WRITE_ERRORS},
    summary="Set a pupil's attendance on a lesson",
)
def attendance_set(
    request: HttpRequest,
    body: AttendanceIn,
    lesson_id: int = Path(..., ge=1, le=MAX_ID),
    student_id: int = Path(..., ge=1, le=MAX_ID),
    if_match: str | None = Header(
        None, alias="If-Match", description=IF_MATCH + " 0: the client believes there is none yet."
    ),
):
    """A code of the school's directory; a late arrival (ОП) needs `minutes_late`, 1–45."""
    actor = staff_actor(request)
    version = expected_version(if_match)
    record = services.attendance_set(
        actor=actor,
        lesson_id=lesson_id,
        student_id=student_id,
        code=body.code,
        minutes_late=body.minutes_late,
        expected_version=version,
        reason=change_reason(request),
    )
    return attendance_out(record)


@router.delete(
    "/lessons/{lesson_id}/attendance/{student_id}",
    url_name="attendance_clear",
    response={204: None, **WRITE_ERRORS},
    summary="Clear a pupil's attendance on a lesson",
)
def attendance_clear(
    request: HttpRequest,
    lesson_id: int = Path(..., ge=1, le=MAX_ID),
    student_id: int = Path(..., ge=1, le=MAX_ID),
    if_match: str | None = Header(None, alias="If-Match", description=IF_MATCH),
):
    """The pupil counts as present again. Clearing what is not there is not an error."""
    actor = staff_actor(request)
    version = expected_version(if_match)
    services.attendance_clear(
        actor=actor,
        lesson_id=lesson_id,
        student_id=student_id,
        expected_version=version,
        reason=change_reason(request),
    )
    return Status(204, None)
