"""How completely journals are filled: the fill state on the class and school pages, the weekly
board of the class teacher and the deputy, and the teacher's own «Что не заполнено».

One rule for all of them (DOMAIN.md, the school regulation: the class teacher checks the class
journal weekly). A lesson given (before today, not cancelled) lacks:
- a topic, when it has none;
- attendance, when none was marked for it — unless the school counts a lesson with a topic and no
  absences as taken (`School.attendance_taken_by_topic`, on by default: teachers record absences,
  not presence, so "attendance not taken" would otherwise flag nearly every lesson);
- homework, when it has none and the class is above grade 1 (grade 1 is taught without homework,
  СП 2.4.3648-20 п. 3.4.16).
Every read here is aggregated in SQL or bounded by the assignments asked for: a fixed number of
queries whatever the number of lessons and pupils.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from zhurnal.journal.models import Lesson, Mark
from zhurnal.people.models import (
    Enrollment,
    Student,
    SubgroupMembership,
    TeachingAssignment,
    enrolled_between_q,
)
from zhurnal.schools.models import CurriculumPlan, GradingMode, StudyPeriod

TOPIC = "topic"
ATTENDANCE = "attendance"
HOMEWORK = "homework"
GAP_KINDS = (TOPIC, ATTENDANCE, HOMEWORK)

MISSING_Q = {
    TOPIC: Q(topic=""),
    ATTENDANCE: Q(attendance_taken_at__isnull=True)
    & (Q(topic="") | Q(school__attendance_taken_by_topic=False)),
    HOMEWORK: Q(homework="")
    & (Q(assignment__class_group__grade__gt=1) | Q(assignment__study_group__grade__gt=1)),
}
ANY_MISSING_Q = MISSING_Q[TOPIC] | MISSING_Q[ATTENDANCE] | MISSING_Q[HOMEWORK]


def given_q(start: dt.date, end: dt.date, today: dt.date) -> Q:
    """Lessons given from `start` to `end` and before today (today's may still be going on)."""
    last = min(end, today - dt.timedelta(days=1))
    return Q(date__gte=start, date__lte=last) & ~Q(status=Lesson.Status.CANCELLED)


def missing_of(lesson: Lesson) -> list[str]:
    """What one lesson (loaded with its school and class) lacks, by the same rule as MISSING_Q."""
    missing = []
    if not lesson.topic:
        missing.append(TOPIC)
    if lesson.attendance_taken_at is None and (
        not lesson.topic or not lesson.school.attendance_taken_by_topic
    ):
        missing.append(ATTENDANCE)
    if not lesson.homework and lesson.assignment.grade > 1:
        missing.append(HOMEWORK)
    return missing


@dataclass
class Fill:
    """The fill state of one journal over a span of days."""

    lessons: int = 0
    without_topic: int = 0
    without_attendance: int = 0
    without_homework: int = 0
    incomplete: int = 0

    @property
    def percent_filled(self) -> Decimal | None:
        if not self.lessons:
            return None
        filled = Decimal(self.lessons - self.incomplete) * 100 / Decimal(self.lessons)
        return filled.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def complete(self) -> bool:
        return self.incomplete == 0


def fill_by_assignment(assignment_ids, start: dt.date, end: dt.date, today: dt.date) -> dict[int, Fill]:
    """Each journal's fill state from `start` to `end`, in one aggregate query."""
    rows = (
        Lesson.objects.filter(given_q(start, end, today), assignment_id__in=assignment_ids)
        .values("assignment_id")
        .annotate(
            lessons=Count("pk"),
            without_topic=Count("pk", filter=MISSING_Q[TOPIC]),
            without_attendance=Count("pk", filter=MISSING_Q[ATTENDANCE]),
            without_homework=Count("pk", filter=MISSING_Q[HOMEWORK]),
            incomplete=Count("pk", filter=ANY_MISSING_Q),
        )
        .order_by()
    )
    fills: dict[int, Fill] = defaultdict(Fill)
    for row in rows:
        assignment_id = row.pop("assignment_id")
        fills[assignment_id] = Fill(**row)
    return fills


def gap_lessons(
    assignment_ids, start: dt.date, end: dt.date, today: dt.date
) -> list[tuple[Lesson, list[str]]]:
    """The lessons given from `start` to `end` that lack something, with what they lack."""
    lessons = (
        Lesson.objects.filter(given_q(start, end, today), ANY_MISSING_Q, assignment_id__in=assignment_ids)
        .select_related(
            "school",
            "assignment__class_group",
            "assignment__subgroup",
            "assignment__study_group",
            "assignment__subject",
        )
        .order_by("date", "slot", "pk")
    )
    return [(lesson, missing_of(lesson)) for lesson in lessons]


@dataclass
class FewMarks:
    """Pupils of one journal behind on marks in the period so far.

    `minimum` is the school's minimum for the period; `expected` is its share for the part of the
    period gone by (rounded down), so that nobody is flagged in a period's first days and, on its
    last day, everyone below the minimum is.
    """

    period: StudyPeriod
    minimum: int
    expected: int
    pupils: list[tuple[Student, int]] = field(default_factory=list)


def expected_marks(minimum: int, period: StudyPeriod, on: dt.date) -> int:
    """The minimum's share for the days of the period gone by on `on` (the day counted)."""
    length = (period.end - period.start).days + 1
    elapsed = min(max((on - period.start).days + 1, 0), length)
    return minimum * elapsed // length


def few_marks(assignments: list[TeachingAssignment], on: dt.date) -> dict[int, FewMarks]:
    """For each journal that is marked (not grade 1, not a subject without marks): its pupils
    with fewer marks so far in the period containing `on` than the minimum's share for the days
    gone by (`expected_marks`).

    Marks that count are those with a score (a numeric mark, or зч/нз of a pass/fail subject):
    н/а, осв. and a deferred «.» are not marks given. Queries: periods, the curriculum's modes,
    the rosters, the subgroups, and one mark count per distinct period.
    """
    if not assignments:
        return {}
    year_ids = {a.year_id for a in assignments}
    periods = list(
        StudyPeriod.objects.filter(year_id__in=year_ids, start__lte=on, end__gte=on).exclude(
            kind=StudyPeriod.Kind.YEAR
        )
    )
    modes = {
        (line.year_id, line.grade, line.subject_id): line.grading_mode
        for line in CurriculumPlan.objects.filter(year_id__in=year_ids)
    }
    chosen: dict[int, StudyPeriod] = {}
    for assignment in assignments:
        grade = assignment.grade
        mode = modes.get((assignment.year_id, grade, assignment.subject_id))
        if grade == 1 or mode == GradingMode.NONE:
            continue
        fitting = [p for p in periods if p.year_id == assignment.year_id and p.applies_to_grade(grade)]
        if fitting:
            chosen[assignment.pk] = min(fitting, key=lambda p: (p.end - p.start, p.pk))
    if not chosen:
        return {}
    by_id = {a.pk: a for a in assignments if a.pk in chosen}
    class_ids = {a.class_group_id for a in by_id.values()}
    # The journals' schools bound the pupils joined in: without them PostgreSQL hashed every
    # pupil of the region to join one school's rosters (docs/performance/region-50.md).
    school_ids = {a.school_id for a in by_id.values()}
    enrolled = list(
        Enrollment.objects.filter(
            enrolled_between_q(on, on), class_group_id__in=class_ids, student__school_id__in=school_ids
        ).select_related("student")
    )
    subgroup_ids = {a.subgroup_id for a in by_id.values() if a.subgroup_id}
    members = set(
        SubgroupMembership.objects.filter(subgroup_id__in=subgroup_ids).values_list(
            "subgroup_id", "student_id"
        )
    )
    # One count per distinct period (quarters for grades 1–9, halves for 10–11: a handful).
    counted = Q(score__isnull=False) | Q(value__in=["зч", "нз"])
    counts: dict[tuple[int, int], int] = {}
    journals_of: dict[StudyPeriod, list[int]] = defaultdict(list)
    for assignment_id, period in chosen.items():
        journals_of[period].append(assignment_id)
    for period, ids in journals_of.items():
        rows = (
            Mark.objects.filter(
                counted, lesson__assignment_id__in=ids, lesson__date__gte=period.start, lesson__date__lte=on
            )
            .exclude(lesson__status=Lesson.Status.CANCELLED)
            .values("lesson__assignment_id", "student_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        counts.update({(row["lesson__assignment_id"], row["student_id"]): row["n"] for row in rows})
    result: dict[int, FewMarks] = {}
    for assignment_id, assignment in by_id.items():
        period = chosen[assignment_id]
        minimum = assignment.school.min_marks_for_period
        entry = FewMarks(period=period, minimum=minimum, expected=expected_marks(minimum, period, on))
        for enrolment in enrolled:
            if enrolment.class_group_id != assignment.class_group_id:
                continue
            if assignment.subgroup_id and (assignment.subgroup_id, enrolment.student_id) not in members:
                continue
            key = (assignment_id, enrolment.student_id)
            n = counts.get(key, 0)
            if n < entry.expected:
                entry.pupils.append((enrolment.student, n))
        entry.pupils.sort(key=lambda pair: (pair[0].last_name, pair[0].first_name, pair[0].middle_name))
        result[assignment_id] = entry
    return result
