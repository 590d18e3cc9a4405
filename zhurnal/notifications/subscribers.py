"""Reactions to the domain events (docs/decisions/0004): each builds the texts and calls notify.

They run after the writer's transaction commits; a failure is logged by core.events and never
undoes the write. Payloads carry ids; every handler loads what it needs in a few queries.
"""

from __future__ import annotations

from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from zhurnal.core import events
from zhurnal.journal.models import Attendance, JournalUnlock, Lesson, Mark, PeriodMark
from zhurnal.journal.roster import roster_filter
from zhurnal.notifications.delivery import Draft, notify
from zhurnal.notifications.kinds import Kind
from zhurnal.notifications.recipients import diary_url, family_of
from zhurnal.people.models import Student


def _day(value) -> str:
    return date_format(value, "j E") if value else ""


def _by_school(records) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for record in records:
        grouped.setdefault(record.school_id, []).append(record)
    return grouped


def _actor_of(payloads: list[dict[str, Any]]) -> int | None:
    return payloads[0].get("actor_user_id") if payloads else None


def _mark_text(marks: list[Mark], created: bool) -> tuple[str, str]:
    """One pupil's marks of one batch (usually one) as a title and a body."""
    if len(marks) == 1:
        mark = marks[0]
        subject = mark.lesson.assignment.subject.name
        if created:
            title = _("Новая отметка %(value)s: %(subject)s") % {"value": mark.value, "subject": subject}
        else:
            title = _("Отметка изменена на %(value)s: %(subject)s") % {
                "value": mark.value,
                "subject": subject,
            }
        body = _("%(student)s, %(day)s: %(work)s.") % {
            "student": mark.student.short_name,
            "day": _day(mark.lesson.date),
            "work": mark.work_type.name,
        }
        if mark.comment:
            body += " " + _("Комментарий: %(comment)s") % {"comment": mark.comment}
        return title, body
    subjects = ", ".join(dict.fromkeys(m.lesson.assignment.subject.name for m in marks))
    title = _("Отметки %(values)s: %(subjects)s") % {
        "values": ", ".join(m.value for m in marks),
        "subjects": subjects,
    }
    lines = [
        _("%(day)s, %(subject)s: %(value)s — %(work)s.")
        % {
            "day": _day(m.lesson.date),
            "subject": m.lesson.assignment.subject.name,
            "value": m.value,
            "work": m.work_type.name,
        }
        + (" " + _("Комментарий: %(comment)s") % {"comment": m.comment} if m.comment else "")
        for m in marks
    ]
    return title, marks[0].student.short_name + ": " + " ".join(lines)


def on_marks_saved(event: str, payloads: list[dict[str, Any]]) -> None:
    """The marks of one batch (core.events.grouped): one notification per pupil and family
    member, naming every mark the pupil got, in a fixed number of queries."""
    created = {p["mark_id"]: p.get("created", True) for p in payloads}
    marks = list(
        Mark.objects.select_related("student", "work_type", "lesson__assignment__subject", "school")
        .filter(pk__in=list(created))
        .order_by("lesson__date", "id")
    )
    family = family_of({m.student_id for m in marks})
    for school_id, in_school in _by_school(marks).items():
        by_student: dict[int, list[Mark]] = {}
        for mark in in_school:
            by_student.setdefault(mark.student_id, []).append(mark)
        drafts = []
        for student_id, own in by_student.items():
            title, body = _mark_text(own, all(created[m.pk] for m in own))
            url = diary_url(student_id)
            drafts += [
                Draft(uid, title, body, url, student_id, own[0].pk) for uid in family.get(student_id, [])
            ]
        notify(
            kind=Kind.MARK,
            drafts=drafts,
            school_id=school_id,
            school_name=in_school[0].school.short_name,
            object_type="journal.mark",
            actor_id=_actor_of(payloads),
        )


def on_mark_saved(event: str, payload: dict[str, Any]) -> None:
    on_marks_saved(event, [payload])


