"""`GET /journal` (the grid of one journal and period) and the history of one cell.

Staff only: parents, pupils and the authority read the diary, not the journal (403). A journal
the caller may not read answers 404, as a missing one does.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Path, Query, Router

from zhurnal.api.cells import cell_event_out
from zhurnal.api.errors import ErrorOut, ServiceErrorOut, ValidationErrorOut, not_found
from zhurnal.api.schemas import MAX_ID, CellEventOut, JournalOut
from zhurnal.api.security import staff_actor
from zhurnal.core import fastjson
from zhurnal.journal import access, payload, selectors

router = Router(tags=["journal"])


@router.get(
    "/journal",
    url_name="journal",
    response={
        200: JournalOut,
        400: ValidationErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ServiceErrorOut,
    },
    summary="The journal grid: lessons × students",
)
def journal(
    request: HttpRequest,
    assignment: int = Query(..., ge=1, le=MAX_ID, description="The teaching assignment (journal)."),
    period: int | None = Query(
        None, ge=1, le=MAX_ID, description="A study period of the class; by default the current one."
    ),
):
    """Lessons, the roster, marks, attendance and period marks of one period, with the school's
    work types, lesson types and attendance codes. The same data the journal page draws.
    `can_write` tells whether the caller may change it (the assignment's teacher)."""
    actor = staff_actor(request)
    found = access.assignment_for_reader(actor, assignment)
    grid = selectors.journal_grid(found, period, only_student_ids=access.grid_pupils_for(actor, found))
    if period is not None and grid.period is None:
        raise not_found()
    data = payload.grid_payload(
        grid,
        can_write=access.may_write_assignment(actor, found),
        directories=payload.journal_directories(found.school_id),
    )
    # Already plain JSON types: serialised directly, since validating ~2,000 nested rows against
    # the response schema cost more than building them. The schema above still documents it,
    # and tests/api/test_journal_grid.py checks the answer against it.
    return HttpResponse(fastjson.dumps(data), content_type="application/json")


@router.get(
    "/lessons/{lesson_id}/students/{student_id}/history",
    url_name="cell_history",
    response={
        200: list[CellEventOut],
        400: ValidationErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ServiceErrorOut,
    },
    summary="The history of one journal cell",
)
def cell_history(
    request: HttpRequest,
    lesson_id: int = Path(..., ge=1, le=MAX_ID),
    student_id: int = Path(..., ge=1, le=MAX_ID),
):
    """Every change of the marks and attendance of one pupil on one lesson, newest first, with
    who made it and why."""
    actor = staff_actor(request)
    lesson = access.lesson_for_staff_reader(actor, lesson_id)
    events = selectors.cell_history(lesson, student_id)
    names = selectors.actor_names(events)
    return [cell_event_out(event, names) for event in events]
