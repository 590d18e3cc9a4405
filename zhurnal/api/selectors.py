"""Reads behind the API: each starts from a scoped queryset and costs a fixed number of queries.

These are the API's until the people app grows its own selectors; they know no HTTP.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from zhurnal.core import clock
from zhurnal.people.models import Enrollment, Student, TeachingAssignment, enrolled_between_q
from zhurnal.people.selectors import class_teachers
from zhurnal.policy.actor import STAFF_ROLES, Actor
from zhurnal.schools.models import ClassGroup


def _covering(day: dt.date) -> Q:
    return enrolled_between_q(day, day)


def with_current_class(students: QuerySet, day: dt.date | None = None) -> QuerySet:
    """Annotate `current_class_id`: the class of the enrolment covering `day`, else the latest one."""
    day = day or clock.today()
    mine = Enrollment.objects.filter(student=OuterRef("pk"))
    covering = mine.filter(_covering(day)).order_by("-start", "-pk").values("class_group_id")[:1]
    latest = mine.order_by("-start", "-pk").values("class_group_id")[:1]
    return students.annotate(current_class_id=Coalesce(Subquery(covering), Subquery(latest)))


def children_of(actor: Actor) -> list[Student]:
    if not actor.children_ids:
        return []
    qs = Student.objects.visible_to(actor).filter(pk__in=actor.children_ids)
    return list(with_current_class(qs).order_by("last_name", "first_name", "pk"))


def own_student(actor: Actor) -> Student | None:
    if not actor.student_ids:
        return None
    own = Student.objects.visible_to(actor).filter(pk__in=actor.student_ids)
    return with_current_class(own).order_by("pk").first()


def student_for_viewer(actor: Actor, student_id: int) -> Student | None:
    """A student the actor may see, with `current_class_id` and their school; None when missing or
    not theirs."""
    return (
        with_current_class(Student.objects.visible_to(actor).filter(pk=student_id))
        .select_related("school")
        .first()
    )


def class_for_viewer(actor: Actor, class_id: int) -> ClassGroup | None:
    return ClassGroup.objects.visible_to(actor).filter(pk=class_id).first()


def _current_year_q(prefix: str, year_name: str | None) -> Q:
    """The named academic year, or by default the one under way (July and August: the one ended)."""
    if year_name:
        return Q(**{f"{prefix}name": year_name})
    return Q(**{f"{prefix}start__year": clock.academic_year_start(clock.today())})


def classes_for_viewer(actor: Actor, *, year_name: str | None = None) -> list[ClassGroup]:
    """Visible classes of one academic year, each with `class_teacher` (a Staff or None)."""
    classes = list(
        ClassGroup.objects.visible_to(actor)
        .filter(_current_year_q("year__", year_name))
        .select_related("year")
        .order_by("school_id", "grade", "letter", "pk")
    )
    teachers = class_teachers([c.pk for c in classes])
    for c in classes:
        c.class_teacher = teachers.get(c.pk)
    return classes


def roster(actor: Actor, class_group: ClassGroup, *, whole_year: bool = False) -> list[Enrollment]:
    """Enrolments in `class_group` of the students the actor may see, with the student loaded.

    By default the class as it stands today; `whole_year` gives every enrolment of the year,
    including those who left or have yet to come.
    """
    qs = Enrollment.objects.filter(
        class_group=class_group, student__in=Student.objects.visible_to(actor).values("pk")
    )
    if not whole_year:
        qs = qs.filter(_covering(clock.today()))
    return list(
        qs.select_related("student").order_by(
            "student__last_name", "student__first_name", "student__middle_name", "student_id", "start"
        )
    )


def assignments_for_viewer(actor: Actor, *, year_name: str | None = None) -> list[TeachingAssignment]:
    """Teaching assignments the actor reads as staff: a teacher's own; the whole school for the
    administration; a class teacher's class. Limited to schools where the actor is staff, so a
    teacher who is also a parent does not get their child's other schools here.
    """
    return list(
        TeachingAssignment.objects.visible_to(actor)
        .filter(school_id__in=actor.school_ids(*STAFF_ROLES))
        .filter(_current_year_q("year__", year_name))
        .select_related("subject", "class_group", "study_group")
        .order_by("class_group__grade", "class_group__letter", "subject__name", "pk")
    )