def _absence_text(records: list[Attendance]) -> tuple[str, str]:
    first = records[0]
    subjects = ", ".join(dict.fromkeys(r.lesson.assignment.subject.name for r in records))
    title = _("Пропуск урока: %(student)s, %(subject)s") % {
        "student": first.student.first_name,
        "subject": subjects,
    }
    body = " ".join(
        _("%(student)s, %(day)s, урок №%(slot)s: %(code)s — %(name)s.")
        % {
            "student": r.student.short_name,
            "day": _day(r.lesson.date),
            "slot": r.lesson.slot or "–",
            "code": r.code.code,
            "name": r.code.name,
        }
        for r in records
    )
    return title, body


def on_attendances_saved(event: str, payloads: list[dict[str, Any]]) -> None:
    """An absence is told to the parents the same day; a late arrival or presence is not. The
    absences of one batch: one notification per pupil and parent."""
    records = [
        r
        for r in Attendance.objects.select_related("code", "student", "lesson__assignment__subject", "school")
        .filter(pk__in=[p["attendance_id"] for p in payloads])
        .order_by("lesson__date", "lesson__slot", "id")
        if r.code.is_absence
    ]
    if not records:
        return
    family = family_of({r.student_id for r in records}, with_pupil=False)
    for school_id, in_school in _by_school(records).items():
        by_student: dict[int, list[Attendance]] = {}
        for record in in_school:
            by_student.setdefault(record.student_id, []).append(record)
        drafts = []
        for student_id, own in by_student.items():
            title, body = _absence_text(own)
            url = diary_url(student_id)
            drafts += [
                Draft(uid, title, body, url, student_id, own[0].pk) for uid in family.get(student_id, [])
            ]
        notify(
            kind=Kind.ABSENCE,
            drafts=drafts,
            school_id=school_id,
            school_name=in_school[0].school.short_name,
            object_type="journal.attendance",
            actor_id=_actor_of(payloads),
        )


def on_attendance_saved(event: str, payload: dict[str, Any]) -> None:
    on_attendances_saved(event, [payload])


def on_homework_set(event: str, payload: dict[str, Any]) -> None:
    """Homework goes to the pupils of the class (or subgroup) on the lesson's date, and their parents."""
    lesson = (
        Lesson.objects.select_related("assignment__subject", "school").filter(pk=payload["lesson_id"]).first()
    )
    if lesson is None or not lesson.homework:
        return
    pupils = list(
        Student.objects.filter(roster_filter(lesson.assignment, lesson.date, lesson.date)).values_list(
            "pk", flat=True
        )
    )
    title = _("Домашнее задание: %(subject)s") % {"subject": lesson.assignment.subject.name}
    text = lesson.homework if len(lesson.homework) <= 500 else lesson.homework[:499] + "…"
    if lesson.homework_due:
        body = _("К %(day)s: %(text)s") % {"day": _day(lesson.homework_due), "text": text}
    else:
        body = _("Задано %(day)s: %(text)s") % {"day": _day(lesson.date), "text": text}
    family = family_of(pupils)
    drafts = [
        Draft(uid, title, body, diary_url(student_id), student_id)
        for student_id in pupils
        for uid in family.get(student_id, [])
    ]
    notify(
        kind=Kind.HOMEWORK,
        drafts=drafts,
        school_id=lesson.school_id,
        school_name=lesson.school.short_name,
        object_type="journal.lesson",
        object_id=lesson.pk,
        actor_id=payload.get("actor_user_id"),
    )


