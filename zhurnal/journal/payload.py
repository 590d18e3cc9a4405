"""The journal grid as plain data: one shape for the API's `GET /journal` and the page's script."""

from zhurnal.core import names
from zhurnal.journal.models import AttendanceCode, LessonType, WorkType
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


def grid_payload(grid: Grid, *, can_write: bool, directories: dict | None = None) -> dict:
    period = grid.period
    payload = {
        "assignment": grid.assignment.pk,
        "subject": {"id": grid.assignment.subject_id, "name": grid.assignment.subject.name},
        "class_id": grid.assignment.class_group_id,
        "class_name": str(grid.assignment.class_group),
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
                "id": lesson["id"],
                "date": _date(lesson["date"]),
                "slot": lesson["slot"],
                "topic": lesson["topic"],
                "lesson_type": lesson["lesson_type_id"],
                "lesson_type_name": lesson["lesson_type__name"] or "",
                "homework": lesson["homework"],
                "homework_due": _date(lesson["homework_due"]),
                "status": lesson["status"],
                "teacher_id": lesson["teacher_id"],
                "attendance_taken": lesson["attendance_taken_at"] is not None,
                "version": lesson["version"],
                "files": [
                    {"id": file_id, "name": name, "size": size, "url": f"/journal/files/{file_id}/"}
                    for file_id, name, size in grid.files.get(lesson["id"], ())
                ],
            }
            for lesson in grid.lessons
        ],
        "marks": [
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
        "attendance": [
            {
                "lesson": a["lesson_id"],
                "student": a["student_id"],
                "code": a["code__code"],
                "minutes_late": a["minutes_late"],
                "version": a["version"],
            }
            for a in grid.attendance
        ],
        "period_marks": [_result(pm) for pm in grid.period_marks],
        "year_marks": [_result(pm) for pm in grid.year_marks],
    }
    if directories is not None:
        payload.update(directories)
    return payload


def journal_directories(school_id: int) -> dict:
    """Work types, lesson types and attendance codes of the school: three small queries."""
    return {
        "work_types": [
            {"id": w.pk, "name": w.name, "short_name": w.short_name, "weight": w.weight}
            for w in WorkType.objects.filter(school_id=school_id).order_by("weight", "name")
        ],
        "lesson_types": [
            {"id": t.pk, "name": t.name}
            for t in LessonType.objects.filter(school_id=school_id).order_by("name")
        ],
        "attendance_codes": [
            {"code": c.code, "name": c.name, "is_late": c.is_late}
            for c in AttendanceCode.objects.filter(school_id=school_id).order_by("code")
        ],
    }
