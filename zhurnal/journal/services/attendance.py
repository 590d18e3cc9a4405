"""Attendance per lesson: a code from the school's directory, minutes for a late arrival."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhurnal.core.audit import audit_record, snapshot
from zhurnal.core.errors import Conflict, InvalidInput
from zhurnal.core.events import publish
from zhurnal.core.inactive import refuse_inactive
from zhurnal.journal import access, locks
from zhurnal.journal.memo import memoized
from zhurnal.journal.models import Attendance, AttendanceCode, Lesson
from zhurnal.journal.services.common import cell_key, check_version
from zhurnal.policy.actor import Actor

AUDITED_FIELDS = ["lesson", "student", "code", "minutes_late", "version"]


@memoized(key=lambda school_id, code: (school_id, code))
def _code(school_id: int, code: str) -> AttendanceCode:
    # Codes are kept in capitals; SQLite cannot compare Cyrillic case-insensitively.
    found = AttendanceCode.objects.filter(school_id=school_id, code=(code or "").strip().upper()).first()
    if found is None:
        raise InvalidInput(
            _("Код посещаемости «%(code)s» не найден в справочнике школы.") % {"code": code},
            field="code",
            code="bad_attendance_code",
        )
    return found


def _current(record: Attendance) -> dict:
    return {"version": record.version, "code": record.code.code, "minutes_late": record.minutes_late}


def _mark_taken(lesson: Lesson) -> None:
    if lesson.attendance_taken_at is None:
        Lesson.objects.filter(pk=lesson.pk, attendance_taken_at__isnull=True).update(
            attendance_taken_at=timezone.now()
        )


def attendance_set(
    *,
    actor: Actor,
    lesson_id: int,
    student_id: int,
    code: str,
    minutes_late: int | None = None,
    expected_version: int | None = None,
    reason: str = "",
) -> Attendance:
    lesson = access.lesson_for_writer(actor, lesson_id)
    student = access.student_of_lesson(lesson, student_id)
    locks.check_cell_editable(lesson, part="attendance", reason=reason)
    found = _code(lesson.school_id, code)
    if found.is_late:
        if minutes_late is None or not 1 <= int(minutes_late) <= 45:
            raise InvalidInput(
                _("Для опоздания укажите, на сколько минут (от 1 до 45)."),
                field="minutes_late",
                code="minutes_required",
            )
    else:
        minutes_late = None
    with transaction.atomic():
        record = (
            Attendance.objects.select_for_update()
            .select_related("code")
            .filter(lesson=lesson, student=student)
            .first()
        )
        refuse_inactive(
            found, field="code", label=_("Код посещаемости"), kept_id=record.code_id if record else None
        )
        if record is None:
            if expected_version:  # the client saw a record that is gone meanwhile
                check_version(0, expected_version)
            record = Attendance(school_id=lesson.school_id, lesson=lesson, student=student, code=found)
            record.minutes_late = minutes_late
            try:
                with transaction.atomic():
                    record.save()
            except IntegrityError:
                # Another save of the same empty cell won the race: a conflict, not a 500.
                raise Conflict(
                    _("Эту ячейку только что заполнил другой пользователь. Обновите данные."),
                    code="version_conflict",
                ) from None
            before = None
            action = "attendance.create"
        else:
            # The record as it stands, so a client whose retried save had landed recognises it.
            check_version(record.version, expected_version, data=_current(record))
            before = snapshot(record, AUDITED_FIELDS)
            record.code = found
            record.minutes_late = minutes_late
            record.version += 1
            record.save()
            action = "attendance.update"
        _mark_taken(lesson)
        audit_record(
            actor=actor,
            action=action,
            obj=record,
            reason=reason,
            before=before,
            after=snapshot(record, AUDITED_FIELDS) | {"code_text": found.code},
            group_key=cell_key(lesson.pk, student.pk),
        )
        publish("attendance.saved", attendance_id=record.pk, actor_user_id=actor.user.pk)
    return record


def attendance_clear(
    *, actor: Actor, lesson_id: int, student_id: int, expected_version: int | None = None, reason: str = ""
) -> None:
    lesson = access.lesson_for_writer(actor, lesson_id)
    locks.check_cell_editable(lesson, part="attendance", reason=reason)
    with transaction.atomic():
        record = (
            Attendance.objects.select_for_update()
            .select_related("code")
            .filter(lesson=lesson, student_id=student_id)
            .first()
        )
        if record is None:
            return
        check_version(record.version, expected_version, data=_current(record))
        audit_record(
            actor=actor,
            action="attendance.delete",
            obj=record,
            reason=reason,
            before=snapshot(record, AUDITED_FIELDS) | {"code_text": record.code.code},
            group_key=cell_key(lesson.pk, record.student_id),
        )
        record.delete()


def attendance_all_present(*, actor: Actor, lesson_id: int, reason: str = "") -> Lesson:
    """Attendance taken in one pass: everyone present; exceptions are set afterwards."""
    lesson = access.lesson_for_writer(actor, lesson_id)
    locks.check_cell_editable(lesson, part="attendance", reason=reason)
    with transaction.atomic():
        _mark_taken(lesson)
        audit_record(actor=actor, action="attendance.all_present", obj=lesson, reason=reason)
    lesson.refresh_from_db(fields=["attendance_taken_at"])
    return lesson
