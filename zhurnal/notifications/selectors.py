"""Every read of notifications, scoped to the actor (Model.objects.visible_to)."""

from __future__ import annotations

from django.db.models import QuerySet

from zhurnal.core.rawsql import fetch_value
from zhurnal.journal.models import Mark
from zhurnal.notifications.kinds import Kind, default_channels
from zhurnal.notifications.models import Notification, NotificationPreference
from zhurnal.policy.actor import Actor

PAGE_SIZE = 50


def own_notifications(actor: Actor, *, unread_only: bool = False) -> QuerySet:
    qs = Notification.objects.visible_to(actor).filter(recipient_id=actor.user.pk)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def unread_count(actor: Actor) -> int:
    """The bell's number, on every page. Plain SQL (core.rawsql): a user's own notifications are
    always within what they may see, so the scope adds nothing to `recipient = me`; the ORM
    spent more time building the query than the indexed count takes."""
    if actor.user is None:
        return 0
    return fetch_value(
        "SELECT COUNT(*) FROM notifications_notification WHERE recipient_id = %s AND read_at IS NULL",
        [actor.user.pk],
    )


def preferences_of(actor: Actor) -> dict[str, tuple[bool, bool]]:
    """(in_app, email) for every kind: the actor's choice or the default."""
    chosen = {p.kind: (p.in_app, p.email) for p in NotificationPreference.objects.visible_to(actor)}
    return {kind: chosen.get(kind, default_channels(kind)) for kind in Kind.values}


def seen_by(actor: Actor, mark: Mark) -> list[Notification]:
    """Who was told of this mark and whether they have opened it (staff only, scoped)."""
    return list(
        Notification.objects.visible_to(actor)
        .filter(object_type="journal.mark", object_id=mark.pk)
        .select_related("recipient")
        .order_by("created_at", "id")
    )
