"""Reads for the home page, one section per role. Each runs a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber

from zhurnal.core.clock import academic_year_start
from zhurnal.journal.models import Attendance, Lesson, Mark
from zhurnal.journal.selectors import teacher_lesson_ids
from zhurnal.people.models import Enrollment, Staff, Student, SubgroupMembership, TimetableEntry
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import ClassGroup, Holiday, School
from zhurnal.web.selectors.schedule import (
    ENTRY_RELATED,
    LESSON_RELATED,
    LOOKAHEAD_DAYS,
    DayLesson,
    attach_bells,
    enrolled_on_q,
    entries_on,
    merge_day,
    valid_on_q,
)

RECENT_MARKS = 5
TOPIC_CHECK_DAYS = 7


# --- teacher ------------------------------------------------------------------------------------


@dataclass
class TeacherDay:
    today: dt.date
    lessons: list[DayLesson]
    # When there is nothing today: the next school day with lessons, and its lessons.
    next_day: dt.date | None = None
    next_lessons: list[DayLesson] = field(default_factory=list)


def teacher_day(actor: Actor, today: dt.date) -> TeacherDay:
    """Today's lessons of the actor's assignments and substitutions; else the next school day's."""
    staff_ids = actor.staff_ids
    if not staff_ids:
        return TeacherDay(today=today, lessons=[])
    until = today + dt.timedelta(days=LOOKAHEAD_DAYS)
    entries = list(
        TimetableEntry.objects.visible_to(actor)
        .filter(assignment__teacher_id__in=staff_ids, valid_from__lte=until)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .select_related(*ENTRY_RELATED)
    )
    lessons = list(
        Lesson.objects.visible_to(actor)
        .filter(pk__in=teacher_lesson_ids(staff_ids, today, until))
        .select_related(*LESSON_RELATED)
    )
    holidays = list(
        Holiday.objects.visible_to(actor).filter(
            school_id__in=actor.member_school_ids, start__lte=until, end__gte=today
        )
    )
    result = TeacherDay(today=today, lessons=_teacher_rows(today, entries, lessons, holidays, staff_ids))
    if not result.lessons:
        for offset in range(1, LOOKAHEAD_DAYS + 1):
            day = today + dt.timedelta(days=offset)
            rows = _teacher_rows(day, entries, lessons, holidays, staff_ids)
            if rows:
                result.next_day, result.next_lessons = day, rows
                break
    attach_bells(actor, result.lessons + result.next_lessons)
    return result


def _teacher_rows(day, entries, lessons, holidays, staff_ids) -> list[DayLesson]:
    return merge_day(day, entries_on(day, entries, holidays), lessons, viewer_staff_ids=staff_ids)


# --- class teacher ------------------------------------------------------------------------------


@dataclass
class Absence:
    student: Student
    codes: list[str] = field(default_factory=list)  # one per lesson missed today

    @property
    def summary(self) -> str:
        """«Б ×4», «Н, У ×2»: each code with the number of lessons it was given for."""
        counts: dict[str, int] = {}
        for code in self.codes:
            counts[code] = counts.get(code, 0) + 1
        return ", ".join(code if n == 1 else f"{code} ×{n}" for code, n in counts.items())


@dataclass
class LedClass:
    class_group: ClassGroup
    absences: list[Absence] = field(default_factory=list)

    @property
    def student_count(self) -> int:
        return self.class_group.student_count


def led_classes(actor: Actor, today: dt.date) -> list[LedClass]:
    """The classes the actor leads: pupils enrolled today and today's absences."""
    if not actor.led_class_ids:
        return []
    classes = (
        ClassGroup.objects.visible_to(actor)
        .filter(pk__in=actor.led_class_ids)
        .annotate(student_count=_enrolled_count(today))
        .order_by("grade", "letter")
    )
    panels = {c.pk: LedClass(class_group=c) for c in classes}
    marks = (
        Attendance.objects.visible_to(actor)
        .filter(lesson__date=today, lesson__assignment__class_group_id__in=panels, code__is_absence=True)
        .select_related("student", "code", "lesson__assignment")
        .order_by("student__last_name", "student__first_name", "student_id", "lesson__slot")
    )
    by_student: dict[tuple, Absence] = {}
    for mark in marks:
        class_id = mark.lesson.assignment.class_group_id
        key = (class_id, mark.student_id)
        if key not in by_student:
            by_student[key] = Absence(student=mark.student)
            panels[class_id].absences.append(by_student[key])
        by_student[key].codes.append(mark.code.code)
    return list(panels.values())


def _enrolled_count(today: dt.date, prefix: str = "enrollments__"):
    return Count(f"{prefix}student", filter=enrolled_on_q(today, prefix), distinct=True)


# --- parent and pupil ---------------------------------------------------------------------------


@dataclass
class PupilCard:
    student: Student
    class_group: ClassGroup | None
    lessons: list[DayLesson] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)


