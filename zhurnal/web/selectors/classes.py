"""Reads for the class pages, the teacher's assignments and the school overview."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch

from zhurnal.journal.models import Lesson
from zhurnal.people.models import Enrollment, Student, StudentGuardian, TeachingAssignment
from zhurnal.people.selectors import class_teachers
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import ClassGroup
from zhurnal.web.selectors.home import TOPIC_CHECK_DAYS, _enrolled_count, current_year_q
from zhurnal.web.selectors.schedule import enrolled_on_q, valid_on_q


def class_rows(actor: Actor, today: dt.date, *, school_ids=None) -> list[ClassGroup]:
    """This year's classes visible to the actor, with their class teacher and pupils enrolled today."""
    classes = (
        ClassGroup.objects.visible_to(actor)
        .filter(current_year_q(today))
        .select_related("school")
        .annotate(student_count=_enrolled_count(today))
        .order_by("school__short_name", "grade", "letter")
    )
    if school_ids is not None:
        classes = classes.filter(school_id__in=school_ids)
    classes = list(classes)
    teachers = class_teachers([c.pk for c in classes])
    for class_group in classes:
        class_group.class_teacher = teachers.get(class_group.pk)
    return classes


@dataclass
class ClassPage:
    class_group: ClassGroup
    students: list[Student]
    assignments: list[TeachingAssignment]
    show_contacts: bool


def class_page(actor: Actor, class_group: ClassGroup, today: dt.date) -> ClassPage:
    """The roster (pupils enrolled today whom the actor may see) and who teaches what."""
    show_contacts = rules.may_see_contacts(actor)
    enrolled = Enrollment.objects.filter(enrolled_on_q(today), class_group=class_group).values("student_id")
    # The class's school bounds the read: the scope's OR of pupil sets alone made PostgreSQL
    # test every pupil of the region (docs/performance/region-50.md).
    students = Student.objects.visible_to(actor).filter(pk__in=enrolled, school_id=class_group.school_id)
    if show_contacts:
        links = StudentGuardian.objects.visible_to(actor).select_related("guardian").order_by("relation")
        guardians = Prefetch("guardian_links", queryset=links, to_attr="visible_guardians")
        students = students.prefetch_related(guardians)
    assignments = (
        TeachingAssignment.objects.visible_to(actor)
        .filter(class_group=class_group, school_id=class_group.school_id)
        .select_related("subject", "teacher", "subgroup")
        .order_by("subject__name", "subgroup__name")
    )
    class_group.class_teacher = class_teachers([class_group.pk]).get(class_group.pk)
    return ClassPage(
        class_group=class_group,
        students=list(students),
        assignments=list(assignments),
        show_contacts=show_contacts,
    )


def teacher_assignments(actor: Actor, today: dt.date) -> list[TeachingAssignment]:
    """The actor's own teaching assignments this year, with their weekly timetable hours."""
    if not actor.staff_ids:
        return []
    return list(
        TeachingAssignment.objects.visible_to(actor)
        .filter(current_year_q(today), teacher_id__in=actor.staff_ids)
        .select_related("subject", "class_group", "subgroup", "study_group")
        .annotate(weekly=Count("timetable", filter=valid_on_q(today, "timetable__")))
        .order_by("class_group__grade", "class_group__letter", "subject__name")
    )


def topicless_lessons_by_teacher(actor: Actor, today: dt.date, school_ids) -> list[dict]:
    """Teachers with lessons of the last week still without a topic (journals the actor reads)."""
    week_ago = today - dt.timedelta(days=TOPIC_CHECK_DAYS)
    return list(
        Lesson.objects.visible_to(actor)
        .filter(school_id__in=school_ids, date__gte=week_ago, date__lt=today, topic="")
        .exclude(status=Lesson.Status.CANCELLED)
        .values("teacher_id", "teacher__last_name", "teacher__first_name", "teacher__middle_name")
        .annotate(count=Count("pk"))
        .order_by("-count", "teacher__last_name")
    )
