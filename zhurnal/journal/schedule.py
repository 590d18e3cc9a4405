"""Lessons made from the timetable and the calendar: weekends, holidays (per grade) skipped.

Idempotent: a lesson that already exists for the assignment, date and slot is left alone, so
the daily task can run any number of times. System work, not a user's write: no audit rows.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from zhurnal.core import clock
from zhurnal.journal.models import Attendance, Lesson, LessonFile, Mark
from zhurnal.journal.services.plan import lessons_follow_plan
from zhurnal.people.models import TimetableEntry
from zhurnal.planning.models import PlanVersion
from zhurnal.schools.models import Holiday


def lessons_generate(*, school_id: int, start: dt.date, end: dt.date) -> int:
    entries = list(
        TimetableEntry.objects.filter(school_id=school_id, valid_from__lte=end)
        .exclude(valid_to__lt=start)
        .select_related("assignment__class_group", "assignment__study_group", "assignment__year")
    )
    holidays = list(Holiday.objects.filter(school_id=school_id, start__lte=end, end__gte=start))
    existing = set(
        Lesson.objects.filter(school_id=school_id, date__gte=start, date__lte=end).values_list(
            "assignment_id", "date", "slot"
        )
    )
    new = []
    day = start
    while day <= end:
        weekday = day.isoweekday()
        for entry in entries:
            assignment = entry.assignment
            grade = assignment.grade
            if (
                entry.weekday != weekday
                or day < entry.valid_from
                or (entry.valid_to and day > entry.valid_to)
                or not (assignment.year.start <= day <= assignment.year.end)
                or any(h.start <= day <= h.end and h.grade_from <= grade <= h.grade_to for h in holidays)
                or (assignment.pk, day, entry.slot) in existing
            ):
                continue
            existing.add((assignment.pk, day, entry.slot))
            new.append(
                Lesson(
                    school_id=school_id,
                    assignment=assignment,
                    date=day,
                    slot=entry.slot,
                    teacher_id=assignment.teacher_id,
                )
            )
        day += dt.timedelta(days=1)
    Lesson.objects.bulk_create(new, batch_size=2000)
    # New lessons of a journal with an approved КТП take its next items (decision 0024).
    fed = {lesson.assignment_id for lesson in new}
    with_plans = PlanVersion.objects.filter(
        plan__assignment_id__in=fed, status=PlanVersion.Status.APPROVED
    ).values_list("plan__assignment_id", flat=True)
    for assignment_id in sorted(set(with_plans)) if fed else ():
        lessons_follow_plan(assignment_id=assignment_id)
    return len(new)


def untouched_q() -> Q:
    """Lessons as the timetable made them: nothing entered (no topic, homework, marks, attendance,
    files), never changed (version 1, so never substituted either), not ad hoc."""
    return (
        Q(status=Lesson.Status.PLANNED, version=1, topic="", homework="", slot__isnull=False)
        & Q(attendance_taken_at__isnull=True, idempotency_key__isnull=True)
        & ~Exists(Mark.objects.filter(lesson=OuterRef("pk")))
        & ~Exists(Attendance.objects.filter(lesson=OuterRef("pk")))
        & ~Exists(LessonFile.objects.filter(lesson=OuterRef("pk")))
    )


def lessons_resync(*, school_id: int, start: dt.date, end: dt.date) -> tuple[int, int]:
    """After a timetable or teaching-load change: the untouched lessons from `start` to `end` that
    no timetable entry holds any more go, those of a journal handed to another teacher follow it,
    and the timetable's new lessons are made. Lessons with anything entered are never touched.
    Returns (removed, made)."""
    entries = list(
        TimetableEntry.objects.filter(school_id=school_id, valid_from__lte=end)
        .exclude(valid_to__lt=start)
        .values_list("assignment_id", "weekday", "slot", "valid_from", "valid_to")
    )
    untouched = list(
        Lesson.objects.filter(untouched_q(), school_id=school_id, date__gte=start, date__lte=end)
        .select_related("assignment")
        .only(
            "pk",
            "assignment_id",
            "date",
            "slot",
            "teacher_id",
            "assignment__teacher_id",
            "assignment__ended_on",
        )
    )
    stale, moved = [], []
    for lesson in untouched:
        held = any(
            a == lesson.assignment_id
            and w == lesson.date.isoweekday()
            and s == lesson.slot
            and v_from <= lesson.date
            and (v_to is None or lesson.date <= v_to)
            for a, w, s, v_from, v_to in entries
        )
        if not held:
            stale.append(lesson.pk)
        elif lesson.teacher_id != lesson.assignment.teacher_id:
            moved.append(lesson)
    Lesson.objects.filter(pk__in=stale).delete()
    for lesson in moved:
        lesson.teacher_id = lesson.assignment.teacher_id
    Lesson.objects.bulk_update(moved, ["teacher_id"], batch_size=500)
    return len(stale), lessons_generate(school_id=school_id, start=start, end=end)


RESYNC_DAYS = 14  # as far ahead as the scheduler makes lessons (ops.scheduler.LESSON_DAYS)


def on_timetable_changed(event: str, payload: dict) -> None:
    """Subscriber of people's `timetable.changed`: the coming fortnight follows the timetable."""
    today = clock.today()
    start = max(dt.date.fromisoformat(payload["start"]), today)
    end = today + dt.timedelta(days=RESYNC_DAYS)
    if start <= end:
        with transaction.atomic():
            lessons_resync(school_id=payload["school_id"], start=start, end=end)
