"""Lessons: ad-hoc creation, topic / type / homework, cancellation and substitution."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from zhurnal.core.audit import audit_record, snapshot
from zhurnal.core.errors import Conflict, Forbidden, InvalidInput
from zhurnal.core.events import publish
from zhurnal.journal import access, locks
from zhurnal.journal.models import Lesson, LessonType
from zhurnal.journal.services.common import check_version
from zhurnal.people.models import Staff
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import Holiday

AUDITED_FIELDS = [
    "date",
    "slot",
    "topic",
    "lesson_type",
    "homework",
    "homework_due",
    "teacher",
    "status",
    "version",
]
EDITABLE_FIELDS = {"topic", "lesson_type", "homework", "homework_due", "status", "slot"}


def _lesson_type(school_id: int, lesson_type_id) -> LessonType | None:
    if lesson_type_id in (None, ""):
        return None
    found = LessonType.objects.filter(school_id=school_id, pk=lesson_type_id).first()
    if found is None:
        raise InvalidInput(_("Тип урока не найден."), field="lesson_type", code="bad_lesson_type")
    return found


def _check_fields(changes: dict) -> None:
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise InvalidInput(
            _("Нельзя изменить поле: %(f)s.") % {"f": ", ".join(sorted(unknown))}, field=min(unknown)
        )
    if "topic" in changes and len(changes["topic"] or "") > 500:
        raise InvalidInput(_("Тема длиннее 500 знаков."), field="topic")
    if "status" in changes and changes["status"] not in Lesson.Status.values:
        raise InvalidInput(_("Недопустимое состояние урока."), field="status")


def lesson_create(
    *, actor: Actor, assignment_id: int, date: dt.date, slot: int | None = None, reason: str = "", **fields
) -> Lesson:
    assignment = access.assignment_for_writer(actor, assignment_id)
    _check_fields(fields)
    if not (assignment.year.start <= date <= assignment.year.end):
        raise InvalidInput(_("Дата вне учебного года."), field="date", code="outside_year")
    grade = assignment.class_group.grade
    holiday = Holiday.objects.filter(
        school_id=assignment.school_id,
        start__lte=date,
        end__gte=date,
        grade_from__lte=grade,
        grade_to__gte=grade,
    ).first()
    if holiday is not None or date.isoweekday() == 7:
        raise InvalidInput(
            _("%(date)s — нерабочий день (%(name)s).")
            % {"date": date.strftime("%d.%m.%Y"), "name": holiday.name if holiday else _("воскресенье")},
            field="date",
            code="non_working_day",
        )
    locks.check_date_editable(assignment, date, edit_window_days=None, reason=reason)
    twin = Lesson.objects.filter(assignment=assignment, date=date, slot=slot).exclude(
        status=Lesson.Status.CANCELLED
    )
    if slot is not None and twin.exists():
        # Also what a retried request meets: the first attempt made the lesson.
        raise Conflict(
            _("Урок %(slot)s %(date)s уже есть в журнале.")
            % {"slot": slot, "date": date.strftime("%d.%m.%Y")},
            code="lesson_exists",
            data={"id": twin.values_list("pk", flat=True).first()},
        )
    lesson = Lesson(
        school_id=assignment.school_id,
        assignment=assignment,
        date=date,
        slot=slot,
        teacher_id=assignment.teacher_id,
        topic=(fields.get("topic") or "").strip(),
        homework=(fields.get("homework") or "").strip(),
        homework_due=fields.get("homework_due"),
        lesson_type=_lesson_type(assignment.school_id, fields.get("lesson_type")),
    )
    with transaction.atomic():
        lesson.save()
        audit_record(actor=actor, action="lesson.create", obj=lesson, after=snapshot(lesson, AUDITED_FIELDS))
        if lesson.homework:
            publish("lesson.homework_set", lesson_id=lesson.pk, actor_user_id=actor.user.pk)
    return lesson


def lesson_update(
    *, actor: Actor, lesson_id: int, changes: dict, expected_version: int | None = None, reason: str = ""
) -> Lesson:
    lesson = access.lesson_for_writer(actor, lesson_id)
    _check_fields(changes)
    # The topic and homework are the journal's record too: a closed period locks them.
    locks.check_date_editable(lesson.assignment, lesson.date, edit_window_days=None, reason=reason)
    cancelling = changes.get("status") == Lesson.Status.CANCELLED != lesson.status
    if cancelling and (lesson.marks.exists() or lesson.attendance.exists()):
        raise InvalidInput(
            _("На уроке уже есть отметки или посещаемость: отменить его нельзя, сначала удалите их."),
            field="status",
            code="lesson_has_records",
        )
    with transaction.atomic():
        lesson = Lesson.objects.select_for_update().get(pk=lesson.pk)
        check_version(lesson.version, expected_version, data={"version": lesson.version})
        before = snapshot(lesson, AUDITED_FIELDS)
        for name in ("topic", "homework"):
            if name in changes:
                setattr(lesson, name, (changes[name] or "").strip())
        if "homework_due" in changes:
            lesson.homework_due = changes["homework_due"]
        if "lesson_type" in changes:
            lesson.lesson_type = _lesson_type(lesson.school_id, changes["lesson_type"])
        if "status" in changes:
            lesson.status = changes["status"]
        if "slot" in changes:
            lesson.slot = changes["slot"]
        lesson.version += 1
        lesson.save()
        audit_record(
            actor=actor,
            action="lesson.update",
            obj=lesson,
            before=before,
            after=snapshot(lesson, AUDITED_FIELDS),
            reason=reason,
        )
        if lesson.homework and lesson.homework != before["homework"]:
            publish("lesson.homework_set", lesson_id=lesson.pk, actor_user_id=actor.user.pk)
    return lesson


def lesson_substitute(*, actor: Actor, lesson_id: int, teacher_id: int, reason: str = "") -> Lesson:
    """The deputy director gives a lesson to another teacher, who then conducts and fills it."""
    lesson = access.lesson_for_reader(actor, lesson_id)
    if not access.may_keep_periods(actor, lesson.school_id):
        raise Forbidden(_("Замену назначает заместитель директора."))
    teacher = Staff.objects.filter(school_id=lesson.school_id, pk=teacher_id).first()
    if teacher is None:
        raise InvalidInput(_("Учитель не найден."), field="teacher")
    with transaction.atomic():
        lesson = Lesson.objects.select_for_update().get(pk=lesson.pk)
        before = snapshot(lesson, AUDITED_FIELDS)
        lesson.teacher = teacher
        lesson.version += 1
        lesson.save(update_fields=["teacher", "version", "updated_at"])
        audit_record(
            actor=actor,
            action="lesson.substitute",
            obj=lesson,
            before=before,
            after=snapshot(lesson, AUDITED_FIELDS),
            reason=reason,
        )
    return lesson
