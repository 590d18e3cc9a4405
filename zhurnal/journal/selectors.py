"""Reads of the journal, each in a fixed number of queries whatever the size of the class."""

import datetime as dt
import operator
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Q

from zhurnal.core import clock
from zhurnal.core.models import AuditEvent
from zhurnal.core.rawsql import ModelColumns, fetch
from zhurnal.journal import locks
from zhurnal.journal.completeness import missing_of
from zhurnal.journal.grid_json import GridRows, grid_rows_postgresql
from zhurnal.journal.models import Lesson, Mark, PeriodMark
from zhurnal.journal.services.common import cell_key
from zhurnal.journal.values import (
    Suggestion,
    numeric_count,
    suggest_pass_fail,
    suggest_period_mark,
    suggest_year_mark,
    weighted_average,
)
from zhurnal.people.models import TeachingAssignment
from zhurnal.schools.models import GradingMode, StudyPeriod

_PERIOD = ModelColumns(StudyPeriod, "p")


def periods_of(assignment: TeachingAssignment) -> list[StudyPeriod]:
    """The class's quarters (or halves, trimesters) by start date: not the year itself."""
    return [
        _PERIOD.build(row)
        for row in fetch(
            f"SELECT {_PERIOD.select(connection)} FROM schools_studyperiod p"
            " WHERE p.year_id = %s AND p.grade_from <= %s AND p.grade_to >= %s AND p.kind <> %s"
            " ORDER BY p.start, p.id",
            [
                assignment.year_id,
                assignment.grade,
                assignment.grade,
                StudyPeriod.Kind.YEAR,
            ],
        )
    ]


def pick_period(periods: list[StudyPeriod], period_id=None) -> StudyPeriod | None:
    """The asked-for period, else the one containing today, else the last that started."""
    if period_id is not None:
        return next((p for p in periods if str(p.pk) == str(period_id)), None)
    today = clock.today()
    current = next((p for p in periods if p.start <= today <= p.end), None)
    started = [p for p in periods if p.start <= today]
    return current or (started[-1] if started else (periods[0] if periods else None))


def _suggest(
    school, marks: list[tuple], average: Decimal | None = None, *, mode: str = "marks", values=()
) -> Suggestion:
    if mode == GradingMode.PASS_FAIL:
        return suggest_pass_fail(list(values), minimum=school.min_marks_for_period)
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
    ).values_list("score", "score2", "work_type__weight", "value")
    rows = list(rows)
    return _suggest(
        assignment.school,
        [row[:3] for row in rows],
        mode=locks.grading_mode(assignment),
        values=[row[3] for row in rows],
    )


def year_suggestion_for(assignment: TeachingAssignment, student_id: int) -> Suggestion:
    values = (
        PeriodMark.objects.filter(
            student_id=student_id,
            subject_id=assignment.subject_id,
            year_id=assignment.year_id,
            kind=PeriodMark.Kind.PERIOD,
        )
        .order_by("period__end", "id")
        .values_list("value", flat=True)
    )
    return suggest_year_mark(list(values), assignment.school.year_mark_rule)


@dataclass
class Grid:
    """One journal and period as plain rows (tuples and dicts, no model instances): a class of
    30 with 60 lessons is ~2,000 rows, and building model objects for them was most of the page's time.
    """

    assignment: TeachingAssignment
    period: StudyPeriod | None
    periods: list[StudyPeriod]
    grading_mode: str
    lessons: list[tuple]  # in _LESSONS_SQL order
    students: list[dict]
    marks: list[tuple]  # in _MARKS_SQL order
    attendance: list[tuple]  # in _ATTENDANCE_SQL order
    period_marks: list[dict]
    year_marks: list[dict]
    files: dict  # lesson id -> [(id, name, size)]