def pupil_cards(actor: Actor, today: dt.date, student_ids) -> list[PupilCard]:
    """For each pupil: the current class, today's timetable and the last marks."""
    if not student_ids:
        return []
    students = (
        Student.objects.visible_to(actor)
        .filter(pk__in=student_ids)
        .prefetch_related(
            Prefetch(
                "enrollments",
                queryset=Enrollment.objects.visible_to(actor)
                .filter(enrolled_on_q(today))
                .select_related("class_group"),
                to_attr="current_enrollments",
            )
        )
    )
    cards = []
    for student in students:
        current = student.current_enrollments[0].class_group if student.current_enrollments else None
        cards.append(PupilCard(student=student, class_group=current))
    if not cards:
        return []
    ids = [c.student.pk for c in cards]
    _fill_timetables(actor, today, cards)
    _fill_recent_marks(actor, ids, cards)
    return cards


def _fill_timetables(actor: Actor, today: dt.date, cards: list[PupilCard]) -> None:
    class_ids = {c.class_group.pk for c in cards if c.class_group}
    if not class_ids:
        return
    ids = [c.student.pk for c in cards]
    subgroups = defaultdict(set)
    for student_id, subgroup_id in (
        SubgroupMembership.objects.visible_to(actor)
        .filter(student_id__in=ids)
        .values_list("student_id", "subgroup_id")
    ):
        subgroups[student_id].add(subgroup_id)
    entries = list(
        TimetableEntry.objects.visible_to(actor)
        .filter(valid_on_q(today), assignment__class_group_id__in=class_ids, weekday=today.isoweekday())
        .select_related(*ENTRY_RELATED)
    )
    lessons = list(
        Lesson.objects.visible_to(actor)
        .filter(date=today, assignment__class_group_id__in=class_ids)
        .select_related(*LESSON_RELATED)
    )
    school_ids = {c.class_group.school_id for c in cards if c.class_group}
    holidays = list(
        Holiday.objects.visible_to(actor).filter(school_id__in=school_ids, start__lte=today, end__gte=today)
    )
    todays = entries_on(today, entries, holidays)
    for card in cards:
        if card.class_group is None:
            continue

        def attends(assignment, card=card):
            return assignment.class_group_id == card.class_group.pk and (
                assignment.subgroup_id is None or assignment.subgroup_id in subgroups[card.student.pk]
            )

        card.lessons = merge_day(
            today,
            [e for e in todays if attends(e.assignment)],
            [lesson for lesson in lessons if attends(lesson.assignment)],
        )
    attach_bells(actor, [row for card in cards for row in card.lessons])


def _fill_recent_marks(actor: Actor, ids: list[int], cards: list[PupilCard]) -> None:
    ranked = (
        Mark.objects.visible_to(actor)
        .filter(student_id__in=ids)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("student_id")],
                order_by=[F("lesson__date").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=RECENT_MARKS)
        .select_related("lesson__assignment__subject", "work_type")
        .order_by("student_id", "-lesson__date", "-pk")
    )
    by_student = defaultdict(list)
    for mark in ranked:
        by_student[mark.student_id].append(mark)
    for card in cards:
        card.marks = by_student[card.student.pk]


# --- administration and authority -------------------------------------------------------------


def _per_school(queryset, *, distinct_field: str = "pk"):
    """A correlated count of `queryset` rows of the outer school (0 when none)."""
    counted = (
        queryset.filter(school_id=OuterRef("pk"))
        .order_by()
        .values("school_id")
        .annotate(n=Count(distinct_field, distinct=True))
        .values("n")[:1]
    )
    return Coalesce(Subquery(counted), 0)


def current_year_q(today: dt.date, prefix: str = "") -> Q:
    """Rows of the academic year in progress (in summer, the year just ended)."""
    return Q(**{f"{prefix}year__start__year": academic_year_start(today)})


def school_figures(actor: Actor, today: dt.date, school_ids) -> list[School]:
    """Each school's overview numbers, in one query: aggregates only, no pupil's record.

    "Lessons without a topic" looks at the seven days before today: today's lessons may still
    be going on.
    """
    week_ago = today - dt.timedelta(days=TOPIC_CHECK_DAYS)
    held = Lesson.objects.exclude(status=Lesson.Status.CANCELLED)
    return list(
        School.objects.visible_to(actor)
        .filter(pk__in=school_ids)
        .annotate(
            class_count=_per_school(ClassGroup.objects.filter(current_year_q(today))),
            student_count=_per_school(
                Enrollment.objects.filter(enrolled_on_q(today)), distinct_field="student_id"
            ),
            staff_count=_per_school(Staff.objects.all()),
            lessons_today=_per_school(held.filter(date=today)),
            lessons_without_topic=_per_school(held.filter(date__gte=week_ago, date__lt=today, topic="")),
        )
        .order_by("short_name")
    )


def authority_schools(actor: Actor, today: dt.date) -> list[School]:
    """The schools the actor's authority oversees, with their pupil and class counts."""
    if not actor.authority_ids:
        return []
    return list(
        School.objects.visible_to(actor)
        .filter(authority_id__in=actor.authority_ids)
        .select_related("authority")
        .annotate(
            student_count=_per_school(
                Enrollment.objects.filter(enrolled_on_q(today)), distinct_field="student_id"
            ),
            class_count=_per_school(ClassGroup.objects.filter(current_year_q(today))),
        )
        .order_by("authority__name", "short_name")
    )
