"""`GET /notifications` (the caller's own, newest first, with the unread count) and
`POST /notifications/{id}/read`. Anyone signed in; another user's notification is a 404."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema

from zhurnal.api.errors import ErrorOut, ServiceErrorOut, ValidationErrorOut
from zhurnal.api.schemas import MAX_ID
from zhurnal.api.security import request_actor
from zhurnal.notifications import selectors, services

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    student_id: int | None
    created_at: dt.datetime
    read_at: dt.datetime | None


class NotificationListOut(Schema):
    items: list[NotificationOut]
    unread: int


class ListQuery(Schema):
    unread: bool = False
    limit: int = 50


def _out(n) -> NotificationOut:
    return NotificationOut(
        id=n.pk,
        kind=n.kind,
        title=n.title,
        body=n.body,
        url=n.url,
        student_id=n.student_id,
        created_at=n.created_at,
        read_at=n.read_at,
    )


@router.get(
    "/notifications",
    url_name="notifications",
    response={200: NotificationListOut, 400: ValidationErrorOut, 401: ErrorOut, 403: ErrorOut},
    summary="The caller's notifications",
)
def notification_list(request: HttpRequest, filters: Query[ListQuery]):
    """Newest first, at most `limit` (1–200); `?unread=1` for the unread only."""
    actor = request_actor(request)
    limit = max(1, min(filters.limit, 200))
    rows = selectors.own_notifications(actor, unread_only=filters.unread)[:limit]
    return NotificationListOut(items=[_out(n) for n in rows], unread=selectors.unread_count(actor))


@router.post(
    "/notifications/{notification_id}/read",
    url_name="notification_read",
    response={
        200: NotificationOut,
        400: ValidationErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ServiceErrorOut,
    },
    summary="Mark a notification read",
)
def notification_read(request: HttpRequest, notification_id: int = Path(..., ge=1, le=MAX_ID)):
    actor = request_actor(request)
    return _out(services.notification_mark_read(actor=actor, notification_id=notification_id))