def on_period_mark_saved(event: str, payload: dict[str, Any]) -> None:
    record = (
        PeriodMark.objects.select_related("student", "subject", "period", "school")
        .filter(pk=payload["period_mark_id"])
        .first()
    )
    if record is None:
        return
    when = record.period.name if record.period_id else record.get_kind_display()
    title = _("Отметка за период %(value)s: %(subject)s") % {
        "value": record.value,
        "subject": record.subject.name,
    }
    body = _("%(student)s, %(period)s.") % {"student": record.student.short_name, "period": when}
    family = family_of([record.student_id])
    url = diary_url(record.student_id)
    drafts = [Draft(uid, title, body, url, record.student_id) for uid in family.get(record.student_id, [])]
    notify(
        kind=Kind.PERIOD_MARKS,
        drafts=drafts,
        school_id=record.school_id,
        school_name=record.school.short_name,
        object_type="journal.periodmark",
        object_id=record.pk,
        actor_id=payload.get("actor_user_id"),
    )


def on_journal_unlocked(event: str, payload: dict[str, Any]) -> None:
    """The teacher learns that the deputy director allowed changes in their journal, and until when."""
    from django.urls import reverse
    from django.utils import timezone

    unlock = (
        JournalUnlock.objects.select_related(
            "assignment__teacher", "assignment__subject", "assignment__class_group", "school"
        )
        .filter(pk=payload["unlock_id"])
        .first()
    )
    if unlock is None or unlock.assignment.teacher.user_id is None:
        return
    assignment = unlock.assignment
    title = _("Разрешено исправление: %(subject)s, %(class)s") % {
        "subject": assignment.subject.name,
        "class": assignment.class_group,
    }
    body = _("Даты %(start)s–%(end)s можно исправить до %(until)s. Причина: %(reason)s") % {
        "start": unlock.date_from.strftime("%d.%m.%Y"),
        "end": unlock.date_to.strftime("%d.%m.%Y"),
        "until": timezone.localtime(unlock.expires_at).strftime("%d.%m.%Y %H:%M"),
        "reason": unlock.reason,
    }
    notify(
        kind=Kind.UNLOCK,
        drafts=[
            Draft(assignment.teacher.user_id, title, body, reverse("journal:grid", args=[assignment.pk]))
        ],
        school_id=unlock.school_id,
        school_name=unlock.school.short_name,
        object_type="journal.journalunlock",
        object_id=unlock.pk,
        actor_id=payload.get("actor_user_id"),
    )


# The events a batch of cell changes delivers at once (core.events.grouped).
GROUP_HANDLERS = {
    "mark.saved": on_marks_saved,
    "attendance.saved": on_attendances_saved,
}

JOURNAL_HANDLERS = {
    "mark.saved": on_mark_saved,
    "attendance.saved": on_attendance_saved,
    "lesson.homework_set": on_homework_set,
    "period_mark.saved": on_period_mark_saved,
    "journal.unlocked": on_journal_unlocked,
}


def handlers() -> dict[str, Any]:
    from zhurnal.notifications import messaging_subscribers

    return {
        **JOURNAL_HANDLERS,
        "message.created": messaging_subscribers.on_message_created,
        "announcement.published": messaging_subscribers.on_announcement_published,
    }


def _enqueue(event: str, payload: dict[str, Any]) -> None:
    """After commit, hand the event to the task interface: on the embedded default a background
    thread, so the teacher's save does not wait for the parents' notifications. Single marks and
    absences saved a moment apart are gathered into one group task there (`coalesce`)."""
    from zhurnal.notifications.coalesce import coalescer
    from zhurnal.notifications.tasks import notify_event

    if event in GROUP_HANDLERS and (gathering := coalescer(_enqueue_group)) is not None:
        gathering.add(event, payload)
        return
    notify_event.enqueue(event, payload)


def _enqueue_group(event: str, payloads: list[dict[str, Any]]) -> None:
    """A batch's events of one kind as one task: one notification per pupil, not one per mark."""
    from zhurnal.notifications.tasks import notify_events

    notify_events.enqueue(event, payloads)


def connect() -> None:
    for name in handlers():
        events.subscribe(name, _enqueue)
    for name in GROUP_HANDLERS:
        events.subscribe_group(name, _enqueue_group)
