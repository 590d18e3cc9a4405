"""Notifications made directly, for the pages and the API."""

from zhurnal.notifications.kinds import Kind
from zhurnal.notifications.models import Notification


def notification_for(
    cast, name: str, *, title: str = "Новая отметка 5: Математика", **fields
) -> Notification:
    return Notification.objects.create(
        recipient=cast.user(name),
        school_id=cast.school_a.pk,
        kind=fields.pop("kind", Kind.MARK),
        title=title,
        body=fields.pop("body", "Иванов И., 25 ноября: Контрольная работа."),
        url=fields.pop("url", "/"),
        object_type=fields.pop("object_type", "journal.mark"),
        object_id=fields.pop("object_id", cast.mark_a.pk),
        student_id=fields.pop("student_id", cast.pupil_a.pk),
        actor_id=fields.pop("actor_id", cast.user("classteacher").pk),
        **fields,
    )
