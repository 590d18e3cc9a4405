"""Marks and period marks: set, change, remove — each checked, versioned and audited by the
journal services (zhurnal.journal.services).

`POST /marks` is safe to retry with an `Idempotency-Key` header: the first call creates the mark
(201), a retry with the same key answers with that mark (200). `PATCH` and `DELETE` take
`If-Match` with the version the client last saw (required: without it 428 with `version`); a
stale one answers 409 with `current` (`{version, value}`), so a teacher never overwrites a colleague's change unknowingly.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Header, Path, Router, Status

from zhurnal.api.cells import change_reason, expected_version, mark_out, period_mark_out
from zhurnal.api.errors import ErrorOut, ServiceErrorOut, ValidationErrorOut
from zhurnal.api.schemas import MAX_ID, MarkCreateIn, MarkOut, MarkPatchIn, PeriodMarkIn, PeriodMarkOut
from zhurnal.api.security import staff_actor
from zhurnal.journal import services

router = Router(tags=["marks"])

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
    "/marks",
    url_name="mark_create",
    response={201: MarkOut, 200: MarkOut, **WRITE_ERRORS},
    summary="Give a mark",
)
def mark_create(
    request: HttpRequest,
    body: MarkCreateIn,
    idempotency_key: str | None = Header(
        None,
        alias="Idempotency-Key",
        min_length=1,
        max_length=80,
        description="Any unique string (a UUID); a retry with the same key does not duplicate the mark.",
    ),
):
    """201 with the new mark; 200 with the same mark when the key was already used for it. The
    value is checked against the subject's grading mode (none in grade 1)."""
    actor = staff_actor(request)
    mark, created = services.mark_create(
        actor=actor,
        lesson_id=body.lesson,
        student_id=body.student,
        value=body.value,
        work_type_id=body.work_type,
        comment=body.comment or "",
        deferred_until=body.deferred_until,
        idempotency_key=idempotency_key,
        reason=change_reason(request),
    )
    return Status(201 if created else 200, mark_out(mark))


@router.patch(
    "/marks/{mark_id}",
    url_name="mark_update",
    response={200: MarkOut, **WRITE_ERRORS},
    summary="Change a mark",
)
def mark_update(
    request: HttpRequest,
    body: MarkPatchIn,
    mark_id: int = Path(..., ge=1, le=MAX_ID),
    if_match: str | None = Header(None, alias="If-Match", description=IF_MATCH),
):
    """Only the fields sent change; `reason` is kept in the cell's history."""
    actor = staff_actor(request)
    version = expected_version(if_match)
    changes = body.dict(exclude_unset=True)
    reason = change_reason(request, changes.pop("reason", None))
    mark = services.mark_update(
        actor=actor, mark_id=mark_id, expected_version=version, changes=changes, reason=reason
    )
    return mark_out(mark)


@router.delete(
    "/marks/{mark_id}",
    url_name="mark_delete",
    response={204: None, **WRITE_ERRORS},
    summary="Remove a mark",
)
def mark_delete(
    request: HttpRequest,
    mark_id: int = Path(..., ge=1, le=MAX_ID),
    if_match: str | None = Header(None, alias="If-Match", description=IF_MATCH),
):
    actor = staff_actor(request)
    version = expected_version(if_match)
    services.mark_delete(
        actor=actor, mark_id=mark_id, expected_version=version, reason=change_reason(request)
    )
    return Status(204, None)


@router.put(
    "/period-marks",
    url_name="period_mark_set",
    response={200: PeriodMarkOut, **WRITE_ERRORS},
    summary="Set a period (or year, exam, final) mark",
)
def period_mark_set(
    request: HttpRequest,
    body: PeriodMarkIn,
    if_match: str | None = Header(None, alias="If-Match", description=IF_MATCH),
):
    """A mark other than the suggested one (the grid's `suggested`) needs a `reason`."""
    actor = staff_actor(request)
    version = expected_version(if_match)
    record = services.period_mark_set(
        actor=actor,
        assignment_id=body.assignment,
        student_id=body.student,
        period_id=body.period,
        value=body.value,
        kind=body.kind,
        reason=change_reason(request, body.reason),
        expected_version=version,
    )
    return period_mark_out(record)
