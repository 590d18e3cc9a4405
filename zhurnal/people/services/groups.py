"""Cross-class study groups (issue 10 item 7, decision 0036): a group for an ordinary subject drawn
from several classes of a school and year (ОРКСЭ modules chosen by the parents, an elective, a
language group of 5А and 5Б), its dated members and the teaching assignment that gives it a journal.

The system administrator and the director create groups and keep their members; the group's
journal is teaching load, so whoever keeps the load (the deputy too) assigns its teacher. A member
must be enrolled in a class of the school on every day of the membership: checked here, not by a
constraint, because enrolments are dated rows of their own.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from zhurnal.core.audit import audit_record
from zhurnal.core.errors import Forbidden, InvalidInput, NotFound
from zhurnal.people.models import Enrollment, Student, StudyGroupMembership, TeachingAssignment
from zhurnal.people.services.teaching import _duplicate_message, _hours, _int, _keeper, _snapshot, _teacher
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import AcademicYear, StudyGroup, Subject

NAME_MAX = 100


def _not_found() -> NotFound:
    return NotFound(_("Не найдено."))


def _group_keeper(actor: Actor, school_id: int) -> None:
    if not rules.may_keep_study_groups(actor, school_id):
        if school_id in actor.member_school_ids:
            raise Forbidden(_("Межклассные группы ведут системный администратор и директор."))
        raise _not_found()


def _date(value, field: str, label: str, *, required: bool = True) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if value in (None, "") and not required:
        return None
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInput(_("«%(f)s»: укажите дату.") % {"f": label}, field=field) from None


def _group_snapshot(group: StudyGroup) -> dict:
    return {"name": group.name, "grade": group.grade, "year": group.year_id, "subject": group.subject_id}


def _membership_snapshot(m: StudyGroupMembership) -> dict:
    return {
        "group": m.group_id,
        "student": m.student_id,
        "start": m.start.isoformat(),
        "end": m.end.isoformat() if m.end else None,
    }


def study_group_create(*, actor: Actor, year_id, name, grade, subject_id=None) -> StudyGroup:
    """A new group of the year's school, named uniquely within the year."""
    year = AcademicYear.objects.filter(
        school_id__in=actor.member_school_ids,
        pk=_int(year_id, "year", _("«Учебный год»: выберите год.")),
    ).first()
    if year is None:
        raise InvalidInput(_("«Учебный год»: выберите год."), field="year")
    _group_keeper(actor, year.school_id)
    name = str(name or "").strip()
    if not name:
        raise InvalidInput(_("«Название»: укажите название группы."), field="name")
    if len(name) > NAME_MAX:
        raise InvalidInput(_("«Название»: не длиннее %(n)d знаков.") % {"n": NAME_MAX}, field="name")
    grade = _int(grade, "grade", _("«Параллель»: число от 1 до 11."))
    if not 1 <= grade <= 11:
        raise InvalidInput(_("«Параллель»: число от 1 до 11."), field="grade")
    subject = None
    if subject_id not in (None, ""):
        subject = Subject.objects.filter(
            school_id=year.school_id, pk=_int(subject_id, "subject", _("«Предмет»: выберите предмет."))
        ).first()
        if subject is None:
            raise InvalidInput(_("«Предмет»: выберите предмет из справочника школы."), field="subject")
    taken = _("«Название»: группа «%(n)s» в %(y)s уже есть.") % {"n": name, "y": year.name}
    if StudyGroup.objects.filter(school_id=year.school_id, year=year, name=name).exists():
        raise InvalidInput(taken, field="name")
    try:
        with transaction.atomic():
            group = StudyGroup.objects.create(
                school_id=year.school_id, year=year, name=name, grade=grade, subject=subject
            )
            audit_record(actor=actor, action="study_group.create", obj=group, after=_group_snapshot(group))
    except IntegrityError:
        raise InvalidInput(taken, field="name") from None
    return group


def _group_for_keeper(actor: Actor, group_id) -> StudyGroup:
    group = (
        StudyGroup.objects.filter(
            school_id__in=actor.member_school_ids, pk=_int(group_id, "group", _("Не найдено."))
        )
        .select_related("year")
        .first()
    )
    if group is None:
        raise _not_found()
    _group_keeper(actor, group.school_id)
    return group


def _uncovered_day(student: Student, group: StudyGroup, start: dt.date, end: dt.date) -> dt.date | None:
    """The first day from start to end on which the pupil is in no class of the school in the
    group's year (enrolments may follow one another, as after a transfer), or None."""
    day = start
    for e_start, e_end in (
        Enrollment.objects.filter(
            student=student, school_id=group.school_id, class_group__year_id=group.year_id
        )
        .order_by("start")
        .values_list("start", "end")
    ):
        if e_start > day:
            break
        if e_end is None or e_end >= day:
            if e_end is None or e_end >= end:
                return None
            day = e_end + dt.timedelta(days=1)
    return day


