"""The journal's records as the API answers them, and the cell history in words.

The keys are those of zhurnal.journal.payload's grid (the page's script merges a write's answer
into the grid it loaded), so tests/api/test_journal_shapes.py compares the two.
"""

from __future__ import annotations

from urllib.parse import unquote

from django.utils.translation import gettext as _

from zhurnal.api.schemas import AttendanceOut, CellEventOut, LessonOut, MarkOut, PeriodMarkOut
from zhurnal.core.errors import InvalidInput
from zhurnal.core.models import AuditEvent
from zhurnal.journal.models import Attendance, Lesson, Mark, PeriodMark


def expected_version(header: str | None, name: str = "If-Match") -> int | None:
    """The version a client last saw, from `If-Match: 3` (quotes as in an ETag are allowed)."""
    if header is None or not header.strip():
        return None
    text = header.strip()
    if text.startswith("W/"):
        text = text[2:]
    text = text.strip('"')
    if not text.isdigit() or len(text) > 18:
        raise InvalidInput(
            _("Заголовок %(name)s должен содержать номер версии записи, например 3.") % {"name": name},
            field=name,
        )
    return int(text)


def change_reason(request, given: str | None = None) -> str:
    """Why a closed period's record changes: the body's `reason`, else the `X-Change-Reason`
    header (percent-encoded UTF-8, since headers are Latin-1), else empty."""
    if given:
        return given
    raw = request.headers.get("X-Change-Reason", "")
    return unquote(raw).strip()[:500]


def lesson_out(lesson: Lesson) -> LessonOut:
    return LessonOut(
        id=lesson.pk,
        assignment=lesson.assignment_id,
        date=lesson.date,
        slot=lesson.slot,
        topic=lesson.topic,
        lesson_type=lesson.lesson_type_id,
        lesson_type_name=lesson.lesson_type.name if lesson.lesson_type_id else "",
        homework=lesson.homework,
        homework_due=lesson.homework_due,
        status=lesson.status,
        teacher_id=lesson.teacher_id,
        attendance_taken=lesson.attendance_taken_at is not None,
        version=lesson.version,
        plan_item={"id": item.pk, "number": item.number, "topic": item.topic}
        if (item := lesson.plan_item if lesson.plan_item_id else None) is not None
        else None,
    )


def mark_out(mark: Mark) -> MarkOut:
    return MarkOut(
        id=mark.pk,
        lesson=mark.lesson_id,
        student=mark.student_id,
        value=mark.value,
        work_type=mark.work_type_id,
        weight=mark.work_type.weight,
        comment=mark.comment,
        deferred_until=mark.deferred_until,
        version=mark.version,
    )


def mark_json(mark: Mark) -> dict:
    """`mark_out(mark)` as JSON, written directly: a batch answers up to 200 of them, and building
    and dumping a schema for each cost more than the save (tests/api/test_journal_cells.py)."""
    return {
        "id": mark.pk,
        "lesson": mark.lesson_id,
        "student": mark.student_id,
        "value": mark.value,
        "work_type": mark.work_type_id,
        "weight": mark.work_type.weight,
        "comment": mark.comment,
        "deferred_until": mark.deferred_until.isoformat() if mark.deferred_until else None,
        "version": mark.version,
    }


def attendance_json(record: Attendance) -> dict:
    """`attendance_out(record)` as JSON, written directly (as `mark_json`)."""
    return {
        "lesson": record.lesson_id,
        "student": record.student_id,
        "code": record.code.code,
        "minutes_late": record.minutes_late,
        "version": record.version,
    }


def attendance_out(record: Attendance) -> AttendanceOut:
    return AttendanceOut(
        lesson=record.lesson_id,
        student=record.student_id,
        code=record.code.code,
        minutes_late=record.minutes_late,
        version=record.version,
    )


def period_mark_out(record: PeriodMark) -> PeriodMarkOut:
    return PeriodMarkOut(
        id=record.pk,
        student=record.student_id,
        period=record.period_id,
        value=record.value,
        suggested=record.suggested,
        reason=record.reason,
        version=record.version,
    )


def _attendance_words(state: dict) -> str:
    code = state.get("code_text") or "?"
    if state.get("minutes_late"):
        return _("посещаемость: %(code)s, %(minutes)s мин") % {"code": code, "minutes": state["minutes_late"]}
    return _("посещаемость: %(code)s") % {"code": code}


def summary(event: AuditEvent) -> str:
    """One change of a cell in words: «отметка 4 → 5», «посещаемость: Н», «отметка 3 удалена»."""
    before, after = event.before or {}, event.after or {}
    if event.action == "mark.create":
        return _("отметка %(value)s поставлена") % {"value": after.get("value", "")}
    if event.action == "mark.delete":
        return _("отметка %(value)s удалена") % {"value": before.get("value", "")}
    if event.action == "mark.update":
        old, new = before.get("value", ""), after.get("value", "")
        if old != new:
            return _("отметка %(old)s → %(new)s") % {"old": old, "new": new}
        changed = []
        if before.get("work_type") != after.get("work_type"):
            changed.append(_("вид работы"))
        if before.get("comment") != after.get("comment"):
            changed.append(_("комментарий"))
        if before.get("deferred_until") != after.get("deferred_until"):
            changed.append(_("срок"))
        if not changed:
            return _("отметка %(value)s сохранена без изменений") % {"value": new}
        return _("отметка %(value)s: изменено — %(what)s") % {"value": new, "what": ", ".join(changed)}
    if event.action in ("attendance.create", "attendance.update"):
        return _attendance_words(after)
    if event.action == "attendance.delete":
        return _("посещаемость снята")
    return event.action


def cell_event_out(event: AuditEvent, names: dict[int, str] | None = None) -> CellEventOut:
    """`names`: the people behind the events (selectors.actor_names), so the history says who,
    not which login; the login stays for an actor whose user is gone."""
    return CellEventOut(
        at=event.created_at,
        actor=(names or {}).get(event.actor_id) or event.actor_repr,
        action=event.action,
        summary=summary(event),
        reason=event.reason,
    )
