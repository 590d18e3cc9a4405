"""Messages and announcements reach the bell and e-mail.

Notifications sits above messaging (docs/architecture.md): it reads messaging's models here;
messaging only publishes its events and never imports notifications.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from zhurnal.accounts.models import RoleGrant
from zhurnal.core import clock, names
from zhurnal.messaging.models import Announcement, Message, ThreadParticipant
from zhurnal.notifications.delivery import Draft, notify
from zhurnal.notifications.kinds import Kind
from zhurnal.notifications.recipients import family_of
from zhurnal.people.models import Enrollment, enrolled_between_q
from zhurnal.schools.models import School


def _school_name(school_id: int | None) -> str:
    school = School.objects.filter(pk=school_id).only("short_name").first() if school_id else None
    return school.short_name if school else ""


def _short(text: str, limit: int = 500) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def on_message_created(event: str, payload: dict[str, Any]) -> None:
    """A new message: every other participant of the thread."""
    message = Message.objects.select_related("thread", "author").filter(pk=payload["message_id"]).first()
    if message is None:
        return
    thread = message.thread
    recipients = ThreadParticipant.objects.filter(thread=thread).exclude(user_id=message.author_id)
    author = message.author
    # «от Соколовой Виктории Михайловны»: the sender in the genitive, after «от».
    who = (
        names.full_name_genitive(author.last_name, author.first_name, author.middle_name) or author.username
        if author
        else _("пользователя")
    )
    title = _("Новое сообщение от %(who)s") % {"who": who}
    body = _("Тема: %(subject)s") % {"subject": thread.subject}
    url = reverse("messaging:thread", args=[thread.pk])
    notify(
        kind=Kind.MESSAGE,
        drafts=[Draft(uid, title, body, url) for uid in recipients.values_list("user_id", flat=True)],
        school_id=thread.school_id,
        school_name=_school_name(thread.school_id),
        object_type="messaging.message",
        object_id=message.pk,
        actor_id=message.author_id,
    )


def _enrolled_today():
    today = clock.today()
    return Enrollment.objects.filter(enrolled_between_q(today, today))


def audience_user_ids(announcement) -> set[int]:
    """The school: everyone holding a role there; a class: its pupils and their parents;
    a grade: the parents of its pupils. Pupils and parents as enrolled today."""
    audience = announcement.audience
    if audience == "school":
        grants = RoleGrant.objects.filter(school_id=announcement.school_id)
        return set(grants.values_list("user_id", flat=True))
    enrolled = _enrolled_today().filter(school_id=announcement.school_id)
    if audience == "class":
        enrolled = enrolled.filter(class_group_id=announcement.class_group_id)
    else:
        enrolled = enrolled.filter(class_group__grade=announcement.grade)
    student_ids = list(enrolled.values_list("student_id", flat=True))
    family = family_of(student_ids, with_pupil=audience == "class")
    return {uid for users in family.values() for uid in users}


def on_announcement_published(event: str, payload: dict[str, Any]) -> None:
    announcement = Announcement.objects.filter(pk=payload["announcement_id"]).first()
    if announcement is None:
        return
    title = _("Объявление: %(title)s") % {"title": announcement.title}
    url = reverse("messaging:announcements")
    notify(
        kind=Kind.ANNOUNCEMENT,
        drafts=[Draft(uid, title, _short(announcement.body), url) for uid in audience_user_ids(announcement)],
        school_id=announcement.school_id,
        school_name=_school_name(announcement.school_id),
        object_type="messaging.announcement",
        object_id=announcement.pk,
        actor_id=announcement.author_id,
    )
