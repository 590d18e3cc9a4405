"""Visibility of the forum's and the class events journal's rows, built from the policy's helpers.

A class section is seen by the class's staff (its class teacher and teachers), its parents, its
pupils where the school allows them on the forum, and the school's administration; the school
section by every member of the school (pupils again only where allowed). Class events are read by
the class teacher, the administration and the class's families. Soft-deleted topics and events
are seen by nobody.
"""

from django.db.models import Q, QuerySet

from zhurnal.community.models import ClassEvent, ForumPost, ForumSection, ForumTopic, SchoolForumSettings
from zhurnal.core import scoping
from zhurnal.people.models import Enrollment
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor
from zhurnal.policy.scopes import directory_q, family_class_ids, taught_assignments
from zhurnal.schools.models import ClassGroup

NOTHING = Q(pk__in=[])


def _any(*conditions: Q | None) -> Q:
    result = NOTHING
    for condition in conditions:
        if condition is not None:
            result |= condition
    return result


def pupils_allowed_school_ids(actor: Actor) -> QuerySet | None:
    """The actor's schools (as a pupil) that open the forum to pupils; None if not a pupil."""
    schools = rules.forum_pupil_school_ids(actor)
    if not schools:
        return None
    return SchoolForumSettings.objects.filter(school_id__in=schools, allow_students=True).values("school_id")


def forum_class_q(actor: Actor) -> Q:
    """Classes (ClassGroup rows) whose forum section the actor may read and write in."""
    allowed = pupils_allowed_school_ids(actor)
    own_class = None
    if allowed is not None and actor.student_ids:
        own_class = Q(
            pk__in=Enrollment.objects.filter(student_id__in=actor.student_ids, school_id__in=allowed).values(
                "class_group_id"
            )
        )
    return _any(
        Q(school_id__in=rules.community_admin_school_ids(actor)),
        Q(pk__in=actor.led_class_ids) if actor.led_class_ids else None,
        Q(pk__in=taught_assignments(actor).values("class_group_id")) if actor.staff_ids else None,
        Q(pk__in=Enrollment.objects.filter(student_id__in=actor.children_ids).values("class_group_id"))
        if actor.children_ids
        else None,
        own_class,
    )


def forum_section_q(actor: Actor) -> Q:
    allowed = pupils_allowed_school_ids(actor)
    school_wide = Q(class_group__isnull=True) & _any(
        Q(school_id__in=rules.forum_member_school_ids(actor)),
        Q(school_id__in=allowed) if allowed is not None else None,
    )
    return school_wide | Q(class_group_id__in=ClassGroup.objects.filter(forum_class_q(actor)).values("pk"))


def event_class_q(actor: Actor) -> Q:
    """Classes whose events journal the actor may read."""
    return _any(
        Q(school_id__in=rules.community_admin_school_ids(actor)),
        Q(pk__in=actor.led_class_ids) if actor.led_class_ids else None,
        Q(pk__in=family_class_ids(actor)) if actor.own_student_ids else None,
    )


def _sections(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(forum_section_q(actor))


def _topics(qs: QuerySet, actor: Actor) -> QuerySet:
    sections = ForumSection.objects.filter(forum_section_q(actor)).values("pk")
    return qs.filter(section_id__in=sections, deleted_at__isnull=True)


def _posts(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(topic_id__in=_topics(ForumTopic.objects.all(), actor).values("pk"))


def _events(qs: QuerySet, actor: Actor) -> QuerySet:
    classes = ClassGroup.objects.filter(event_class_q(actor)).values("pk")
    return qs.filter(class_group_id__in=classes, deleted_at__isnull=True)


def _settings(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(directory_q(actor))


def register_all() -> None:
    scoping.register(SchoolForumSettings, _settings)
    scoping.register(ForumSection, _sections)
    scoping.register(ForumTopic, _topics)
    scoping.register(ForumPost, _posts)
    scoping.register(ClassEvent, _events)
