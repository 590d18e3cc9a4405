"""Every read of messaging, scoped to the actor and with all its prefetching (STYLE.md 7).

Each function runs a fixed number of queries, whatever the number of threads, messages,
participants or files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, OuterRef, Prefetch, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from zhurnal.accounts.models import User
from zhurnal.core.rawsql import fetch_value
from zhurnal.messaging.models import Announcement, AnnouncementRead, Message, Thread, ThreadParticipant
from zhurnal.policy import messaging as policy
from zhurnal.policy.actor import Actor

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
THREADS_PER_PAGE = 30
ANNOUNCEMENTS_PER_PAGE = 20

GROUP_LABELS = {
    policy.CLASS_TEACHER: _("Классный руководитель"),
    policy.TEACHERS: _("Учителя"),
    policy.ADMINISTRATION: _("Администрация"),
    policy.COLLEAGUES: _("Сотрудники школы"),
    policy.PARENTS: _("Родители"),
    policy.STUDENTS: _("Обучающиеся"),
}


def unread_thread_count(user_id: int) -> int:
    """Conversations with something the user has not read yet, for the navbar on every page: one
    indexed count in plain SQL (core.rawsql), the ORM's query cost more to build than to run."""
    return fetch_value(
        "SELECT COUNT(*) FROM messaging_threadparticipant p"
        " JOIN messaging_thread t ON t.id = p.thread_id"
        " WHERE p.user_id = %s AND (p.last_read_at IS NULL OR p.last_read_at < t.last_message_at)",
        [user_id],
    )


def _with_unread(threads, user_id: int):
    my_read = ThreadParticipant.objects.filter(thread=OuterRef("pk"), user_id=user_id).values("last_read_at")[
        :1
    ]
    unread = (
        Message.objects.filter(thread=OuterRef("pk"), created_at__gt=OuterRef("my_read"))
        .exclude(author_id=user_id)
        .order_by()
        .values("thread")
        .annotate(n=Count("pk"))
        .values("n")
    )
    last_body = (
        Message.objects.filter(thread=OuterRef("pk")).order_by("-created_at", "-pk").values("body")[:1]
    )
    return threads.annotate(
        my_read=Coalesce(Subquery(my_read), Value(EPOCH)),
        unread=Coalesce(Subquery(unread, output_field=IntegerField()), Value(0)),
        last_body=Subquery(last_body),
    )


def inbox(actor: Actor, page_number=1):
    """The actor's conversations, newest first, each with its unread count and participants."""
    threads = _with_unread(Thread.objects.visible_to(actor), actor.user.pk).prefetch_related(
        Prefetch("participants", queryset=ThreadParticipant.objects.select_related("user").order_by("pk"))
    )
    return Paginator(threads.order_by("-last_message_at", "-pk"), THREADS_PER_PAGE).get_page(page_number)


@dataclass
class MessageView:
    message: Message
    mine: bool
    read_by_all: bool | None  # None: not shown to this actor


@dataclass
class ThreadView:
    thread: Thread
    participants: list[ThreadParticipant]
    others: list[ThreadParticipant]
    messages: list[MessageView] = field(default_factory=list)
    shows_receipts: bool = False


def thread_view(actor: Actor, thread: Thread) -> ThreadView:
    """A conversation with its messages, files and, for staff, whether the others have read them."""
    participants = list(ThreadParticipant.objects.filter(thread=thread).select_related("user").order_by("pk"))
    others = [p for p in participants if p.user_id != actor.user.pk]
    receipts = policy.may_see_read_receipts(actor)
    messages = (
        Message.objects.filter(thread=thread)
        .select_related("author")
        .prefetch_related("attachments")
        .order_by("created_at", "pk")
    )
    rows = []
    for message in messages:
        mine = message.author_id == actor.user.pk
        read = None
        if receipts and mine:
            read = bool(others) and all(
                p.last_read_at is not None and p.last_read_at >= message.created_at for p in others
            )
        rows.append(MessageView(message=message, mine=mine, read_by_all=read))
    return ThreadView(thread, participants, others, rows, receipts)


@dataclass
class RecipientGroup:
    code: str
    label: str
    users: list[User]


def recipient_choices(actor: Actor) -> list[RecipientGroup]:
    """The allowed recipients in one query, grouped for the picker (a user shows in one group)."""
    groups = policy.recipient_groups(actor)
    if not groups:
        return []
    whens = [When(q, then=Value(i)) for i, (_code, q) in enumerate(groups)]
    users = (
        policy.allowed_recipients(actor)
        .annotate(group=Case(*whens, default=Value(len(groups)), output_field=IntegerField()))
        .order_by("group", "last_name", "first_name", "pk")
        .only("pk", "username", "last_name", "first_name", "middle_name")
    )
    by_group: dict[int, list[User]] = {}
    for user in users:
        by_group.setdefault(user.group, []).append(user)
    return [
        RecipientGroup(code, str(GROUP_LABELS[code]), by_group[i])
        for i, (code, _q) in enumerate(groups)
        if by_group.get(i)
    ]


def announcements(actor: Actor, page_number=1):
    """Announcements for the actor's audience, newest first, with how many have read each."""
    qs = (
        Announcement.objects.visible_to(actor)
        .select_related("author", "class_group")
        .annotate(read_count=Count("reads"))
        .order_by("-published_at", "-pk")
    )
    if actor.is_staff_member:
        qs = qs.prefetch_related(
            Prefetch("reads", queryset=AnnouncementRead.objects.select_related("user").order_by("created_at"))
        )
    page = Paginator(qs, ANNOUNCEMENTS_PER_PAGE).get_page(page_number)
    for item in page.object_list:
        item.shows_readers = actor.is_staff_member and policy.may_see_announcement_readers(actor, item)
    return page
