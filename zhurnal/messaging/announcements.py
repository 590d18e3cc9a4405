"""Announcements: publish (administration: the school or a grade's parents; class teacher: their
class) and mark as read. Publishing is audited and announces "announcement.published"."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from zhurnal.core import clock
from zhurnal.core.audit import audit_record, snapshot
from zhurnal.core.errors import Forbidden, InvalidInput
from zhurnal.core.events import publish
from zhurnal.messaging import access
from zhurnal.messaging.models import Announcement, AnnouncementRead
from zhurnal.policy import messaging as policy
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import ClassGroup

TITLE_MAX = 200
BODY_MAX = 10_000
Audience = Announcement.Audience


def _clean_text(title: str | None, body: str | None) -> tuple[str, str]:
    title = " ".join((title or "").split())
    body = (body or "").strip()
    if not title:
        raise InvalidInput(_("Укажите заголовок объявления."), field="title", code="required")
    if len(title) > TITLE_MAX:
        raise InvalidInput(_("Заголовок длиннее %(n)s знаков.") % {"n": TITLE_MAX}, field="title")
    if not body:
        raise InvalidInput(_("Напишите текст объявления."), field="body", code="required")
    if len(body) > BODY_MAX:
        raise InvalidInput(_("Текст длиннее %(n)s знаков.") % {"n": BODY_MAX}, field="body")
    return title, body


def _audience(
    actor: Actor, audience: str, class_group, grade, school_id
) -> tuple[int, ClassGroup | None, int | None]:
    """The school, class and grade of the announcement, as the actor may address them."""
    if audience == Audience.CLASS:
        found = None
        class_id = access.parse_id(class_group.pk if isinstance(class_group, ClassGroup) else class_group)
        if class_id is not None:
            found = ClassGroup.objects.visible_to(actor).filter(pk=class_id).first()
        if found is None:
            raise InvalidInput(_("Выберите класс."), field="class_group")
        if not policy.may_announce_to_class(actor, found):
            raise InvalidInput(
                _("Объявление для класса %(c)s может дать его классный руководитель или администрация.")
                % {"c": found},
                field="class_group",
            )
        return found.school_id, found, None
    if audience not in (Audience.SCHOOL, Audience.GRADE_PARENTS):
        raise InvalidInput(_("Выберите, кому адресовано объявление."), field="audience")
    schools = policy.announcement_school_ids(actor)
    if not schools:
        raise InvalidInput(
            _("Объявления для всей школы и для параллели даёт администрация."), field="audience"
        )
    school_id = access.parse_id(school_id) if school_id not in (None, "") else min(schools)
    if school_id is None or school_id not in schools:
        raise InvalidInput(_("Школа не найдена."), field="school")
    if audience == Audience.SCHOOL:
        return school_id, None, None
    try:
        grade = int(grade)
    except (TypeError, ValueError):
        grade = 0
    if not 1 <= grade <= 11:
        raise InvalidInput(_("Укажите параллель от 1 до 11."), field="grade")
    return school_id, None, grade


def announcement_publish(
    *,
    actor: Actor,
    audience: str,
    title: str,
    body: str,
    class_group=None,
    grade=None,
    school_id=None,
) -> Announcement:
    if not policy.may_publish_announcements(actor):
        raise Forbidden(_("Публиковать объявления могут администрация и классные руководители."))
    title, body = _clean_text(title, body)
    school_id, found_class, grade = _audience(actor, audience, class_group, grade, school_id)
    announcement = Announcement(
        school_id=school_id,
        author=actor.user,
        audience=audience,
        class_group=found_class,
        grade=grade,
        title=title,
        body=body,
        published_at=clock.now(),
    )
    with transaction.atomic():
        announcement.save()
        audit_record(
            actor=actor,
            action="announcement.publish",
            obj=announcement,
            after=snapshot(announcement, ["audience", "class_group", "grade", "title", "body"]),
        )
        publish("announcement.published", announcement_id=announcement.pk)
    return announcement


def announcements_mark_read(*, actor: Actor, announcement_ids) -> int:
    """Record that the actor has seen these announcements (visible to them, not their own); returns how many
    were new. One insert, whatever the number; a repeated view adds nothing (and no audit row).
    """
    ids = list(
        Announcement.objects.visible_to(actor)
        .filter(pk__in=[pk for pk in map(access.parse_id, announcement_ids) if pk is not None])
        .exclude(reads__user_id=actor.user.pk)
        .exclude(author_id=actor.user.pk)
        .values_list("pk", "school_id")
    )
    if not ids:
        return 0
    with transaction.atomic():
        AnnouncementRead.objects.bulk_create(
            [
                AnnouncementRead(announcement_id=pk, school_id=school, user_id=actor.user.pk)
                for pk, school in ids
            ],
            ignore_conflicts=True,
        )
        audit_record(
            actor=actor,
            action="announcement.read",
            object_type="messaging.announcement",
            school_id=ids[0][1],
            after={"announcements": [pk for pk, _school in ids]},
        )
    return len(ids)
