"""The journal grid as plain data: one shape for the API's `GET /journal` and the page's script
(which takes the marks and the attendance as rows of values)."""

from zhurnal.core import names
from zhurnal.core.rawsql import fetch
from zhurnal.journal.selectors import Grid


def _date(value):
    return value.isoformat() if value else None


def _result(pm: dict) -> dict:
    return {
        "id": pm["id"],
        "student": pm["student_id"],
        "period": pm["period_id"],
        "value": pm["value"],
        "suggested": pm["suggested"],
        "reason": pm["reason"],
        "version": pm["version"],
    }


# The fields of a mark and of an attendance record, in the order of the page's compact rows.
MARK_FIELDS = (
    "id",
    "lesson",
    "student",
    "value",
    "work_type",
    "weight",
    "comment",
    "deferred_until",
    "version",
)
ATTENDANCE_FIELDS = ("lesson", "student", "code", "minutes_late", "version")


def grid_payload(grid: Grid, *, can_write: bool, directories: dict | None = None, rows: bool = False) -> dict:
    """The grid as JSON data. With `rows`, the marks and the attendance are arrays of values in
    the order of `mark_fields` and `attendance_fields` (the page's grid.js makes them objects
    again): a quarter's marks as objects were most of the page's bytes and a sixth of its time.
    The API answers objects."""
    period = grid.period
    payload = {
        "assignment": grid.assignment.pk,
        "subject": {"id": grid.assignment.subject_id, "name": grid.assignment.subject.name},
        "class_id": grid.assignment.class_group_id,
        "class_name": str(grid.assignment.class_group or grid.assignment.study_group),
        "subgroup": grid.assignment.subgroup.name if grid.assignment.subgroup_id else None,
        "grading_mode": grid.grading_mode,
        "can_write": can_write,
        "period": {
            "id": period.pk,
            "name": period.name,
            "start": _date(period.start),
            "end": _date(period.end),
            "closed": period.closed,
        }
        if period
        else None,
        "periods": [{"id": p.pk, "name": p.name, "closed": p.closed} for p in grid.periods],
        "students": [
            {
                "id": st["id"],
                "full_name": names.full_name(st["last_name"], st["first_name"], st["middle_name"]),
                "short_name": names.short_name(st["last_name"], st["first_name"], st["middle_name"]),
                "enrolled_from": _date(st["enrolled_from"]),
                "enrolled_to": _date(st["enrolled_to"]),
                "average": str(st["average"]) if st["average"] is not None else None,
                "suggested": st["suggestion"].value if st["suggestion"] else None,
                "suggested_reason": st["suggestion"].reason if st["suggestion"] else None,
                "year_suggested": st["year_suggestion"].value if st["year_suggestion"] else None,
            }
            for st in grid.students
        ],
        "lessons": [
            {
                "id": lesson_id,
                "date": _date(date),
                "slot": slot,
                "topic": topic,
                "lesson_type": lesson_type_id,
                "lesson_type_name": lesson_type_name or "",
                "homework": homework,
                "homework_due": _date(homework_due),
                "status": status,
                "teacher_id": teacher_id,
                "attendance_taken": bool(attendance_taken),
                "version": version,
                # The КТП item the lesson delivers (decision 0024); the grid shows its topic
                # where the lesson has none yet, and marks a topic that departs from it.
                "plan_item": {"id": plan_item_id, "number": plan_number, "topic": plan_topic}
                if plan_item_id is not None
                else None,
                "files": [
                    {"id": file_id, "name": name, "size": size, "url": f"/journal/files/{file_id}/"}
                    for file_id, name, size in grid.files.get(lesson_id, ())
                ],
            }
            for (
                lesson_id,
                date,
                slot,
                topic,
                lesson_type_id,
                lesson_type_name,
                homework,
                homework_due,
                status,
                teacher_id,
                attendance_taken,
                version,
                plan_item_id,
                plan_number,
                plan_topic,
            ) in grid.lessons
        ],
        "marks": _mark_rows(grid.marks)
        if rows
        else [
            {
                "id": mark_id,
                "lesson": lesson_id,
                "student": student_id,
                "value": value,
                "work_type": work_type_id,
                "weight": weight,
                "comment": comment,
                "deferred_until": _date(deferred_until),
                "version": version,
            }
            for (
                mark_id,
                lesson_id,
                student_id,
                value,
                _score,
                _score2,
                work_type_id,
                weight,
                comment,
                deferred_until,
                version,
            ) in grid.marks
        ],
        "attendance": grid.attendance  # rows of (lesson, student, code, minutes_late, version)
        if rows
        else [
            {
                "lesson": lesson_id,
                "student": student_id,
                "code": code,
                "minutes_late": late,
                "version": version,
            }
            for lesson_id, student_id, code, late, version in grid.attendance
        ],
        "period_marks": [_result(pm) for pm in grid.period_marks],
        "year_marks": [_result(pm) for pm in grid.year_marks],
    }
    if rows:
        payload["mark_fields"], payload["attendance_fields"] = MARK_FIELDS, ATTENDANCE_FIELDS
    if directories is not None:
        payload.update(directories)
    return payload


def _mark_rows(marks: list[tuple]) -> list[tuple]:
    return [
        (mark_id, lesson_id, student_id, value, work_type_id, weight, comment, _date(deferred), version)
        for (
            mark_id,
            lesson_id,
            student_id,
            value,
            _s,
            _s2,
            work_type_id,
            weight,
            comment,
            deferred,
            version,
        ) in marks
    ]


# The school's three directories in one read: small tables, but three ORM queries were a tenth of
# the journal page's time. Kinds: w = work type, t = lesson type, c = attendance code. The flag is
# an integer, typed in the first branch: PostgreSQL types a column of bare NULLs as text.
# The last column is whether the entry is offered for new entries (decision 0037): a deactivated
# one stays in the lists, so the marks and codes entered with it are still named.
_DIRECTORIES_SQL = """
SELECT 'w', id, name, short_name, weight, CAST(NULL AS INTEGER), CASE WHEN is_active THEN 1 ELSE 0 END
    FROM journal_worktype WHERE school_id = %s
UNION ALL
SELECT 't', id, name, NULL, NULL, NULL, CASE WHEN is_active THEN 1 ELSE 0 END
    FROM journal_lessontype WHERE school_id = %s
UNION ALL
SELECT 'c', id, name, code, NULL, CASE WHEN is_late THEN 1 ELSE 0 END, CASE WHEN is_active THEN 1 ELSE 0 END
    FROM journal_attendancecode WHERE school_id = %s
"""


def journal_directories(school_id: int) -> dict:
    """Work types (by weight, then name), lesson types (by name) and attendance codes (by code)."""
    rows = fetch(_DIRECTORIES_SQL, [school_id] * 3)
    work_types = sorted((r for r in rows if r[0] == "w"), key=lambda r: (r[4], r[2]))
    lesson_types = sorted((r for r in rows if r[0] == "t"), key=lambda r: r[2])
    codes = sorted((r for r in rows if r[0] == "c"), key=lambda r: r[3])
    return {
        "work_types": [
            {"id": r[1], "name": r[2], "short_name": r[3], "weight": r[4], "is_active": bool(r[6])}
            for r in work_types
        ],
        "lesson_types": [{"id": r[1], "name": r[2], "is_active": bool(r[6])} for r in lesson_types],
        "attendance_codes": [
            {"code": r[3], "name": r[2], "is_late": bool(r[5]), "is_active": bool(r[6])} for r in codes
        ],
    }