def study_group_member_add(*, actor: Actor, group_id, student_id, start, end=None) -> StudyGroupMembership:
    """The pupil is in the group from `start` (to `end`, or open): enrolled in a class of the
    school on all those days, within the group's year, and not already in the group then."""
    with transaction.atomic():
        group = _group_for_keeper(actor, group_id)
        student = Student.objects.filter(
            school_id=group.school_id,
            pk=_int(student_id, "student", _("«Обучающийся»: выберите обучающегося.")),
        ).first()
        if student is None:
            raise InvalidInput(_("«Обучающийся»: выберите обучающегося этой школы."), field="student")
        start = _date(start, "start", _("С"))
        end = _date(end, "end", _("По"), required=False)
        year = group.year
        if not year.start <= start <= year.end:
            raise InvalidInput(
                _("«С»: дата в пределах учебного года %(y)s.") % {"y": year.name}, field="start"
            )
        if end is not None and not start <= end <= year.end:
            raise InvalidInput(
                _("«По»: дата не раньше «С» и в пределах учебного года %(y)s.") % {"y": year.name},
                field="end",
            )
        gap = _uncovered_day(student, group, start, end or year.end)
        if gap is not None:
            raise InvalidInput(
                _("%(p)s не зачислен(а) ни в один класс школы на %(d)s.")
                % {"p": student.short_name, "d": f"{gap:%d.%m.%Y}"},
                field="student",
            )
        overlapping = (
            StudyGroupMembership.objects.select_for_update()
            .filter(group=group, student=student, start__lte=end or year.end)
            .exclude(end__lt=start)
        )
        if overlapping.exists():
            raise InvalidInput(
                _("%(p)s уже в группе «%(g)s» в эти дни.") % {"p": student.short_name, "g": group.name},
                field="student",
            )
        membership = StudyGroupMembership.objects.create(
            school_id=group.school_id, group=group, student=student, start=start, end=end
        )
        audit_record(
            actor=actor,
            action="study_group_membership.create",
            obj=membership,
            after=_membership_snapshot(membership),
        )
    return membership


def study_group_member_end(*, actor: Actor, membership_id, end) -> StudyGroupMembership | None:
    """The pupil leaves the group after `end` (their last day); a membership that had not begun
    by then goes (None). What was entered in the journal stays."""
    with transaction.atomic():
        membership = (
            StudyGroupMembership.objects.select_for_update()
            .filter(
                school_id__in=actor.member_school_ids,
                pk=_int(membership_id, "membership", _("Не найдено.")),
            )
            .select_related("group__year", "student")
            .first()
        )
        if membership is None:
            raise _not_found()
        _group_keeper(actor, membership.school_id)
        end = _date(end, "end", _("Последний день"))
        before = _membership_snapshot(membership)
        if membership.end is not None and end > membership.end:
            raise InvalidInput(
                _("«Последний день»: %(p)s и так в группе по %(d)s.")
                % {"p": membership.student.short_name, "d": f"{membership.end:%d.%m.%Y}"},
                field="end",
            )
        if end < membership.start:
            audit_record(actor=actor, action="study_group_membership.delete", obj=membership, before=before)
            membership.delete()
            return None
        membership.end = end
        membership.save(update_fields=["end", "updated_at"])
        audit_record(
            actor=actor,
            action="study_group_membership.end",
            obj=membership,
            before=before,
            after=_membership_snapshot(membership),
        )
    return membership


def study_group_assignment_create(
    *, actor: Actor, group_id, teacher_id, subject_id=None, hours_per_week=None
) -> TeachingAssignment:
    """The group's journal: a teaching assignment naming the group instead of a class, kept by
    whoever keeps the school's load. The subject defaults to the group's."""
    group = (
        StudyGroup.objects.filter(
            school_id__in=actor.member_school_ids, pk=_int(group_id, "group", _("Не найдено."))
        )
        .select_related("year", "subject")
        .first()
    )
    if group is None:
        raise _not_found()
    _keeper(actor, group.school_id)
    subject = group.subject
    if subject_id not in (None, ""):
        subject = Subject.objects.filter(
            school_id=group.school_id, pk=_int(subject_id, "subject", _("«Предмет»: выберите предмет."))
        ).first()
    if subject is None:
        raise InvalidInput(_("«Предмет»: выберите предмет из справочника школы."), field="subject")
    teacher = _teacher(group.school_id, teacher_id)
    hours = _hours(hours_per_week)
    duplicate = _duplicate_message(subject, group, teacher)
    if TeachingAssignment.objects.filter(study_group=group, subject=subject, teacher=teacher).exists():
        raise InvalidInput(duplicate, field="subject")
    try:
        with transaction.atomic():
            assignment = TeachingAssignment.objects.create(
                school_id=group.school_id,
                year=group.year,
                study_group=group,
                subject=subject,
                teacher=teacher,
                hours_per_week=hours,
            )
            audit_record(
                actor=actor,
                action="teaching_assignment.create",
                obj=assignment,
                after=_snapshot(assignment),
            )
    except IntegrityError:
        raise InvalidInput(duplicate, field="subject") from None
    return assignment