# The grid's rows are read with hand-written SQL: for a class of 30 with 60 lessons the ORM spent
# more time building and compiling its queries, and converting ~2,000 rows, than the database spent
# answering them (docs/decisions/0006). The SQL is plain enough for SQLite and PostgreSQL alike;
# tests/journal/test_grid_sql.py checks every row against the ORM's reading of the same data.
_LESSONS_SQL = """
SELECT l.id, l.date, l.slot, l.topic, l.lesson_type_id, lt.name, l.homework, l.homework_due,
       l.status, l.teacher_id, l.attendance_taken_at IS NOT NULL, l.version,
       l.plan_item_id, pi.number, pi.topic
FROM journal_lesson l
LEFT JOIN journal_lessontype lt ON lt.id = l.lesson_type_id
LEFT JOIN planning_planitem pi ON pi.id = l.plan_item_id
WHERE l.assignment_id = %s AND l.date >= %s AND l.date <= %s {teacher}
ORDER BY l.date, l.slot, l.id
"""
# Every enrolment in the class during the dates (a student who left and came back has two).
_ROSTER_SQL = """
SELECT s.id, s.last_name, s.first_name, s.middle_name, e.start, e."end"
FROM people_enrollment e
JOIN people_student s ON s.id = e.student_id
WHERE e.class_group_id = %s AND e.start <= %s AND (e."end" IS NULL OR e."end" >= %s) {subgroup}
ORDER BY s.last_name, s.first_name, s.middle_name, s.id, e.start
"""
# A study group's journal (decision 0036): every membership in force during the dates, of a pupil
# enrolled in some class of the school then; the membership's dates stand for the enrolment's.
_GROUP_ROSTER_SQL = """
SELECT s.id, s.last_name, s.first_name, s.middle_name, gm.start, gm."end"
FROM people_studygroupmembership gm
JOIN people_student s ON s.id = gm.student_id
WHERE gm.group_id = %s AND gm.start <= %s AND (gm."end" IS NULL OR gm."end" >= %s)
AND EXISTS (SELECT 1 FROM people_enrollment e
            WHERE e.student_id = gm.student_id AND e.start <= %s AND (e."end" IS NULL OR e."end" >= %s))
ORDER BY s.last_name, s.first_name, s.middle_name, s.id, gm.start
"""
_IN_SUBGROUP = (
    "AND EXISTS (SELECT 1 FROM people_subgroupmembership sm"
    " WHERE sm.student_id = e.student_id AND sm.subgroup_id = %s)"
)
_OF_LESSONS = "JOIN journal_lesson l ON l.id = {alias}.lesson_id AND l.assignment_id = %s AND l.date >= %s AND l.date <= %s {teacher}"
# Tuples in this order (Grid.marks): the most numerous rows, so the cheapest form. In id order,
# sorted by `grid_rows` rather than by SQLite: they come out by lesson, nearly in id order already,
# and SQLite's sort of a quarter's marks was a sixth of the statement's time (Python's takes a tenth
# of that).
_MARKS_SQL = """
SELECT m.id, m.lesson_id, m.student_id, m.value, m.score, m.score2, m.work_type_id, wt.weight,
       m.comment, m.deferred_until, m.version
FROM journal_mark m
{of_lessons}
JOIN journal_worktype wt ON wt.id = m.work_type_id
"""
_ATTENDANCE_SQL = """
SELECT a.lesson_id, a.student_id, c.code, a.minutes_late, a.version
FROM journal_attendance a
{of_lessons}
JOIN journal_attendancecode c ON c.id = a.code_id
ORDER BY a.id
"""
_FILES_SQL = """
SELECT f.id, f.lesson_id, f.name, f.size
FROM journal_lessonfile f
{of_lessons}
ORDER BY f.id
"""
_RESULTS_SQL = """
SELECT id, student_id, period_id, kind, value, suggested, reason, version
FROM journal_periodmark
WHERE subject_id = %s AND year_id = %s AND kind IN (%s, %s) AND student_id IN ({students})
ORDER BY id
"""


_first = operator.itemgetter(0)


