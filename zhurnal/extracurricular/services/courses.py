"""Courses, their plan, groups and members: kept by the deputy director and the director (the
plan also by the course's teachers). Every change is audited."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from zhurnal.core import clock
from zhurnal.core.audit import audit_record, snapshot
from zhurnal.core.errors import Forbidden, InvalidInput, NotFound
from zhurnal.extracurricular import access
from zhurnal.extracurricular.models import Course, CourseGroup, Direction, GroupMembership, PlanTopic
from zhurnal.people.models import Enrollment, Staff, Student, enrolled_between_q
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import AcademicYear


def _text(value, *, field: str, label: str, limit: int, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise InvalidInput(_("Заполните поле «%(f)s».") % {"f": label}, field=field)
    if len(text) > limit:
        raise InvalidInput(_("Поле «%(f)s» длиннее %(n)s знаков.") % {"f": label, "n": limit}, field=field)
    return text


def _hours(value, *, field: str, label: str) -> int:
    try:
        hours = int(value)
    except (TypeError, ValueError):
        hours = 0
    if not 1 <= hours <= 1000:
        raise InvalidInput(_("«%(f)s»: целое число часов от 1 до 1000.") % {"f": label}, field=field)
    return hours


def _date(value, *, field: str, label: str) -> dt.date:
    if not isinstance(value, dt.date):
        raise InvalidInput(_("Укажите дату: «%(f)s».") % {"f": label}, field=field)
    return value


def _course_snapshot(course: Course, teacher_ids) -> dict:
    data = snapshot(course, ["year", "name", "direction", "hours"])
    data["teachers"] = sorted(teacher_ids)
    return data


# --- courses -----------------------------------------------------------------------------------


def course_create(*, actor: Actor, school_id, name, direction, hours, teacher_ids=()) -> Course:
    try:
        school_id = int(school_id)
    except (TypeError, ValueError):
        raise NotFound(_("Не найдено.")) from None
    if not rules.may_keep_extracurricular(actor, school_id):
        if school_id not in actor.member_school_ids:
            raise NotFound(_("Не найдено."))
        raise Forbidden(_("Курсы и группы ведут заместитель директора и директор."))
    name = _text(name, field="name", label=_("Название"), limit=200)
    if direction not in Direction.values:
        raise InvalidInput(_("Выберите направление из списка."), field="direction")
    hours = _hours(hours, field="hours", label=_("Часов по программе"))
    today = clock.today()
    year = AcademicYear.objects.filter(school_id=school_id, start__lte=today, end__gte=today).first()
    if year is None:
        raise InvalidInput(_("В школе нет текущего учебного года."), field="year")
    try:
        wanted = {int(pk) for pk in teacher_ids if str(pk).strip()}
    except (TypeError, ValueError):
        raise InvalidInput(_("Педагог выбран неверно."), field="teachers") from None
    teachers = list(Staff.objects.visible_to(actor).filter(school_id=school_id, pk__in=wanted))
    if len(teachers) != len(wanted):
        raise InvalidInput(_("Педагог выбран неверно."), field="teachers")
    if not teachers:
        raise InvalidInput(_("Выберите хотя бы одного педагога курса."), field="teachers")
    if Course.objects.filter(school_id=school_id, year=year, name=name).exists():
        raise InvalidInput(_("Курс «%(n)s» в этом году уже есть.") % {"n": name}, field="name")
    course = Course(school_id=school_id, year=year, name=name, direction=direction, hours=hours)
    with transaction.atomic():
        course.save()
        course.teachers.set(teachers)
        audit_record(
            actor=actor,
            action="extracurricular.course_create",
            obj=course,
            after=_course_snapshot(course, {t.pk for t in teachers}),
        )
    return course


# --- the course's own plan ------------------------------------------------------------------------


def plan_topic_add(*, actor: Actor, course_id, title, hours=1) -> PlanTopic:
    course = access.course_for_planner(actor, course_id)
    title = _text(title, field="title", label=_("Тема"), limit=300)
    hours = _hours(hours, field="hours", label=_("Часов"))
    with transaction.atomic():
        last = PlanTopic.objects.filter(course=course).aggregate(n=Max("number"))["n"] or 0
        topic = PlanTopic.objects.create(
            school_id=course.school_id, course=course, number=last + 1, title=title, hours=hours
        )
        audit_record(
            actor=actor,
            action="extracurricular.plan_topic_add",
            obj=topic,
            after=snapshot(topic, ["course", "number", "title", "hours"]),
        )
    return topic


def plan_topic_delete(*, actor: Actor, course_id, topic_id) -> None:
    """Remove a topic; the ones after it move up. Sessions that took it keep their topic text."""
    course = access.course_for_planner(actor, course_id)
    with transaction.atomic():
        topic = PlanTopic.objects.select_for_update().filter(course=course, pk=_int(topic_id)).first()
        if topic is None:
            raise NotFound(_("Не найдено."))
        before = snapshot(topic, ["course", "number", "title", "hours"])
        topic.delete()
        PlanTopic.objects.filter(course=course, number__gt=before["number"]).update(number=F("number") - 1)
        audit_record(
            actor=actor,
            action="extracurricular.plan_topic_delete",
            object_type="extracurricular.plantopic",
            object_id=_int(topic_id),
            school_id=course.school_id,
            before=before,
        )


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- groups and their members ---------------------------------------------------------------------


def group_create(*, actor: Actor, course_id, name) -> CourseGroup:
    course = access.course_for_keeper(actor, course_id)
    name = _text(name, field="name", label=_("Название группы"), limit=100)
    if CourseGroup.objects.filter(course=course, name=name).exists():
        raise InvalidInput(_("Группа «%(n)s» у курса уже есть.") % {"n": name}, field="name")
    with transaction.atomic():
        group = CourseGroup.objects.create(school_id=course.school_id, course=course, name=name)
        audit_record(
            actor=actor,
            action="extracurricular.group_create",
            obj=group,
            after=snapshot(group, ["course", "name"]),
        )
    return group


def _membership_snapshot(membership: GroupMembership) -> dict:
    return snapshot(membership, ["group", "student", "start", "end"])


def member_add(*, actor: Actor, group_id, student_id, start) -> GroupMembership:
    """A pupil of any class of the school joins the group from a date within the course's year."""
    group = access.group_for_keeper(actor, group_id)
    year = group.course.year
    start = _date(start, field="start", label=_("С какого числа"))
    if not year.start <= start <= year.end:
        raise InvalidInput(
            _("Дата вступления должна быть в %(y)s учебном году.") % {"y": year.name}, field="start"
        )
    student = (
        Student.objects.visible_to(actor).filter(school_id=group.school_id, pk=_int(student_id)).first()
        if _int(student_id) is not None
        else None
    )
    if student is None:
        raise InvalidInput(_("Выберите обучающегося из списка."), field="student")
    enrolled = Enrollment.objects.filter(
        enrolled_between_q(start, start), student=student, class_group__year=year
    ).exists()
    if not enrolled:
        raise InvalidInput(
            _("%(name)s не числится в классе школы на %(d)s.")
            % {"name": student.full_name, "d": start.strftime("%d.%m.%Y")},
            field="student",
        )
    with transaction.atomic():
        overlapping = GroupMembership.objects.select_for_update().filter(
            enrolled_between_q(start, dt.date.max), group=group, student=student
        )
        if overlapping.exists():
            raise InvalidInput(
                _("%(name)s уже в группе на эту дату.") % {"name": student.full_name}, field="student"
            )
        membership = GroupMembership.objects.create(
            school_id=group.school_id, group=group, student=student, start=start
        )
        audit_record(
            actor=actor,
            action="extracurricular.member_add",
            obj=membership,
            after=_membership_snapshot(membership),
        )
    return membership


def member_end(*, actor: Actor, group_id, membership_id, end) -> GroupMembership:
    """The pupil leaves the group after `end` (their last day in it)."""
    group = access.group_for_keeper(actor, group_id)
    end = _date(end, field="end", label=_("По какое число"))
    with transaction.atomic():
        membership = (
            GroupMembership.objects.select_for_update().filter(group=group, pk=_int(membership_id)).first()
        )
        if membership is None:
            raise NotFound(_("Не найдено."))
        if end < membership.start:
            raise InvalidInput(
                _("Дата выхода не может быть раньше даты вступления (%(d)s).")
                % {"d": membership.start.strftime("%d.%m.%Y")},
                field="end",
            )
        before = _membership_snapshot(membership)
        membership.end = end
        membership.save(update_fields=["end", "updated_at"])
        audit_record(
            actor=actor,
            action="extracurricular.member_end",
            obj=membership,
            before=before,
            after=_membership_snapshot(membership),
        )
    return membership
