"""The class events journal's writes: the class teacher records and deletes, the administration
may correct. Deletion is soft; every change is audited."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhurnal.community import access
from zhurnal.community.models import ClassEvent
from zhurnal.core import clock
from zhurnal.core.audit import audit_record, snapshot
from zhurnal.core.errors import InvalidInput
from zhurnal.policy.actor import Actor

EDITABLE = ("date", "time", "title", "kind", "place", "description", "participants")
AUDITED = [*EDITABLE, "deleted_at"]
LIMITS = {"title": 200, "place": 200, "participants": 500, "description": 5000}
LABELS = {
    "title": gettext_lazy("Название"),
    "place": gettext_lazy("Место"),
    "participants": gettext_lazy("Участники"),
    "description": gettext_lazy("Описание"),
}


def _snapshot(event: ClassEvent) -> dict:
    """The audit picture; the core writer knows dates, not times of day."""
    data = snapshot(event, AUDITED)
    if isinstance(data.get("time"), dt.time):
        data["time"] = data["time"].isoformat(timespec="minutes")
    return data


def _clean(fields: dict) -> dict:
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise InvalidInput(
            _("Нельзя изменить поле: %(f)s.") % {"f": ", ".join(sorted(unknown))}, field=min(unknown)
        )
    clean: dict = {}
    for name in ("title", "place", "participants", "description"):
        if name in fields:
            value = (fields[name] or "").strip()
            if len(value) > LIMITS[name]:
                raise InvalidInput(
                    _("Поле «%(f)s» длиннее %(n)s знаков.") % {"f": LABELS[name], "n": LIMITS[name]},
                    field=name,
                )
            clean[name] = value
    if "title" in clean and not clean["title"]:
        raise InvalidInput(_("Укажите название мероприятия."), field="title")
    if "date" in fields:
        if not isinstance(fields["date"], dt.date):
            raise InvalidInput(_("Укажите дату мероприятия."), field="date")
        clean["date"] = fields["date"]
    if "time" in fields:
        if fields["time"] is not None and not isinstance(fields["time"], dt.time):
            raise InvalidInput(_("Время указано неверно."), field="time")
        clean["time"] = fields["time"]
    if "kind" in fields:
        if fields["kind"] not in ClassEvent.Kind.values:
            raise InvalidInput(_("Выберите вид мероприятия из списка."), field="kind")
        clean["kind"] = fields["kind"]
    return clean


def class_event_create(*, actor: Actor, class_id, **fields) -> ClassEvent:
    class_group = access.class_for_event_keeper(actor, class_id)
    clean = _clean(fields)
    if "title" not in clean:
        raise InvalidInput(_("Укажите название мероприятия."), field="title")
    if "date" not in clean:
        raise InvalidInput(_("Укажите дату мероприятия."), field="date")
    event = ClassEvent(
        school_id=class_group.school_id, class_group=class_group, created_by=actor.user, **clean
    )
    with transaction.atomic():
        event.save()
        audit_record(actor=actor, action="class_event.create", obj=event, after=_snapshot(event))
    return event


def class_event_update(*, actor: Actor, class_id, event_id, **fields) -> ClassEvent:
    event = access.event_for_editor(actor, class_id, event_id)
    clean = _clean(fields)
    with transaction.atomic():
        event = ClassEvent.objects.select_for_update().get(pk=event.pk)
        before = _snapshot(event)
        for name, value in clean.items():
            setattr(event, name, value)
        event.save(update_fields=[*clean, "updated_at"])
        audit_record(
            actor=actor, action="class_event.update", obj=event, before=before, after=_snapshot(event)
        )
    return event


def class_event_delete(*, actor: Actor, class_id, event_id, reason="") -> ClassEvent:
    event = access.event_for_keeper(actor, class_id, event_id)
    with transaction.atomic():
        event = ClassEvent.objects.select_for_update().get(pk=event.pk)
        before = _snapshot(event)
        event.deleted_at = clock.now()
        event.deleted_by = actor.user
        event.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
        audit_record(
            actor=actor,
            action="class_event.delete",
            obj=event,
            before=before,
            after=_snapshot(event),
            reason=(reason or "").strip()[:500],
        )
    return event
