"""Every write of messaging: start a conversation, post, mark read, write to a class's parents.

Each service checks the policy (zhurnal.policy.messaging), validates, writes in one
transaction with its audit row, and publishes "message.created" (delivered after commit). The
audit keeps who wrote to whom and when, not the text: correspondence is not for the log.
Announcements are in announcements.py.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from zhurnal.accounts.models import RoleGrant, User
from zhurnal.core import clock
from zhurnal.core.audit import audit_record
from zhurnal.core.errors import InvalidInput
from zhurnal.core.events import publish
from zhurnal.messaging import access, attachments
from zhurnal.messaging.models import Attachment, Message, Thread, ThreadParticipant
from zhurnal.people.models import StudentGuardian
from zhurnal.policy import messaging as policy
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import ClassGroup

SUBJECT_MAX = 200
BODY_MAX = 10_000


def clean_subject(subject: str | None) -> str:
    subject = " ".join((subject or "").split())
    if not subject:
        raise InvalidInput(_("Укажите тему."), field="subject", code="required")
    if len(subject) > SUBJECT_MAX:
        raise InvalidInput(_("Тема длиннее %(n)s знаков.") % {"n": SUBJECT_MAX}, field="subject")
    return subject


def clean_body(body: str | None) -> str:
    body = (body or "").strip()
    if not body:
        raise InvalidInput(_("Напишите текст сообщения."), field="body", code="required")
    if len(body) > BODY_MAX:
        raise InvalidInput(_("Текст длиннее %(n)s знаков.") % {"n": BODY_MAX}, field="body")
    return body


def _recipient_ids(recipients: Iterable) -> list[int]:
    ids: list[int] = []
    for recipient in recipients or ():
        value = recipient.pk if isinstance(recipient, User) else recipient
        number = access.parse_id(value)
        if number is None:
            shown = str(value)[:40]  # the refused input, shortened: it may be anything
            raise InvalidInput(_("Получатель «%(r)s» указан неверно.") % {"r": shown}, field="recipients")
        if number not in ids:
            ids.append(number)
    if not ids:
        raise InvalidInput(_("Выберите хотя бы одного получателя."), field="recipients", code="required")
    return ids


def check_recipients(actor: Actor, recipients: Iterable) -> list[int]:
    """The recipients' ids, all allowed by the policy; else a message naming the first refused.

    A refused recipient is named by their number, not their name: a name would tell a parent
    who is behind any number they try.
    """
    ids = _recipient_ids(recipients)
    allowed = set(policy.allowed_recipients(actor).filter(pk__in=ids).values_list("pk", flat=True))
    refused = [i for i in ids if i not in allowed]
    if refused:
        raise InvalidInput(
            _(
                "Получателю №%(id)s написать нельзя: можно писать классному руководителю, "
                "учителям и администрации, а сотрудникам — коллегам и семьям своих учеников."
            )
            % {"id": refused[0]},
            field="recipients",
            code="recipient_not_allowed",
            data={"recipients": refused},
        )
    return ids


def _thread_school(actor: Actor, recipient_ids: list[int]) -> int:
    shared = (
        RoleGrant.objects.filter(user_id__in=recipient_ids, school_id__in=actor.member_school_ids)
        .order_by("school_id")
        .values_list("school_id", flat=True)
        .first()
    )
    return shared or actor.primary_school_id


def _add_message(actor: Actor, thread: Thread, body: str, checked: list) -> Message:
    """Inside a transaction: the message, its files, the thread's clock and the author's read mark."""
    now = clock.now()
    message = Message.objects.create(school_id=thread.school_id, thread=thread, author=actor.user, body=body)
    saved: list[str] = []
    try:
        for item in checked:
            name = attachments.store(item, thread.school_id)
            saved.append(name)
            Attachment.objects.create(
                school_id=thread.school_id,
                message=message,
                file=name,
                original_name=item.original_name,
                size=item.size,
                content_type=item.content_type,
            )
    except Exception:
        for name in saved:
            default_storage.delete(name)
        raise
    Thread.objects.filter(pk=thread.pk).update(last_message_at=now, updated_at=now)
    thread.last_message_at = now
    ThreadParticipant.objects.filter(thread=thread, user=actor.user).update(last_read_at=now)
    publish("message.created", message_id=message.pk)
    return message


def _start(actor: Actor, recipient_ids: list[int], subject: str, body: str, checked: list, school_id: int):
    thread = Thread.objects.create(
        school_id=school_id, subject=subject, created_by=actor.user, last_message_at=clock.now()
    )
    ThreadParticipant.objects.bulk_create(
        [ThreadParticipant(school_id=school_id, thread=thread, user=actor.user)]
        + [ThreadParticipant(school_id=school_id, thread=thread, user_id=uid) for uid in recipient_ids]
    )
    message = _add_message(actor, thread, body, checked)
    return thread, message


def thread_start(*, actor: Actor, recipients: Iterable, subject: str, body: str, attachments=()) -> Message:
    """A new conversation with allowed recipients; returns its first message (with `.thread`)."""
    access.require_messaging(actor)
    subject = clean_subject(subject)
    body = clean_body(body)
    ids = check_recipients(actor, recipients)
    checked = _checked(attachments)
    with transaction.atomic():
        thread, message = _start(actor, ids, subject, body, checked, _thread_school(actor, ids))
        audit_record(
            actor=actor,
            action="message.thread_start",
            obj=thread,
            after={"subject": subject, "recipients": ids, "message": message.pk, "attachments": len(checked)},
        )
    return message


def message_post(*, actor: Actor, thread, body: str, attachments=()) -> Message:
    """A reply in a conversation the actor takes part in (an outsider gets 404)."""
    thread = access.thread_for_participant(actor, thread)
    body = clean_body(body)
    checked = _checked(attachments)
    with transaction.atomic():
        message = _add_message(actor, thread, body, checked)
        audit_record(
            actor=actor,
            action="message.post",
            obj=message,
            after={"thread": thread.pk, "attachments": len(checked)},
        )
    return message


def thread_mark_read(*, actor: Actor, thread) -> bool:
    """Mark everything in the conversation read for the actor; True when something was unread.

    Audited only when the state changes, so re-opening a read conversation writes nothing.
    """
    thread = access.thread_for_participant(actor, thread)
    now = clock.now()
    with transaction.atomic():
        changed = (
            ThreadParticipant.objects.filter(thread=thread, user_id=actor.user.pk)
            .filter(Q(last_read_at__isnull=True) | Q(last_read_at__lt=thread.last_message_at))
            .update(last_read_at=now)
        )
        if changed:
            audit_record(actor=actor, action="message.read", obj=thread, after={"read_at": now.isoformat()})
    return bool(changed)


def class_parents_broadcast(
    *, actor: Actor, class_group, subject: str, body: str, attachments=()
) -> list[Thread]:
    """The class teacher writes to all parents of the class at once.

    One conversation per family (the guardians of one pupil; a parent of twins gets one), so
    that no parent sees another family's names or replies.
    """
    class_group: ClassGroup = access.class_for_broadcast(actor, class_group)
    subject = clean_subject(subject)
    body = clean_body(body)
    checked = _checked(attachments)
    families = _families(class_group)
    if not families:
        raise InvalidInput(_("У обучающихся класса нет родителей с доступом к журналу."), field="class_group")
    allowed = set(policy.allowed_recipients(actor).values_list("pk", flat=True))
    threads: list[Thread] = []
    with transaction.atomic():
        for family in families:
            ids = [uid for uid in family if uid in allowed]
            if ids:
                thread, _message = _start(actor, ids, subject, body, checked, class_group.school_id)
                threads.append(thread)
        audit_record(
            actor=actor,
            action="message.class_broadcast",
            obj=class_group,
            after={"subject": subject, "threads": [t.pk for t in threads], "attachments": len(checked)},
        )
    return threads


def _families(class_group: ClassGroup) -> list[tuple[int, ...]]:
    pupils = policy.current_enrollments().filter(class_group=class_group).values("student_id")
    links = (
        StudentGuardian.objects.filter(student_id__in=pupils, guardian__user__isnull=False)
        .order_by("student_id", "guardian__user_id")
        .values_list("student_id", "guardian__user_id")
    )
    by_pupil: dict[int, list[int]] = {}
    for student_id, user_id in links:
        by_pupil.setdefault(student_id, []).append(user_id)
    return list(dict.fromkeys(tuple(users) for users in by_pupil.values()))


def _checked(files) -> list:
    return attachments.check_files(files)
