"""The floor of every benchmarked page: one raw SQL query returning the same data, timed in
process on the bench's own connection. A page's median divided by its floor is its ratio."""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction

from zhurnal.accounts.models import UserSession
from zhurnal.journal.models import Attendance, Lesson, Mark, PeriodMark
from zhurnal.people.models import Enrollment, Student, TeachingAssignment
from zhurnal.schools.models import Subject

L, M, A = Lesson._meta.db_table, Mark._meta.db_table, Attendance._meta.db_table
TA, S, PM = TeachingAssignment._meta.db_table, Subject._meta.db_table, PeriodMark._meta.db_table
E, ST = Enrollment._meta.db_table, Student._meta.db_table

# The grid: the journal's pupils, its lessons with their marks, and their attendance.
GRID_SQL = f"""
SELECT 0, st.id, st.last_name, st.first_name, NULL, NULL, NULL
FROM {E} e JOIN {ST} st ON st.id = e.student_id
WHERE e.class_group_id = (SELECT class_group_id FROM {TA} WHERE id = %s)
UNION ALL
SELECT 1, l.id, l.topic, l.homework, m.student_id, m.value, m.version
FROM {L} l LEFT JOIN {M} m ON m.lesson_id = l.id
WHERE l.assignment_id = %s AND l.date BETWEEN %s AND %s
UNION ALL
SELECT 2, l.id, NULL, NULL, a.student_id, CAST(a.code_id AS VARCHAR(20)), a.version
FROM {L} l JOIN {A} a ON a.lesson_id = l.id
WHERE l.assignment_id = %s AND l.date BETWEEN %s AND %s
"""

# A pupil's lessons of the days asked for, with the subject and the pupil's marks and attendance.
PUPIL_LESSONS_SQL = f"""
SELECT l.id, l.date, l.slot, l.topic, l.homework, s.name, m.value, m.work_type_id, a.code_id, pm.value
FROM {L} l
JOIN {TA} ta ON ta.id = l.assignment_id
JOIN {S} s ON s.id = ta.subject_id
LEFT JOIN {M} m ON m.lesson_id = l.id AND m.student_id = %s
LEFT JOIN {A} a ON a.lesson_id = l.id AND a.student_id = %s
LEFT JOIN {PM} pm ON pm.student_id = %s AND pm.subject_id = ta.subject_id AND pm.period_id = %s
WHERE ta.class_group_id = %s AND l.school_id = %s AND l.date BETWEEN %s AND %s
ORDER BY l.date, l.slot
"""

SESSION_SQL = f"SELECT session_data, expire_date FROM {UserSession._meta.db_table} WHERE session_key = %s"

INSERT_SQL = (
    f"INSERT INTO {M} (school_id, lesson_id, student_id, value, score, work_type_id, comment, version,"
    " created_at, updated_at) VALUES (%s, %s, %s, '5', 5, %s, '', 1, %s, %s)"
)


def _fetch(sql: str, params: list) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class Floor:
    """One page's floor query: timed here on the bench's connection (`__call__`, the SQL floor)
    and served by ops.benchmarks.floor_app under `name` (the HTTP floor)."""

    def __init__(self, name: str, sql: str, params: list):
        self.name, self.sql, self.params = name, sql, params

    def __call__(self) -> list:
        return _fetch(self.sql, self.params)


def grid(assignment_id: int, start: dt.date, end: dt.date) -> Floor:
    params = [assignment_id, assignment_id, start, end, assignment_id, start, end]
    return Floor(f"grid-{assignment_id}", GRID_SQL, params)


def pupil_lessons(shape, start: dt.date, end: dt.date, period_id: int | None = None) -> Floor:
    pupil = shape.pupil_id
    params = [pupil, pupil, pupil, period_id, shape.class_id, shape.school.pk, start, end]
    return Floor(f"pupil-{start.isoformat()}-{end.isoformat()}", PUPIL_LESSONS_SQL, params)


def session(session_key: str) -> Floor:
    return Floor("session", SESSION_SQL, [session_key])


def mark_insert(shape):
    students = iter(shape.student_ids * 1000)

    def insert():
        now = dt.datetime.now(dt.UTC)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                INSERT_SQL,
                [shape.school.pk, shape.save_lesson_id, next(students), shape.work_type_id, now, now],
            )

    return insert
