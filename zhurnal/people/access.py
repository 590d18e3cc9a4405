"""Access to the school's teaching load and timetable pages: an outsider gets 404 (as for a
missing record), a member of the school who may not read them 403."""

from __future__ import annotations

from django.utils.translation import gettext as _

from zhurnal.core.errors import Forbidden, NotFound
from zhurnal.people.models import TeachingAssignment
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import ClassGroup, School, StudyGroup


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _readable_school(actor: Actor, school_id, readable: set[int], refusal: str) -> School:
    """The school asked for among those `readable` (by default the first one): a member of the
    school who may not read gets 403 with `refusal`, anyone else 404."""
    if school_id in (None, ""):
        if not readable:
            raise Forbidden(refusal) if actor.member_school_ids else NotFound(_("Не найдено."))
        wanted = min(readable)
    else:
        wanted = _int_or_none(school_id)
    school = School.objects.visible_to(actor).filter(pk=wanted).first()
    if school is None:
        raise NotFound(_("Не найдено."))
    if school.pk not in readable:
        raise Forbidden(refusal)
    return school


def school_for_schedule_reader(actor: Actor, school_id=None) -> School:
    """The school asked for (by default the actor's first one whose load they read)."""
    return _readable_school(
        actor,
        school_id,
        rules.schedule_reader_school_ids(actor),
        _("Нагрузку и расписание ведёт администрация школы."),
    )


def assignment_for_reader(actor: Actor, assignment_id) -> TeachingAssignment:
    found = (
        TeachingAssignment.objects.visible_to(actor)
        .filter(pk=_int_or_none(assignment_id))
        .select_related("class_group", "subgroup", "study_group", "subject", "teacher", "year")
        .first()
    )
    if found is None:
        raise NotFound(_("Не найдено."))
    if found.school_id not in rules.schedule_reader_school_ids(actor):
        raise Forbidden(_("Нагрузку и расписание ведёт администрация школы."))
    return found


def class_for_timetable(actor: Actor, class_id) -> ClassGroup:
    found = (
        ClassGroup.objects.visible_to(actor)
        .filter(pk=_int_or_none(class_id))
        .select_related("year", "bell_schedule")
        .first()
    )
    if found is None:
        raise NotFound(_("Не найдено."))
    if found.school_id not in rules.schedule_reader_school_ids(actor):
        raise Forbidden(_("Нагрузку и расписание ведёт администрация школы."))
    return found


def school_for_study_groups(actor: Actor, school_id=None) -> School:
    """The school whose study groups are listed (by default the actor's first one)."""
    return _readable_school(
        actor,
        school_id,
        rules.study_group_reader_school_ids(actor),
        _("Межклассные группы ведёт администрация школы."),
    )


def study_group_for_reader(actor: Actor, group_id) -> StudyGroup:
    """A study group of the actor's school read by its administration (the deputy too)."""
    found = (
        StudyGroup.objects.visible_to(actor)
        .filter(pk=_int_or_none(group_id))
        .select_related("year", "subject", "school")
        .first()
    )
    if found is None:
        raise NotFound(_("Не найдено."))
    if found.school_id not in rules.study_group_reader_school_ids(actor):
        raise Forbidden(_("Межклассные группы ведёт администрация школы."))
    return found
