"""The journal grid's rows in one PostgreSQL statement, built as JSON by the database.

On PostgreSQL every statement is a round trip and a plan: the grid's six reads (lessons, roster,
marks, attendance, files, period and year marks) cost more in those than in reading. Here they
are one statement: the lessons and the roster are common table expressions, each kind of row is
aggregated by `json_agg(json_build_array(...))` in the order `selectors.grid_rows` gives, and
orjson reads the text back into the same tuples (dates, the only type JSON lacks, are parsed).
`selectors.grid_rows` stays the reader for SQLite and the twin this one is checked against
(`tests/journal/test_grid_sql.py`, decision 0033).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import orjson

from zhurnal.core.rawsql import fetch
from zhurnal.journal.models import PeriodMark


@dataclass
class GridRows:
    """The grid's rows as `selectors.grid_rows` reads them, in the orders of its SQL."""

    lessons: list[tuple]
    roster: list[tuple]  # one per enrolment: (student id, last, first, middle, start, end)
    marks: list[tuple]
    attendance: list[tuple]
    files: list[tuple]
    results: list[tuple]  # the pupils' period and year marks (none for a substitute)


# COALESCE(..., '[]'): json_agg of no rows is NULL. `::text` so that orjson, not psycopg's
# standard-library loader, reads the JSON.
_GRID_SQL = """
WITH les AS (
    SELECT l.id, l.date, l.slot, l.topic, l.lesson_type_id, lt.name AS lesson_type_name, l.homework,
           l.homework_due, l.status, l.teacher_id, l.attendance_taken_at IS NOT NULL AS taken,
           l.version, l.plan_item_id, pi.number AS plan_number, pi.topic AS plan_topic
    FROM journal_lesson l
    LEFT JOIN journal_lessontype lt ON lt.id = l.lesson_type_id
    LEFT JOIN planning_planitem pi ON pi.id = l.plan_item_id
    WHERE l.assignment_id = %s AND l.date >= %s AND l.date <= %s {teacher}
), roster AS ({roster}
)
SELECT
    (SELECT COALESCE(json_agg(json_build_array(
         id, date, slot, topic, lesson_type_id, lesson_type_name, homework, homework_due, status,
         teacher_id, taken, version, plan_item_id, plan_number, plan_topic
     ) ORDER BY date, slot, id), '[]')::text FROM les),
    (SELECT COALESCE(json_agg(json_build_array(id, last_name, first_name, middle_name, start, "end")
     ORDER BY last_name, first_name, middle_name, id, start), '[]')::text FROM roster),
    (SELECT COALESCE(json_agg(json_build_array(
         m.id, m.lesson_id, m.student_id, m.value, m.score, m.score2, m.work_type_id, wt.weight,
         m.comment, m.deferred_until, m.version
     ) ORDER BY m.id), '[]')::text
     FROM journal_mark m JOIN les ON les.id = m.lesson_id JOIN journal_worktype wt ON wt.id = m.work_type_id),
    (SELECT COALESCE(json_agg(json_build_array(a.lesson_id, a.student_id, c.code, a.minutes_late, a.version)
     ORDER BY a.id), '[]')::text
     FROM journal_attendance a JOIN les ON les.id = a.lesson_id JOIN journal_attendancecode c ON c.id = a.code_id),
    (SELECT COALESCE(json_agg(json_build_array(f.id, f.lesson_id, f.name, f.size) ORDER BY f.id), '[]')::text
     FROM journal_lessonfile f JOIN les ON les.id = f.lesson_id),
    {results}
"""
_RESULTS = """(SELECT COALESCE(json_agg(json_build_array(
         pm.id, pm.student_id, pm.period_id, pm.kind, pm.value, pm.suggested, pm.reason, pm.version
     ) ORDER BY pm.id), '[]')::text
     FROM journal_periodmark pm
     WHERE pm.subject_id = %s AND pm.year_id = %s AND pm.kind IN (%s, %s)
       AND pm.student_id IN (SELECT id FROM roster))"""
_CLASS_ROSTER = """
    SELECT s.id, s.last_name, s.first_name, s.middle_name, e.start, e."end"
    FROM people_enrollment e
    JOIN people_student s ON s.id = e.student_id
    WHERE e.class_group_id = %s AND e.start <= %s AND (e."end" IS NULL OR e."end" >= %s) {subgroup}"""
# A study group's members in force, each while enrolled in the school (selectors._GROUP_ROSTER_SQL).
_GROUP_ROSTER = """
    SELECT s.id, s.last_name, s.first_name, s.middle_name, gm.start, gm."end"
    FROM people_studygroupmembership gm
    JOIN people_student s ON s.id = gm.student_id
    WHERE gm.group_id = %s AND gm.start <= %s AND (gm."end" IS NULL OR gm."end" >= %s)
    AND EXISTS (SELECT 1 FROM people_enrollment e
                WHERE e.student_id = gm.student_id AND e.start <= %s AND (e."end" IS NULL OR e."end" >= %s))"""
_IN_SUBGROUP = (
    "AND EXISTS (SELECT 1 FROM people_subgroupmembership sm"
    " WHERE sm.student_id = e.student_id AND sm.subgroup_id = %s)"
)


def _date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def grid_rows_postgresql(
    assignment, start: dt.date, end: dt.date, *, only_teacher_id: int | None = None
) -> GridRows:
    teacher, teacher_params = (
        ("", []) if only_teacher_id is None else ("AND l.teacher_id = %s", [only_teacher_id])
    )
    if assignment.study_group_id:
        roster, roster_params = _GROUP_ROSTER, [assignment.study_group_id, end, start, end, start]
    else:
        subgroup, subgroup_params = (
            ("", []) if not assignment.subgroup_id else (_IN_SUBGROUP, [assignment.subgroup_id])
        )
        roster = _CLASS_ROSTER.format(subgroup=subgroup)
        roster_params = [assignment.class_group_id, end, start, *subgroup_params]
    # A substitute sees no period or year marks.
    results, results_params = (
        (_RESULTS, [assignment.subject_id, assignment.year_id, PeriodMark.Kind.PERIOD, PeriodMark.Kind.YEAR])
        if only_teacher_id is None
        else ("'[]'", [])
    )
    sql = _GRID_SQL.format(teacher=teacher, roster=roster, results=results)
    params = [assignment.pk, start, end, *teacher_params] + roster_params + results_params
    lessons, roster, marks, attendance, files, period_marks = (
        orjson.loads(text) for text in fetch(sql, params)[0]
    )
    return GridRows(
        lessons=[
            (i, _date(day), slot, topic, lt, lt_name, hw, _date(due), *rest)
            for i, day, slot, topic, lt, lt_name, hw, due, *rest in lessons
        ],
        roster=[(i, last, first, middle, _date(s), _date(e)) for i, last, first, middle, s, e in roster],
        marks=[(*row[:9], _date(row[9]), row[10]) for row in marks],
        attendance=[tuple(row) for row in attendance],
        files=[tuple(row) for row in files],
        results=[tuple(row) for row in period_marks],
    )