def grid_rows(
    assignment: TeachingAssignment, start: dt.date, end: dt.date, *, only_teacher_id: int | None = None
) -> GridRows:
    """The grid's rows, one statement for each kind (the twin of `grid_rows_postgresql`)."""
    adapt = connection.ops.adapt_datefield_value
    span = [assignment.pk, adapt(start), adapt(end)]
    teacher, teacher_params = (
        ("", []) if only_teacher_id is None else ("AND l.teacher_id = %s", [only_teacher_id])
    )
    lessons = fetch(_LESSONS_SQL.format(teacher=teacher), span + teacher_params)
    if assignment.study_group_id:
        roster = fetch(
            _GROUP_ROSTER_SQL,
            [assignment.study_group_id, adapt(end), adapt(start), adapt(end), adapt(start)],
        )
    else:
        subgroup, subgroup_params = (
            ("", []) if not assignment.subgroup_id else (_IN_SUBGROUP, [assignment.subgroup_id])
        )
        roster = fetch(
            _ROSTER_SQL.format(subgroup=subgroup),
            [assignment.class_group_id, adapt(end), adapt(start)] + subgroup_params,
        )
    marks, attendance, files = [], [], []
    if lessons:
        of_lessons = _OF_LESSONS.format(alias="{alias}", teacher=teacher)
        cell_params = span + teacher_params
        marks = fetch(_MARKS_SQL.format(of_lessons=of_lessons.format(alias="m")), cell_params)
        marks.sort(key=_first)
        attendance = fetch(_ATTENDANCE_SQL.format(of_lessons=of_lessons.format(alias="a")), cell_params)
        files = fetch(_FILES_SQL.format(of_lessons=of_lessons.format(alias="f")), cell_params)
    # The year's period and year marks in one query: this period's column, the year's column, and
    # the year mark's suggestion from all the periods. A substitute sees none of them.
    results = []
    student_ids = list(dict.fromkeys(row[0] for row in roster))
    if only_teacher_id is None and student_ids:
        results = fetch(
            _RESULTS_SQL.format(students=", ".join(["%s"] * len(student_ids))),
            [assignment.subject_id, assignment.year_id, PeriodMark.Kind.PERIOD, PeriodMark.Kind.YEAR]
            + student_ids,
        )
    return GridRows(lessons, roster, marks, attendance, files, results)


