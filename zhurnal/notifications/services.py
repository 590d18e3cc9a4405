"""Every write of a user here: reading notifications, choosing kinds and channels, quiet hours.

Reading is not audited (it is the read mark itself that staff look at); a change of settings is.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from zhurnal.core import clock
from zhurnal.core.audit import audit_record
from zhurnal.core.errors import InvalidInput, NotFound
from zhurnal.notifications.kinds import Kind
from zhurnal.notifications.models import Notification, NotificationPreference, QuietHours
from zhurnal.notifications.selectors import preferences_of
from zhurnal.policy.actor import Actor


def _own(actor: Actor):
    return Notification.objects.visible_to(actor).filter(recipient_id=actor.user.pk)


def notification_mark_read(*, actor: Actor, notification_id: int) -> Notification:
    """Mark one of the actor's own notifications read (the first time only); 404 for any other."""
    notification = _own(actor).filter(pk=notification_id).first()
    if notification is None:
        raise NotFound(_("Уведомление не найдено."))
    if notification.read_at is None:
        notification.read_at = clock.now()
        _own(actor).filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def notifications_mark_all_read(*, actor: Actor) -> int:
    return _own(actor).filter(read_at__isnull=True).update(read_at=clock.now())


def _settings_snapshot(actor: Actor) -> dict:
    prefs = preferences_of(actor)
    window = QuietHours.objects.visible_to(actor).first()
    return {
        "preferences": {kind: {"in_app": p[0], "email": p[1]} for kind, p in prefs.items()},
        "quiet_hours": [f"{window.start:%H:%M}", f"{window.end:%H:%M}"] if window else None,
        "email": actor.user.email,
    }


def preferences_update(
    *,
    actor: Actor,
    preferences: dict[str, tuple[bool, bool]],
    quiet_start: dt.time | None = None,
    quiet_end: dt.time | None = None,
    email: str | None = None,
) -> dict:
    """Save the actor's choices: (in_app, email) per kind, quiet hours (both or neither), address."""
    unknown = set(preferences) - set(Kind.values)
    if unknown:
        raise InvalidInput(_("Неизвестный вид уведомлений: %(k)s.") % {"k": ", ".join(sorted(unknown))})
    if (quiet_start is None) != (quiet_end is None):
        raise InvalidInput(_("Укажите и начало, и конец тихих часов."), field="quiet_end")
    if quiet_start is not None and quiet_start == quiet_end:
        raise InvalidInput(_("Начало и конец тихих часов совпадают."), field="quiet_end")
    if email:
        email = email.strip()
        try:
            validate_email(email)
        except ValidationError:
            raise InvalidInput(_("Неверный адрес электронной почты."), field="email") from None
    user = actor.user
    with transaction.atomic():
        before = _settings_snapshot(actor)
        for kind, (in_app, by_email) in preferences.items():
            NotificationPreference.objects.update_or_create(
                user=user, kind=kind, defaults={"in_app": bool(in_app), "email": bool(by_email)}
            )
        if quiet_start is None:
            QuietHours.objects.filter(user=user).delete()
        else:
            QuietHours.objects.update_or_create(user=user, defaults={"start": quiet_start, "end": quiet_end})
        if email is not None and email != user.email:
            user.email = email
            user.save(update_fields=["email"])
        after = _settings_snapshot(actor)
        if after != before:
            audit_record(
                actor=actor,
                action="notifications.preferences_update",
                object_type="accounts.user",
                object_id=user.pk,
                school_id=actor.primary_school_id,
                before=before,
                after=after,
            )
    return after
