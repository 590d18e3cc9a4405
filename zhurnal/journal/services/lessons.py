"""Lessons: ad-hoc creation, topic / type / homework, cancellation and substitution."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from zhurnal.core.audit import audit_record, snapshot
from zhurnal.core.errors import Conflict, Forbidden, InvalidInput, Unprocessable
from zhurnal.core.events import publish
from zhurnal.core.inactive import refuse_inactive
from zhurnal.journal import access, locks
from zhurnal.journal.models import Lesson, LessonType
from zhurnal.journal.services.common import body_digest, check_version
from zhurnal.journal.services.plan import lessons_follow_plan
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
# Which part of the journal (School.edit_window_covers) a field of the lesson belongs to.
PART_OF_FIELD = {"topic": "topic", "lesson_type": "topic", "homework": "homework", "homework_due": "homework"}


def _lesson_type(school_id: int, lesson_type_id, kept_id=None) -> LessonType | None:
    if lesson_type_id in (None, ""):
        return None
    found = LessonType.objects.filter(school_id=school_id, pk=lesson_type_id).first()
    if found is None:
        raise InvalidInput(_("Тип урока не найден."), field="lesson_type", code="bad_lesson_type")
    refuse_inactive(found, field="lesson_type", label=_("Тип урока"), kept_id=kept_id)
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


def _lesson_exists(date: dt.date, slot, lesson_id) -> Conflict:
    return Conflict(
        _("Урок %(slot)s %(date)s уже есть в журнале.") % {"slot": slot, "date": date.strftime("%d.%m.%Y")},
        code="lesson_exists",
        data={"id": lesson_id},
    )


def _retried_lesson(school_id: int, key: str, digest: str | None) -> Lesson | None:
    """The lesson a retried request already made (None on the first try); a key reused for
    another request is refused (422), as for marks."""
    existing = Lesson.objects.filter(school_id=school_id, idempotency_key=key).first()
    if existing is not None and existing.idempotency_digest != digest:
        raise Unprocessable(
            _("Этот ключ повтора (Idempotency-Key) уже использован для другого урока."),
            field="Idempotency-Key",
            code="idempotency_key_reused",
        )
    return existing


def lesson_create(
    *,
    actor: Actor,
    assignment_id: int,
    date: dt.date,
    slot: int | None = None,
    reason: str = "",
    idempotency_key: str | None = None,
    **fields,
) -> tuple[Lesson, bool]:
    """A lesson outside the timetable; returns (lesson, created). With an Idempotency-Key a retry
    returns the lesson the first try made; without a slot only the key makes a retry safe, since
    several ad-hoc lessons a day are allowed."""
    assignment = access.assignment_for_writer(actor, assignment_id)
    _check_fields(fields)
    digest = None
    if idempotency_key:
        digest = body_digest(assignment=int(assignment_id), date=date, slot=slot, **fields)
        existing = _retried_lesson(assignment.school_id, idempotency_key, digest)
        if existing is not None:
            return existing, False
    if not (assignment.year.start <= date <= assignment.year.end):
        raise InvalidInput(_("Дата вне учебного года."), field="date", code="outside_year")
    grade = assignment.grade
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
        raise _lesson_exists(date, slot, twin.values_list("pk", flat=True).first())
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
        idempotency_key=idempotency_key or None,
        idempotency_digest=digest,
    )
    try:
        with transaction.atomic():
            lesson.save()
            audit_record(
                actor=actor, action="lesson.create", obj=lesson, after=snapshot(lesson, AUDITED_FIELDS)
            )
            if lesson.homework:
                publish("lesson.homework_set", lesson_id=lesson.pk, actor_user_id=actor.user.pk)
            if not lesson.topic and lessons_follow_plan(assignment_id=assignment.pk, actor=actor):
                lesson.refresh_from_db()
    except IntegrityError:
        # A concurrent request won: the same key (a retry) or the same live slot (the index).
        if idempotency_key:
            existing = _retried_lesson(assignment.school_id, idempotency_key, digest)
            if existing is not None:
                return existing, False
        raise _lesson_exists(date, slot, twin.values_list("pk", flat=True).first()) from None
    return lesson, True


def lesson_update(
    *, actor: Actor, lesson_id: int, changes: dict, expected_version: int | None = None, reason: str = ""
) -> Lesson:
    lesson = access.lesson_for_writer(actor, lesson_id)
    _check_fields(changes)
    # The topic and homework are the journal's record too: a closed period locks them, and so
    # does the edit window when the school's setting covers them.
    parts = {PART_OF_FIELD[name] for name in changes if name in PART_OF_FIELD}
    locks.check_date_editable(
        lesson.assignment,
        lesson.date,
        edit_window_days=locks.window_days(lesson.school, *parts),
        reason=reason,
    )
    cancelling = changes.get("status") == Lesson.Status.CANCELLED != lesson.status
    if cancelling and (lesson.marks.exists() or lesson.attendance.exists()):
        raise InvalidInput(
            _("На уроке уже есть отметки или посещаемость: отменить его нельзя, сначала удалите их."),
            field="status",
            code="lesson_has_records",
        )
    with transaction.atomic():
        lesson = Lesson.objects.select_for_update().get(pk=lesson.pk)
        check_version(
            lesson.version,
            expected_version,
            data={"version": lesson.version, "topic": lesson.topic, "homework": lesson.homework},
        )
        before = snapshot(lesson, AUDITED_FIELDS)
        for name in ("topic", "homework"):
            if name in changes:
                setattr(lesson, name, (changes[name] or "").strip())
        if "homework_due" in changes:
            lesson.homework_due = changes["homework_due"]
        if "lesson_type" in changes:
            lesson.lesson_type = _lesson_type(lesson.school_id, changes["lesson_type"], lesson.lesson_type_id)
        if "status" in changes:
            lesson.status = changes["status"]
        if "slot" in changes:
            lesson.slot = changes["slot"]
        lesson.version += 1
        try:
            with transaction.atomic():
                lesson.save()
        except IntegrityError:  # moved onto (or restored into) a slot a live lesson holds
            raise _lesson_exists(lesson.date, lesson.slot, None) from None
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
        # Cancelled, restored, moved or its topic cleared: the plan's items shift (decision 0024).
        replanned = any(before[name] != getattr(lesson, name) for name in ("status", "slot"))
        cleared = bool(before["topic"]) and not lesson.topic
        if (replanned or cleared) and lessons_follow_plan(assignment_id=lesson.assignment_id, actor=actor):
            lesson.refresh_from_db()
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
