"""Visibility of conversations and announcements, built from the policy's building blocks.

A conversation is seen by its participants only: not even the director reads other people's
letters. An announcement is seen by its audience, by the staff of its school and by its author.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from zhurnal.accounts.models import Role
from zhurnal.core import scoping
from zhurnal.messaging.models import (
    Announcement,
    AnnouncementRead,
    Attachment,
    Message,
    Thread,
    ThreadParticipant,
)
from zhurnal.policy.actor import STAFF_ROLES, Actor
from zhurnal.policy.messaging import current_enrollments, current_family_class_ids
from zhurnal.schools.models import ClassGroup

NOTHING = Q(pk__in=[])


def own_thread_ids(actor: Actor) -> QuerySet:
    if not actor.is_authenticated:
        return ThreadParticipant.objects.none().values("thread_id")
    return ThreadParticipant.objects.filter(user_id=actor.user.pk).values("thread_id")


def _threads(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(pk__in=own_thread_ids(actor))


def _thread_rows(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(thread_id__in=own_thread_ids(actor))


def _attachments(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(message__in=Message.objects.filter(thread_id__in=own_thread_ids(actor)).values("pk"))


def announcement_q(actor: Actor) -> Q:
    if not actor.is_authenticated:
        return NOTHING
    q = Q(author_id=actor.user.pk)
    staff_schools = actor.school_ids(*STAFF_ROLES)
    if staff_schools:
        q |= Q(school_id__in=staff_schools)
    family_schools = actor.school_ids(Role.PARENT, Role.STUDENT)
    if family_schools:
        q |= Q(audience=Announcement.Audience.SCHOOL, school_id__in=family_schools)
    if actor.own_student_ids:
        classes = current_family_class_ids(actor)
        q |= Q(audience=Announcement.Audience.CLASS, class_group_id__in=classes)
    if actor.children_ids:
        children_classes = ClassGroup.objects.filter(
            pk__in=current_enrollments().filter(student_id__in=actor.children_ids).values("class_group_id"),
            grade=OuterRef("grade"),
            school_id=OuterRef("school_id"),
        )
        q |= Q(Exists(children_classes), audience=Announcement.Audience.GRADE_PARENTS)
    return q


def _announcements(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(announcement_q(actor))


def _announcement_reads(qs: QuerySet, actor: Actor) -> QuerySet:
    if not actor.is_authenticated:
        return qs.none()
    return qs.filter(Q(user_id=actor.user.pk) | Q(school_id__in=actor.school_ids(*STAFF_ROLES)))


def register_all() -> None:
    scoping.register(Thread, _threads)
    scoping.register(ThreadParticipant, _thread_rows)
    scoping.register(Message, _thread_rows)
    scoping.register(Attachment, _attachments)
    scoping.register(Announcement, _announcements)
    scoping.register(AnnouncementRead, _announcement_reads)
