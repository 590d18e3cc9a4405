"""A day's lessons: timetable entries merged with the Lesson rows that exist, with bell times.

The functions here work on rows already loaded by a selector, so they run no queries of their
own, except `attach_bells`, which loads the bell slots of every row in one query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from zhurnal.journal.models import Lesson
from zhurnal.people.models import TeachingAssignment, TimetableEntry, enrolled_between_q
from zhurnal.schools.models import BellSlot, Holiday

# How far ahead the "next school day" is looked for (covers the longest school holidays).
LOOKAHEAD_DAYS = 21


def valid_on_q(day: dt.date, prefix: str = "") -> Q:
    """Rows with `valid_from`/`valid_to` (timetable entries) in force on `day`."""
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


def enrolled_on_q(day: dt.date, prefix: str = "") -> Q:
    """Enrolments (`start`/`end`) in force on `day`."""
    return enrolled_between_q(day, day, prefix)


@dataclass
class DayLesson:
    """One line of a day: a timetable slot, a lesson that exists, or both."""

    day: dt.date
    slot: int | None
    assignment: TeachingAssignment
    bell_schedule_id: int | None
    room: str = ""
    lesson: Lesson | None = None
    starts: dt.time | None = None
    ends: dt.time | None = None
    # Set when the viewer substitutes for another teacher, or another teacher for the viewer.
    substitute_for: str = ""
    substituted_by: str = ""

    @property
    def class_label(self) -> str:
        assignment = self.assignment
        if assignment.subgroup_id:
            return f"{assignment.class_group} · {assignment.subgroup.name}"
        return str(assignment.unit)

    @property
    def subject(self) -> str:
        return self.assignment.subject.name

    @property
    def topic(self) -> str:
        return self.lesson.topic if self.lesson else ""

    @property
    def planned_topic(self) -> str:
        """The КТП item's topic (decision 0024), shown while the lesson has none of its own."""
        return self.lesson.plan_item.topic if self.lesson and self.lesson.plan_item_id else ""

    @property
    def cancelled(self) -> bool:
        return self.lesson is not None and self.lesson.status == Lesson.Status.CANCELLED

    @property
    def sort_key(self) -> tuple:
        return (self.slot or 99, self.starts or dt.time.max, self.subject)


def on_holiday(day: dt.date, school_id: int, grade: int, holidays: Iterable[Holiday]) -> bool:
    return any(
        h.school_id == school_id and h.start <= day <= h.end and h.applies_to_grade(grade) for h in holidays
    )


def entries_on(day: dt.date, entries: Iterable[TimetableEntry], holidays: Iterable[Holiday]) -> list:
    """The timetable entries that take place on `day` (weekday, validity and holidays)."""
    weekday = day.isoweekday()
    return [
        e
        for e in entries
        if e.weekday == weekday
        and e.valid_from <= day
        and (e.valid_to is None or e.valid_to >= day)
        and not on_holiday(day, e.school_id, e.assignment.grade, holidays)
    ]


def merge_day(
    day: dt.date,
    entries: Iterable[TimetableEntry],
    lessons: Iterable[Lesson],
    *,
    viewer_staff_ids: frozenset[int] = frozenset(),
) -> list[DayLesson]:
    """Timetable entries of `day` with their lessons attached; lessons off the timetable added.

    A lesson belongs to an entry when it has the entry's assignment and slot.
    """
    rows: dict[tuple, DayLesson] = {}
    for entry in entries:
        rows[(entry.assignment_id, entry.slot)] = DayLesson(
            day=day,
            slot=entry.slot,
            assignment=entry.assignment,
            bell_schedule_id=entry.bell_schedule_id,
            room=entry.room,
        )
    for lesson in lessons:
        if lesson.date != day:
            continue
        row = rows.get((lesson.assignment_id, lesson.slot))
        if row is None:
            row = rows[(lesson.assignment_id, lesson.slot, lesson.pk)] = DayLesson(
                day=day,
                slot=lesson.slot,
                assignment=lesson.assignment,
                bell_schedule_id=lesson.assignment.class_group.bell_schedule_id
                if lesson.assignment.class_group_id
                else None,
            )
        row.lesson = lesson
        if viewer_staff_ids:  # the viewer's staff cards, one per school they work in
            conducts, owns = (
                lesson.teacher_id in viewer_staff_ids,
                lesson.assignment.teacher_id in viewer_staff_ids,
            )
            if conducts and not owns:
                row.substitute_for = lesson.assignment.teacher.short_name
            elif owns and not conducts:
                row.substituted_by = lesson.teacher.short_name
    return sorted(rows.values(), key=lambda r: r.sort_key)


def attach_bells(actor, rows: list[DayLesson]) -> None:
    """Fill in bell times from the rows' bell schedules, in one query for all of them."""
    schedule_ids = {r.bell_schedule_id for r in rows if r.bell_schedule_id and r.slot}
    if not schedule_ids:
        return
    slots = BellSlot.objects.visible_to(actor).filter(schedule_id__in=schedule_ids)
    times = {(s.schedule_id, s.number): (s.starts, s.ends) for s in slots}
    for row in rows:
        row.starts, row.ends = times.get((row.bell_schedule_id, row.slot), (None, None))
    rows.sort(key=lambda r: r.sort_key)


ENTRY_RELATED = (
    "assignment__subject",
    "assignment__class_group",
    "assignment__subgroup",
    "assignment__study_group",
    "assignment__teacher",
)
LESSON_RELATED = (*ENTRY_RELATED, "teacher", "plan_item")