def journal_grid(
    assignment: TeachingAssignment,
    period_id=None,
    *,
    only_teacher_id: int | None = None,
    only_student_ids: set[int] | None = None,
) -> Grid:
    """The grid of one journal and period. A substitute sees only the lessons they conduct; a
    class teacher reading a study group's journal only their own pupils (`only_student_ids`)."""
    periods = periods_of(assignment)
    period = pick_period(periods, period_id)
    start = period.start if period else assignment.year.start
    end = period.end if period else assignment.year.end
    # PostgreSQL builds the rows as JSON in one statement (journal.grid_json); SQLite, whose
    # round trips cost nothing, reads them in six (the twin, tests/journal/test_grid_sql.py).
    rows = (grid_rows_postgresql if connection.vendor == "postgresql" else grid_rows)(
        assignment, start, end, only_teacher_id=only_teacher_id
    )
    lessons = rows.lessons
    students: list[dict] = []
    by_id: dict[int, dict] = {}
    for student_id, last, first, middle, e_start, e_end in rows.roster:
        if only_student_ids is not None and student_id not in only_student_ids:
            continue
        student = by_id.get(student_id)
        if student is None:
            student = by_id[student_id] = {
                "id": student_id,
                "last_name": last,
                "first_name": first,
                "middle_name": middle,
                "enrolled_from": e_start,
                "enrolled_to": e_end,
            }
            students.append(student)
        else:  # the union of the enrolments' dates
            student["enrolled_from"] = min(student["enrolled_from"], e_start)
            hi = student["enrolled_to"]
            student["enrolled_to"] = None if (hi is None or e_end is None) else max(hi, e_end)

    marks, attendance = rows.marks, rows.attendance
    files: dict[int, list] = defaultdict(list)
    for file_id, lesson_id, name, size in rows.files:
        files[lesson_id].append((file_id, name, size))
    results_rows = rows.results
    if only_student_ids is not None:
        marks = [row for row in marks if row[2] in by_id]
        attendance = [row for row in attendance if row[1] in by_id]
        results_rows = [row for row in results_rows if row[1] in by_id]
    keys = ("id", "student_id", "period_id", "kind", "value", "suggested", "reason", "version")
    results = [dict(zip(keys, row, strict=True)) for row in results_rows]
    period_marks = [r for r in results if period and r["period_id"] == period.pk]
    year_marks = [r for r in results if r["kind"] == PeriodMark.Kind.YEAR]
    period_values: dict[int, list[str]] = defaultdict(list)
    period_end = {p.pk: p.end for p in periods}
    ordered = sorted(results, key=lambda r: (period_end.get(r["period_id"]) or dt.date.max, r["id"]))
    for r in ordered:
        if r["kind"] == PeriodMark.Kind.PERIOD:
            period_values[r["student_id"]].append(r["value"])
    mode = locks.grading_mode(assignment)
    per_student: dict[int, list] = defaultdict(list)
    values_of: dict[int, list] = defaultdict(list)  # the marks' values: only pass/fail reads them
    for _id, _lesson, student_id, _value, score, score2, _wt, weight, *_rest in marks:
        per_student[student_id].append((score, score2, weight))
    if mode == GradingMode.PASS_FAIL:
        for _id, _lesson, student_id, value, *_rest in marks:
            values_of[student_id].append(value)
    school = assignment.school
    year_suggestions: dict[tuple, Suggestion] = {}  # most pupils share one (often: no marks yet)
    for student in students:
        scores = per_student[student["id"]]
        student["average"] = weighted_average(scores)
        if only_teacher_id is None:
            values = tuple(period_values[student["id"]])
            if values not in year_suggestions:
                year_suggestions[values] = suggest_year_mark(list(values), school.year_mark_rule)
            student["year_suggestion"] = year_suggestions[values]
        else:
            student["year_suggestion"] = None
        student["suggestion"] = (
            _suggest(school, scores, student["average"], mode=mode, values=values_of[student["id"]])
            if period and only_teacher_id is None and mode != GradingMode.NONE
            else None
        )
    return Grid(
        assignment=assignment,
        period=period,
        periods=periods,
        grading_mode=mode,
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


def actor_names(events: list[AuditEvent]) -> dict[int, str]:
    """The full names of the users behind these events, in one read."""
    from zhurnal.accounts.models import User
    from zhurnal.core import names

    ids = {e.actor_id for e in events if e.actor_id}
    if not ids:
        return {}
    return {
        pk: names.full_name(last, first, middle) or username
        for pk, last, first, middle, username in User.objects.filter(pk__in=ids).values_list(
            "pk", "last_name", "first_name", "middle_name", "username"
        )
    }


def teacher_lesson_ids(staff_ids, start: dt.date, end: dt.date) -> list[int]:
    """Ids of the lessons from `start` to `end` that a teacher conducted (substitutions too) or
    that belong to their journals: two index reads joined by UNION, in a query of their own.
    The same condition written as one OR across the join to the assignment made PostgreSQL read
    every school's lessons in the date window, and as a subquery of a page's wide join the
    planner hashed the whole table (docs/performance/region-50.md)."""
    window = Q(date__gte=start, date__lte=end)
    conducted = Lesson.objects.filter(window, teacher_id__in=staff_ids).order_by().values_list("pk")
    of_own_journals = (
        Lesson.objects.filter(window, assignment__teacher_id__in=staff_ids).order_by().values_list("pk")
    )
    return [pk for (pk,) in conducted.union(of_own_journals)]


def teacher_day(staff_ids, today: dt.date, *, weeks: int = 3) -> dict:
    """Today's lessons of a teacher (their staff cards in every school) and, for the last weeks,
    lessons with something missing (by the one rule of journal.completeness)."""
    mine = teacher_lesson_ids(staff_ids, today - dt.timedelta(weeks=weeks), today)
    lessons = list(
        Lesson.objects.filter(pk__in=mine)
        .exclude(status=Lesson.Status.CANCELLED)
        .select_related(
            "school",
            "assignment__class_group",
            "assignment__subgroup",
            "assignment__study_group",
            "assignment__subject",
            "plan_item",
        )
        .order_by("-date", "slot")
    )
    today_lessons = sorted((x for x in lessons if x.date == today), key=lambda x: x.slot or 0)
    gaps = [
        (lesson, missing) for lesson in lessons if lesson.date < today and (missing := missing_of(lesson))
    ]
    return {"lessons_today": today_lessons, "gaps": gaps}


@dataclass
class CloseJournal:
    assignment: TeachingAssignment
    pupils: int
    missing: int  # pupils without a period mark


def period_close_preview(period: StudyPeriod) -> list[CloseJournal]:
    """What closing a period locks: every journal of its grades in its year, with how many pupils
    still have no period mark. Five reads whatever the school's size (assignments, curriculum,
    enrolments, subgroup memberships, period marks); unmarked subjects (grade 1) are left out."""
    from zhurnal.people.models import Enrollment, StudyGroupMembership, SubgroupMembership, enrolled_between_q
    from zhurnal.schools.models import CurriculumPlan

    assignments = list(
        TeachingAssignment.objects.filter(school_id=period.school_id, year_id=period.year_id)
        .filter(
            Q(class_group__grade__gte=period.grade_from, class_group__grade__lte=period.grade_to)
            | Q(study_group__grade__gte=period.grade_from, study_group__grade__lte=period.grade_to)
        )
        .select_related("class_group", "subgroup", "study_group", "subject", "teacher")
        .order_by("class_group__grade", "class_group__letter", "study_group__name", "subject__name", "pk")
    )
    modes = {
        (grade, subject_id): mode
        for grade, subject_id, mode in CurriculumPlan.objects.filter(year_id=period.year_id).values_list(
            "grade", "subject_id", "grading_mode"
        )
    }
    pupils_of_class: dict[int, set[int]] = defaultdict(set)
    for class_id, student_id in Enrollment.objects.filter(
        enrolled_between_q(period.end, period.end), class_group__in={a.class_group_id for a in assignments}
    ).values_list("class_group_id", "student_id"):
        pupils_of_class[class_id].add(student_id)
    members: dict[int, set[int]] = defaultdict(set)
    for subgroup_id, student_id in SubgroupMembership.objects.filter(
        subgroup_id__in={a.subgroup_id for a in assignments if a.subgroup_id}
    ).values_list("subgroup_id", "student_id"):
        members[subgroup_id].add(student_id)
    group_members: dict[int, set[int]] = defaultdict(set)
    for group_id, student_id in StudyGroupMembership.objects.filter(
        enrolled_between_q(period.end, period.end),
        group_id__in={a.study_group_id for a in assignments if a.study_group_id},
    ).values_list("group_id", "student_id"):
        group_members[group_id].add(student_id)
    marked = set(
        PeriodMark.objects.filter(period=period, kind=PeriodMark.Kind.PERIOD).values_list(
            "subject_id", "student_id"
        )
    )
    journals = []
    for assignment in assignments:
        grade = assignment.grade
        mode = modes.get((grade, assignment.subject_id)) or (
            GradingMode.NONE if grade == 1 else GradingMode.MARKS
        )
        if mode == GradingMode.NONE:
            continue
        pupils = (
            group_members[assignment.study_group_id]
            if assignment.study_group_id
            else pupils_of_class[assignment.class_group_id]
        )
        if assignment.subgroup_id:
            pupils = pupils & members[assignment.subgroup_id]
        missing = sum(1 for pupil in pupils if (assignment.subject_id, pupil) not in marked)
        journals.append(CloseJournal(assignment=assignment, pupils=len(pupils), missing=missing))
    return journals
