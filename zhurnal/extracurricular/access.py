"""One access function per protected thing: an outsider gets NotFound (404), a reader who may
not do the thing gets Forbidden (403)."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from zhurnal.core.errors import Forbidden, NotFound
from zhurnal.extracurricular.models import Course, CourseGroup
from zhurnal.extracurricular.scopes import staff_course_q, staff_group_q
from zhurnal.people.models import Staff, Student
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor


def _not_found() -> NotFound:
    return NotFound(_("Не найдено."))


def _first(queryset, pk):
    try:
        found = queryset.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise _not_found()
    return found


def teacher_ids(course: Course) -> frozenset[int]:
    """The course's teachers' staff cards (prefetched by the access functions)."""
    return frozenset(t.pk for t in course.teachers.all())


_TEACHERS = Prefetch("teachers", queryset=Staff.objects.order_by("last_name", "first_name"))


def course_for_reader(actor: Actor, course_id) -> Course:
    """A course the actor reads as staff (keepers and its teachers); families read their pupils'."""
    courses = (
        Course.objects.visible_to(actor)
        .filter(staff_course_q(actor))
        .select_related("school", "year")
        .prefetch_related(_TEACHERS)
    )
    return _first(courses, course_id)


def course_for_keeper(actor: Actor, course_id) -> Course:
    course = course_for_reader(actor, course_id)
    if not rules.may_keep_extracurricular(actor, course.school_id):
        raise Forbidden(_("Курсы и группы ведут заместитель директора и директор."))
    return course


def course_for_planner(actor: Actor, course_id) -> Course:
    course = course_for_reader(actor, course_id)
    if not rules.may_keep_course_plan(actor, course.school_id, teacher_ids(course)):
        raise Forbidden(_("План курса ведут его педагоги и заместитель директора."))
    return course


def group_for_reader(actor: Actor, group_id) -> CourseGroup:
    """A group whose journal the actor reads: the keepers and the course's teachers. A family
    reads its own pupil's attendance on the pupil's page, never the group's journal."""
    groups = (
        CourseGroup.objects.visible_to(actor)
        .filter(staff_group_q(actor))
        .select_related("course__school", "course__year")
        .prefetch_related(Prefetch("course__teachers", queryset=Staff.objects.order_by("last_name")))
    )
    return _first(groups, group_id)


def group_for_keeper(actor: Actor, group_id) -> CourseGroup:
    group = group_for_reader(actor, group_id)
    if not rules.may_keep_extracurricular(actor, group.school_id):
        raise Forbidden(_("Состав группы ведут заместитель директора и директор."))
    return group


def group_for_conductor(actor: Actor, group_id) -> CourseGroup:
    """A group whose sessions the actor records: its course's teachers, and the keepers."""
    group = group_for_reader(actor, group_id)
    if not (
        rules.may_conduct_course(actor, teacher_ids(group.course))
        or rules.may_keep_extracurricular(actor, group.school_id)
    ):
        raise Forbidden(_("Занятия записывает педагог курса."))
    return group


def pupil_for_reader(actor: Actor, student_id) -> Student:
    return _first(Student.objects.visible_to(actor).select_related("school"), student_id)
