"""Who sees which notification rows (registered in NotificationsConfig.ready()).

A user sees their own notifications, choices and e-mails. Staff also see the notifications their
own changes caused (has the parent seen the mark I gave?), and the director and the deputy those
of their school, so that "has the parent seen it" can be answered for any mark they read.
"""

from django.db.models import Q, QuerySet

from zhurnal.accounts.models import Role
from zhurnal.core import scoping
from zhurnal.notifications.models import (
    DigestSent,
    EmailDelivery,
    Notification,
    NotificationPreference,
    QuietHours,
)
from zhurnal.policy.actor import SCHOOL_WIDE_JOURNAL_READERS, Actor

NOTHING = Q(pk__in=[])


def notification_q(actor: Actor, prefix: str = "") -> Q:
    if actor.user is None:
        return NOTHING
    q = Q(**{f"{prefix}recipient_id": actor.user.pk})
    if actor.is_staff_member:
        q |= Q(**{f"{prefix}actor_id": actor.user.pk})
        readers = actor.school_ids(*SCHOOL_WIDE_JOURNAL_READERS)
        if readers:
            q |= Q(**{f"{prefix}school_id__in": readers})
    return q


def _notifications(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(notification_q(actor))


def _own(qs: QuerySet, actor: Actor) -> QuerySet:
    if actor.user is None:
        return qs.none()
    return qs.filter(user_id=actor.user.pk)


def _deliveries(qs: QuerySet, actor: Actor) -> QuerySet:
    if actor.user is None:
        return qs.none()
    return qs.filter(
        Q(recipient_id=actor.user.pk)
        | Q(notification__in=Notification.objects.filter(notification_q(actor)).values("pk"))
    )


def _digests(qs: QuerySet, actor: Actor) -> QuerySet:
    if actor.user is None:
        return qs.none()
    readers = actor.school_ids(Role.DIRECTOR, Role.DEPUTY)
    return qs.filter(Q(recipient_id=actor.user.pk) | Q(delivery__school_id__in=readers))


def register_all() -> None:
    scoping.register(Notification, _notifications)
    scoping.register(NotificationPreference, _own)
    scoping.register(QuietHours, _own)
    scoping.register(EmailDelivery, _deliveries)
    scoping.register(DigestSent, _digests)
