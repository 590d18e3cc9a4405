"""Lessons made from the timetable and the calendar: weekends, holidays (per grade) skipped.

Idempotent: a lesson that already exists for the assignment, date and slot is left alone, so
the daily task can run any number of times. System work, not a user's write: no audit rows.
"""

import datetime as dt

from zhurnal.journal.models import Lesson
from zhurnal.journal.services.plan import lessons_follow_plan
from zhurnal.people.models import TimetableEntry
from zhurnal.planning.models import PlanVersion
from zhurnal.schools.models import Holiday


def lessons_generate(*, school_id: int, start: dt.date, end: dt.date) -> int:
    entries = list(
        TimetableEntry.objects.filter(school_id=school_id, valid_from__lte=end)
        .exclude(valid_to__lt=start)
        .select_related("assignment__class_group", "assignment__year")
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
            grade = assignment.class_group.grade
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
