"""Visibility of the journal's rows, built from the policy's building blocks."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from zhurnal.core import scoping
from zhurnal.journal.models import (
    Attendance,
    AttendanceCode,
    CellBatch,
    JournalUnlock,
    Lesson,
    LessonType,
    Mark,
    PeriodMark,
    WorkType,
)
from zhurnal.people.models import TeachingAssignment
from zhurnal.policy.actor import Actor
from zhurnal.policy.scopes import directory_q, family_assignment_q, journal_assignment_q


def lesson_q_staff(actor: Actor) -> Q:
    """Lessons staff may read: journals they read, and lessons they conducted as a substitute."""
    readable = TeachingAssignment.objects.filter(journal_assignment_q(actor)).values("pk")
    q = Q(assignment__in=readable)
    if actor.staff_ids:
        q |= Q(teacher_id__in=actor.staff_ids)
    return q


def lesson_q(actor: Actor) -> Q:
    """Staff's lessons, plus the lessons of a family's pupils (for the diary)."""
    q = lesson_q_staff(actor)
    family = family_assignment_q(actor)
    if family is not None:
        q |= Q(assignment__in=TeachingAssignment.objects.filter(family).values("pk"))
    return q


def _lessons(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(lesson_q(actor))


def _per_student(qs: QuerySet, actor: Actor) -> QuerySet:
    """Marks and attendance: staff see those of lessons they read; a family only its own pupils'."""
    staff_part = Q(lesson__in=Lesson.objects.filter(lesson_q_staff(actor)).values("pk"))
    family_part = Q(student_id__in=actor.own_student_ids) if actor.own_student_ids else Q(pk__in=[])
    return qs.filter(staff_part | family_part)


def _period_marks(qs: QuerySet, actor: Actor) -> QuerySet:
    """Staff: the subject of a journal they read, for pupils of that journal's class — pairs, not
    every subject they teach × every class they teach. Families: their own pupils."""
    readable = TeachingAssignment.objects.filter(journal_assignment_q(actor)).filter(
        subject_id=OuterRef("subject_id"),
        class_group__enrollments__student_id=OuterRef("student_id"),
    )
    q = Q(Exists(readable))
    if actor.own_student_ids:
        q |= Q(student_id__in=actor.own_student_ids)
    return qs.filter(q)


def _unlocks(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(
        assignment__in=TeachingAssignment.objects.filter(journal_assignment_q(actor)).values("pk")
    )


def _directories(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(directory_q(actor))


def _own_batches(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(user_id=actor.user.pk)


def register_all() -> None:
    scoping.register(Lesson, _lessons)
    scoping.register(Mark, _per_student)
    scoping.register(Attendance, _per_student)
    scoping.register(PeriodMark, _period_marks)
    scoping.register(JournalUnlock, _unlocks)
    scoping.register(CellBatch, _own_batches)
    for model in (LessonType, WorkType, AttendanceCode):
        scoping.register(model, _directories)
