"""`POST /journal/cells`: many cell changes (marks, attendance) in one request and transaction.

Each item is one op of the single-cell routes — `mark.create`, `mark.update`, `mark.delete`,
`attendance.set`, `attendance.clear` — checked, versioned and audited by the same journal
services (zhurnal.journal.services.cells_save). The answer lists each item's outcome in the order
sent; one stale or forbidden cell does not refuse the others. A malformed body, or more than 200
items, answers 400 and changes nothing. With an `Idempotency-Key` header a retry of a batch that
landed answers the same results and writes nothing twice.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from ninja import Header, Router

from zhurnal.api.cells import attendance_json, mark_json
from zhurnal.api.errors import ErrorOut, ServiceErrorOut, ValidationErrorOut
from zhurnal.api.schemas import CellsIn, CellsOut
from zhurnal.api.security import staff_actor
from zhurnal.journal import services
from zhurnal.journal.models import Mark

router = Router(tags=["journal"])


# Every key of CellResultOut, so an answer has them all (those stored before had the first four).
_EMPTY = dict.fromkeys(("record", "version", "detail", "code", "field", "current"))


def _result(outcome: services.CellOutcome) -> dict:
    result: dict = {"status": outcome.status, "op": outcome.op, **_EMPTY}
    if outcome.error is not None:
        error = outcome.error
        result.update(detail=error.message, code=error.code)
        if error.field:
            result["field"] = error.field
        if error.data is not None:
            result["current"] = error.data
            result["version"] = error.data.get("version")
        return result
    if outcome.record is not None:
        record = outcome.record
        result["record"] = mark_json(record) if isinstance(record, Mark) else attendance_json(record)
        result["version"] = outcome.record.version
    return result


def _results(outcomes: list[services.CellOutcome]) -> list[dict]:
    return [_result(outcome) for outcome in outcomes]


@router.post(
    "/journal/cells",
    url_name="journal_cells",
    response={
        200: CellsOut,
        400: ValidationErrorOut | ServiceErrorOut,
        401: ErrorOut,
        403: ServiceErrorOut,
        409: ServiceErrorOut,
        422: ServiceErrorOut,
    },
    summary="Save many journal cells at once",
)
def journal_cells(
    request: HttpRequest,
    body: CellsIn,
    idempotency_key: str | None = Header(
        None,
        alias="Idempotency-Key",
        min_length=1,
        max_length=80,
        description="Any unique string (a UUID) for this batch: a retry answers the same results.",
    ),
):
    """200 with `results`, one per item in the order sent, each with its own status: 201 (a mark
    made), 200 (changed, removed, or a mark whose `idempotency_key` was already used for it), or
    the item's refusal — 403, 404, 409 (`current`), 422, 428 — in the single routes' shape."""
    actor = staff_actor(request)
    changes = [
        services.CellChange(op=item.op, fields=item.dict(exclude={"op"}, exclude_unset=True))
        for item in body.items
    ]
    results, _replayed = services.cells_save(
        actor=actor, changes=changes, render=_results, idempotency_key=idempotency_key
    )
    # The results are JSON already, written by `_result` in CellsOut's shape (a test holds them
    # to it): sent as they are, not validated again field by field (for 200 items, ~2 ms).
    return JsonResponse({"results": [_EMPTY | result for result in results]})
