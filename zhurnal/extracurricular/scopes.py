"""Visibility of the extracurricular journal's rows, built from the policy's helpers.

A course (and its plan, groups, sessions) is read by the school's keepers (deputy, director), by
the course's teachers, and by the families of its members; a family reads only its own pupils'
memberships and attendance, never the other members'.
"""

from django.db.models import Q, QuerySet

from zhurnal.core import scoping
from zhurnal.extracurricular.models import (
    Course,
    CourseGroup,
    GroupMembership,
    PlanTopic,
    Session,
    SessionAttendance,
)
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor

NOTHING = Q(pk__in=[])


def _any(*conditions: Q | None) -> Q:
    result = NOTHING
    for condition in conditions:
        if condition is not None:
            result |= condition
    return result


def staff_course_q(actor: Actor) -> Q:
    """Courses the actor reads as staff: every course of the schools they keep, and their own."""
    return _any(
        Q(school_id__in=rules.extracurricular_keeper_school_ids(actor)),
        Q(pk__in=Course.teachers.through.objects.filter(staff_id__in=actor.staff_ids).values("course_id"))
        if actor.staff_ids
        else None,
    )


def family_group_ids(actor: Actor) -> QuerySet:
    """Groups the actor's children (or the pupil themself) have ever belonged to."""
    return GroupMembership.objects.filter(student_id__in=actor.own_student_ids).values("group_id")


def staff_group_q(actor: Actor) -> Q:
    return Q(course_id__in=Course.objects.filter(staff_course_q(actor)).values("pk"))


def group_q(actor: Actor) -> Q:
    family = None
    if rules.may_follow_children(actor) or rules.may_read_own_diary(actor):
        family = Q(pk__in=family_group_ids(actor))
    return _any(staff_group_q(actor), family)


def _courses(qs: QuerySet, actor: Actor) -> QuerySet:
    family = None
    if rules.may_follow_children(actor) or rules.may_read_own_diary(actor):
        family = Q(pk__in=CourseGroup.objects.filter(pk__in=family_group_ids(actor)).values("course_id"))
    return qs.filter(_any(staff_course_q(actor), family))


def _plan_topics(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(course_id__in=_courses(Course.objects.all(), actor).values("pk"))


def _groups(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(group_q(actor))


def _sessions(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(group_id__in=CourseGroup.objects.filter(group_q(actor)).values("pk"))


def _staff_groups(actor: Actor) -> QuerySet:
    return CourseGroup.objects.filter(staff_group_q(actor)).values("pk")


def _memberships(qs: QuerySet, actor: Actor) -> QuerySet:
    own = Q(student_id__in=actor.own_student_ids) if actor.own_student_ids else None
    return qs.filter(_any(Q(group_id__in=_staff_groups(actor)), own))


def _attendance(qs: QuerySet, actor: Actor) -> QuerySet:
    own = Q(student_id__in=actor.own_student_ids) if actor.own_student_ids else None
    staff_sessions = Q(session_id__in=Session.objects.filter(group_id__in=_staff_groups(actor)).values("pk"))
    return qs.filter(_any(staff_sessions, own))


def register_all() -> None:
    scoping.register(Course, _courses)
    scoping.register(PlanTopic, _plan_topics)
    scoping.register(CourseGroup, _groups)
    scoping.register(GroupMembership, _memberships)
    scoping.register(Session, _sessions)
    scoping.register(SessionAttendance, _attendance)
