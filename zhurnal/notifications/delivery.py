"""Telling people: in-app rows in bulk, e-mails through the send task, by each user's choices.

Subscribers (zhurnal.notifications.subscribers) build one Draft per recipient and call
`notify`. The actor who made the change is never told of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse

from zhurnal.accounts.models import User
from zhurnal.core import clock
from zhurnal.notifications import email, quiet
from zhurnal.notifications.kinds import default_channels
from zhurnal.notifications.models import EmailDelivery, Notification, NotificationPreference, QuietHours


@dataclass(frozen=True)
class Draft:
    recipient_id: int
    title: str
    body: str = ""
    url: str = ""
    student_id: int | None = None
    # What it is about, when one call tells of several records (a batch of marks): else notify's.
    object_id: int | None = None


def channels_for(user_ids: Iterable[int], kind: str) -> dict[int, tuple[bool, bool]]:
    """(in_app, email) for each user and this kind: their own choice, else the default."""
    ids = list(user_ids)
    chosen = {
        p.user_id: (p.in_app, p.email)
        for p in NotificationPreference.objects.filter(user_id__in=ids, kind=kind)
    }
    return {uid: chosen.get(uid, default_channels(kind)) for uid in ids}


def notify(
    *,
    kind: str,
    drafts: Iterable[Draft],
    school_id: int | None,
    school_name: str,
    object_type: str = "",
    object_id: int | None = None,
    actor_id: int | None = None,
) -> list[Notification]:
    """Create the notifications and queue the e-mails; returns the in-app rows made."""
    unique: dict[tuple[int, int | None], Draft] = {}
    for draft in drafts:
        if draft.recipient_id and draft.recipient_id != actor_id:
            unique.setdefault((draft.recipient_id, draft.student_id), draft)
    if not unique:
        return []
    users = {
        u.pk: u
        for u in User.objects.filter(pk__in={uid for uid, _ in unique}, is_active=True).only(
            "id", "email", "first_name", "last_name", "middle_name", "username"
        )
    }
    channels = channels_for(users, kind)
    rows = [
        Notification(
            recipient_id=d.recipient_id,
            school_id=school_id,
            kind=kind,
            title=d.title[:300],
            body=d.body,
            url=d.url,
            object_type=object_type,
            object_id=d.object_id or object_id,
            student_id=d.student_id,
            actor_id=actor_id,
        )
        for d in unique.values()
        if d.recipient_id in users and channels[d.recipient_id][0]
    ]
    created = Notification.objects.bulk_create(rows)
    by_key = {(n.recipient_id, n.student_id): n for n in created}
    mailed = [d for d in unique.values() if d.recipient_id in users and channels[d.recipient_id][1]]
    mailed = [d for d in mailed if users[d.recipient_id].email]
    if mailed:
        _queue_emails(kind, mailed, users, by_key, school_id, school_name)
    return created


def held_until_for(user_ids: Iterable[int]) -> dict[int, dt.datetime]:
    """For users now in their quiet hours: when those hours end."""
    now = clock.now()
    found = {}
    for window in QuietHours.objects.filter(user_id__in=list(user_ids)):
        until = quiet.quiet_until(window.start, window.end, now)
        if until is not None:
            found[window.user_id] = until
    return found


def queue(deliveries: list[EmailDelivery], *, send: bool = True) -> list[EmailDelivery]:
    """Save the e-mails (held ones with their time) and enqueue the send task for the rest."""
    held = held_until_for({d.recipient_id for d in deliveries})
    for delivery in deliveries:
        if delivery.recipient_id in held:
            delivery.status = EmailDelivery.Status.HELD
            delivery.held_until = held[delivery.recipient_id]
    saved = EmailDelivery.objects.bulk_create(deliveries)
    if send:
        enqueue(saved)
    return saved


def enqueue(deliveries: Iterable[EmailDelivery]) -> None:
    """Hand the queued e-mails to the send task (in-process, or a worker when one is configured)."""
    from zhurnal.notifications.tasks import send_notification_email

    for delivery in deliveries:
        if delivery.status == EmailDelivery.Status.QUEUED:
            send_notification_email.enqueue(delivery.pk)


def _queue_emails(kind, drafts, users, by_key, school_id, school_name) -> None:
    deliveries = []
    for d in drafts:
        user = users[d.recipient_id]
        notification = by_key.get((d.recipient_id, d.student_id))
        # The link opens the notification, so that following it from the e-mail counts as seen.
        url = reverse("notifications:open", args=[notification.pk]) if notification else d.url
        subject, body = email.compose(
            full_name=user.full_name, school_name=school_name, title=d.title, body=d.body, url=url or "/"
        )
        deliveries.append(
            EmailDelivery(
                notification=notification,
                recipient_id=d.recipient_id,
                school_id=school_id,
                kind=kind,
                address=user.email,
                subject=subject,
                body=body,
            )
        )
    queue(deliveries)
