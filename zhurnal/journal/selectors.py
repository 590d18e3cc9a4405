"""Reads of the journal, each in a fixed number of queries whatever the size of the class."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from zhurnal.core import clock
from zhurnal.core.models import AuditEvent
from zhurnal.journal import locks
from zhurnal.journal.models import Attendance, Lesson, LessonFile, Mark, PeriodMark
from zhurnal.journal.roster import roster_filter
from zhurnal.journal.services.common import cell_key
from zhurnal.journal.values import (
    Suggestion,
    numeric_count,
    suggest_period_mark,
    suggest_year_mark,
    weighted_average,
)
from zhurnal.people.models import Enrollment, Student, TeachingAssignment, enrolled_between_q
from zhurnal.schools.models import StudyPeriod


def periods_of(assignment: TeachingAssignment) -> list[StudyPeriod]:
    grade = assignment.class_group.grade
    return list(
        StudyPeriod.objects.filter(year_id=assignment.year_id, grade_from__lte=grade, grade_to__gte=grade)
        .exclude(kind=StudyPeriod.Kind.YEAR)
        .order_by("start")
    )


def pick_period(periods: list[StudyPeriod], period_id=None) -> StudyPeriod | None:
    """The asked-for period, else the one containing today, else the last that started."""
    if period_id is not None:
        return next((p for p in periods if str(p.pk) == str(period_id)), None)
    today = clock.today()
    current = next((p for p in periods if p.start <= today <= p.end), None)
    started = [p for p in periods if p.start <= today]
    return current or (started[-1] if started else (periods[0] if periods else None))


def _suggest(school, marks: list[tuple], average: Decimal | None = None) -> Suggestion:
    if average is None:
        average = weighted_average(marks)
    return suggest_period_mark(
        average,
        numeric_count(marks),
        minimum=school.min_marks_for_period,
        thresholds=(school.threshold_5, school.threshold_4, school.threshold_3),
    )


def suggestion_for(assignment: TeachingAssignment, student_id: int, period: StudyPeriod) -> Suggestion:
    rows = Mark.objects.filter(
        student_id=student_id,
        lesson__assignment=assignment,
        lesson__date__gte=period.start,
        lesson__date__lte=period.end,
    ).values_list("score", "score2", "work_type__weight")
    return _suggest(assignment.school, list(rows))


def year_suggestion_for(assignment: TeachingAssignment, student_id: int) -> Suggestion:
    values = PeriodMark.objects.filter(
        student_id=student_id,
        subject_id=assignment.subject_id,
        year_id=assignment.year_id,
        kind=PeriodMark.Kind.PERIOD,
    ).values_list("value", flat=True)
    return suggest_year_mark(list(values))


@dataclass
class Grid:
    """One journal and period as plain rows (tuples and dicts, no model instances): a class of
    30 with 60 lessons is ~2,000 rows, and building model objects for them was most of the page's time.
    """

    assignment: TeachingAssignment
    period: StudyPeriod | None
    periods: list[StudyPeriod]
    grading_mode: str
    lessons: list[dict]
    students: list[dict]
    marks: list[tuple]  # in _MARK_FIELDS order
    attendance: list[dict]
    period_marks: list[dict]
    year_marks: list[dict]
    files: dict  # lesson id -> [(id, name, size)]


_LESSON_FIELDS = (
    "id",
    "date",
    "slot",
    "topic",
    "lesson_type_id",
    "lesson_type__name",
    "homework",
    "homework_due",
    "status",
    "teacher_id",
    "attendance_taken_at",
    "version",
)
_MARK_FIELDS = (
    "id",
    "lesson_id",
    "student_id",
    "value",
    "score",
    "score2",
    "work_type_id",
    "work_type__weight",
    "comment",
    "deferred_until",
    "version",
)


def journal_grid(
    assignment: TeachingAssignment, period_id=None, *, only_teacher_id: int | None = None
) -> Grid:
    """The grid of one journal and period. A substitute sees only the lessons they conduct."""
    periods = periods_of(assignment)
    period = pick_period(periods, period_id)
    start = period.start if period else assignment.year.start
    end = period.end if period else assignment.year.end
    lessons_qs = Lesson.objects.filter(assignment=assignment, date__gte=start, date__lte=end)
    if only_teacher_id is not None:
        lessons_qs = lessons_qs.filter(teacher_id=only_teacher_id)
    lessons = list(lessons_qs.order_by("date", "slot", "id").values(*_LESSON_FIELDS))
    students = list(
        Student.objects.filter(roster_filter(assignment, start, end))
        .order_by("last_name", "first_name", "middle_name")
        .values("id", "last_name", "first_name", "middle_name")
    )
    student_ids = [s["id"] for s in students]
    spans: dict[int, tuple] = {}
    enrolments = (
        Enrollment.objects.filter(class_group_id=assignment.class_group_id, student_id__in=student_ids)
        .filter(enrolled_between_q(start, end))
        .values_list("student_id", "start", "end")
    )
    for student_id, e_start, e_end in enrolments:
        lo, hi = spans.get(student_id, (e_start, e_end))
        spans[student_id] = (min(lo, e_start), None if (hi is None or e_end is None) else max(hi, e_end))
    lesson_filter = {"lesson__assignment": assignment, "lesson__date__gte": start, "lesson__date__lte": end}
    if only_teacher_id is not None:
        lesson_filter["lesson__teacher_id"] = only_teacher_id
    # Tuples in _MARK_FIELDS order: the most numerous rows, so the cheapest form.
    marks = (
        list(Mark.objects.filter(**lesson_filter).order_by("id").values_list(*_MARK_FIELDS))
        if lessons
        else []
    )
    attendance = (
        list(
            Attendance.objects.filter(**lesson_filter).values(
                "lesson_id", "student_id", "code__code", "minutes_late", "version"
            )
        )
        if lessons
        else []
    )
    # The year's period and year marks in one query: this period's column, the year's column, and
    # the year mark's suggestion from all the periods. A substitute sees none of them.
    results = (
        list(
            PeriodMark.objects.filter(
                subject_id=assignment.subject_id,
                year_id=assignment.year_id,
                student_id__in=student_ids,
                kind__in=(PeriodMark.Kind.PERIOD, PeriodMark.Kind.YEAR),
            ).values("id", "student_id", "period_id", "kind", "value", "suggested", "reason", "version")
        )
        if only_teacher_id is None
        else []
    )
    period_marks = [r for r in results if period and r["period_id"] == period.pk]
    year_marks = [r for r in results if r["kind"] == PeriodMark.Kind.YEAR]
    period_values: dict[int, list[str]] = defaultdict(list)
    for r in results:
        if r["kind"] == PeriodMark.Kind.PERIOD:
            period_values[r["student_id"]].append(r["value"])
    files: dict[int, list] = defaultdict(list)
    if lessons:
        for file_id, lesson_id, name, size in (
            LessonFile.objects.filter(**lesson_filter)
            .order_by("id")
            .values_list("id", "lesson_id", "name", "size")
        ):
            files[lesson_id].append((file_id, name, size))
    per_student: dict[int, list] = defaultdict(list)
    for _id, _lesson, student_id, _value, score, score2, _wt, weight, *_rest in marks:
        per_student[student_id].append((score, score2, weight))
    school = assignment.school
    for student in students:
        student["enrolled_from"], student["enrolled_to"] = spans.get(student["id"], (start, None))
        scores = per_student[student["id"]]
        student["average"] = weighted_average(scores)
        student["year_suggestion"] = (
            suggest_year_mark(period_values[student["id"]]) if only_teacher_id is None else None
        )
        student["suggestion"] = (
            _suggest(school, scores, student["average"]) if period and only_teacher_id is None else None
        )
    return Grid(
        assignment=assignment,
        period=period,
        periods=periods,
        grading_mode=locks.grading_mode(assignment),
        lessons=lessons,
        students=students,
        marks=marks,
        attendance=attendance,
        period_marks=period_marks,
        year_marks=year_marks,
        files=files,
    )


def cell_history(lesson: Lesson, student_id: int) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(group_key=cell_key(lesson.pk, student_id)).order_by("-created_at", "-pk")
    )


def teacher_day(staff_id: int, today: dt.date, *, weeks: int = 3) -> dict:
    """Today's lessons of a teacher and, for the last weeks, lessons with something missing."""
    mine = Q(assignment__teacher_id=staff_id) | Q(teacher_id=staff_id)
    lessons = list(
        Lesson.objects.filter(mine, date__gte=today - dt.timedelta(weeks=weeks), date__lte=today)
        .exclude(status=Lesson.Status.CANCELLED)
        .select_related("assignment__class_group", "assignment__subgroup", "assignment__subject")
        .order_by("-date", "slot")
    )
    today_lessons = sorted((x for x in lessons if x.date == today), key=lambda x: x.slot or 0)
    gaps = []
    for lesson in lessons:
        missing = []
        if not lesson.topic:
            missing.append("topic")
        if lesson.attendance_taken_at is None:
            missing.append("attendance")
        if not lesson.homework and lesson.assignment.class_group.grade > 1:
            missing.append("homework")
        if missing and lesson.date < today:
            gaps.append((lesson, missing))
    return {"lessons_today": today_lessons, "gaps": gaps}
