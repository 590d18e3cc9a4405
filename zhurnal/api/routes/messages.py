"""`GET`/`POST /messages` and `GET /messages/{thread_id}`: conversations within the policy's
allowed-recipient rules (zhurnal.policy.messaging).

The list is paginated: `{"items": [...], "count", "page", "pages"}`, newest first. Reading a
conversation through `GET /messages/{thread_id}` marks it read, as opening it on the site does.
Files are attached on the site; the API lists them with their download address.

A participant's `last_read_at` is a read receipt: like the site's "прочитано", it is given to
staff only (policy `may_see_read_receipts`); parents and pupils get null for everyone.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Path, Query, Router, Schema, Status

from zhurnal.api.errors import ErrorOut, ServiceErrorOut, ValidationErrorOut
from zhurnal.api.schemas import MAX_ID, Integer
from zhurnal.api.security import request_actor
from zhurnal.messaging import access, selectors, services
from zhurnal.policy import messaging as policy

router = Router(tags=["messages"])

READ_ERRORS = {
    400: ServiceErrorOut | ValidationErrorOut,
    401: ErrorOut,
    403: ServiceErrorOut,
    404: ServiceErrorOut,
}


class ParticipantOut(Schema):
    id: int = Field(description="The user's id (use it as a recipient).")
    full_name: str
    last_read_at: dt.datetime | None = Field(
        description="When they last read the conversation; null if not yet, and always null "
        "unless the caller is staff (read receipts are shown to staff only)."
    )


class AttachmentOut(Schema):
    id: int
    name: str
    size: int
    content_type: str
    url: str = Field(description="Download address; answers only to the conversation's participants.")


class MessageOut(Schema):
    id: int
    thread: int = Field(description="The conversation's id.")
    author_id: int | None
    author: str
    body: str
    created_at: dt.datetime
    attachments: list[AttachmentOut]


class ThreadOut(Schema):
    id: int
    subject: str
    last_message_at: dt.datetime
    unread: int = Field(description="Messages of others the caller has not read yet.")
    last_message: str | None
    participants: list[ParticipantOut]


class ThreadPageOut(Schema):
    items: list[ThreadOut]
    count: int
    page: int
    pages: int


class ThreadDetailOut(Schema):
    id: int
    subject: str
    participants: list[ParticipantOut]
    messages: list[MessageOut]


class MessageIn(Schema):
    recipients: list[Integer] = Field(
        default_factory=list, description="User ids; for a new conversation (ignored with `thread`)."
    )
    subject: str = Field("", max_length=200, description="For a new conversation.")
    body: str = Field(..., min_length=1, max_length=10_000)
    thread: Integer | None = Field(None, ge=1, le=MAX_ID, description="Reply in this conversation.")


def _participant(p, receipts: bool) -> ParticipantOut:
    """`receipts`: whether the caller may see when others read (policy.may_see_read_receipts)."""
    return ParticipantOut(
        id=p.user_id, full_name=p.user.full_name, last_read_at=p.last_read_at if receipts else None
    )


def _message(message) -> MessageOut:
    return MessageOut(
        id=message.pk,
        thread=message.thread_id,
        author_id=message.author_id,
        author=message.author.full_name if message.author else "",
        body=message.body,
        created_at=message.created_at,
        attachments=[
            AttachmentOut(
                id=a.pk,
                name=a.original_name,
                size=a.size,
                content_type=a.content_type,
                url=reverse("messaging:attachment", args=[a.pk]),
            )
            for a in message.attachments.all()
        ],
    )


@router.get(
    "/messages",
    url_name="messages",
    response={200: ThreadPageOut, **READ_ERRORS},
    summary="The caller's conversations with unread counts",
)
def thread_list(request: HttpRequest, page: int = Query(1, ge=1, le=100_000)):
    actor = request_actor(request)
    access.require_messaging(actor)
    found = selectors.inbox(actor, page)
    receipts = policy.may_see_read_receipts(actor)
    return ThreadPageOut(
        items=[
            ThreadOut(
                id=t.pk,
                subject=t.subject,
                last_message_at=t.last_message_at,
                unread=t.unread,
                last_message=t.last_body,
                participants=[_participant(p, receipts) for p in t.participants.all()],
            )
            for t in found.object_list
        ],
        count=found.paginator.count,
        page=found.number,
        pages=found.paginator.num_pages,
    )


@router.post(
    "/messages",
    url_name="message_post",
    response={201: MessageOut, **READ_ERRORS},
    summary="Write: a new conversation, or a reply with `thread`",
)
def message_post(request: HttpRequest, payload: MessageIn):
    """400 names a recipient the caller may not write to; 404 for a conversation not theirs."""
    actor = request_actor(request)
    if payload.thread is not None:
        message = services.message_post(actor=actor, thread=payload.thread, body=payload.body)
    else:
        message = services.thread_start(
            actor=actor, recipients=payload.recipients, subject=payload.subject, body=payload.body
        )
    message.author = actor.user
    return Status(201, _message(message))


@router.get(
    "/messages/{thread_id}",
    url_name="message_thread",
    response={200: ThreadDetailOut, **READ_ERRORS},
    summary="A conversation with its messages (marks it read)",
)
def thread_detail(request: HttpRequest, thread_id: int = Path(..., ge=1, le=MAX_ID)):
    actor = request_actor(request)
    thread = access.thread_for_participant(actor, thread_id)
    services.thread_mark_read(actor=actor, thread=thread)
    view = selectors.thread_view(actor, thread)
    return ThreadDetailOut(
        id=thread.pk,
        subject=thread.subject,
        participants=[_participant(p, view.shows_receipts) for p in view.participants],
        messages=[_message(row.message) for row in view.messages],
    )
