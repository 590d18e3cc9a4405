"""The state-portal feed of one school (DOMAIN.md §8): the canonical records changed in a window.

The shape is documented by docs/integrations/portal-feed.schema.json (tests validate against it).
Every record carries our id and `updated_at`; a receiver upserts by id, so a record sent twice
(windows overlap by `LAG`) does no harm. Deletions since `since` come from the audit log.
People are keyed by СНИЛС where known (`snils`, else null) and always by our id.

Reads are plain rows (`values`), a fixed number of queries per feed, however large.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Q

from zhurnal.core.models import AuditEvent
from zhurnal.journal.models import Attendance, Lesson, LessonFile, Mark, PeriodMark
from zhurnal.people.models import Staff, Student, TimetableEntry
from zhurnal.schools.models import BellSlot, School

FORMAT = "zhurnal-portal-feed"
VERSION = 1
# A transaction may commit a little after its rows' `updated_at`: a window ends this long before
# the export starts, and the next window starts there, so nothing slips between two windows.
LAG = dt.timedelta(minutes=1)
DELETIONS = {"mark.delete": "mark", "attendance.delete": "attendance"}


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _window(qs, since: dt.datetime | None, until: dt.datetime, field: str = "updated_at"):
    qs = qs.filter(**{f"{field}__lte": until})
    return qs.filter(**{f"{field}__gt": since}) if since is not None else qs


def _class_name(grade, letter) -> str:
    return f"{grade}{letter}"


def build(school: School, *, since: dt.datetime | None, until: dt.datetime) -> dict:
    """The feed of `school` for records changed after `since` (all when None) up to `until`."""
    sid = school.pk
    marks = list(
        _window(Mark.objects.filter(school_id=sid), since, until)
        .order_by("pk")
        .values(
            "pk",
            "student_id",
            "lesson_id",
            "lesson__date",
            "lesson__assignment__subject__name",
            "value",
            "score",
            "score2",
            "work_type__name",
            "work_type__weight",
            "deferred_until",
            "comment",
            "updated_at",
        )
    )
    period_marks = list(
        _window(PeriodMark.objects.filter(school_id=sid), since, until)
        .order_by("pk")
        .values(
            "pk", "student_id", "subject__name", "kind", "period__name", "year__name", "value", "updated_at"
        )
    )
    attendance = list(
        _window(Attendance.objects.filter(school_id=sid), since, until)
        .order_by("pk")
        .values(
            "pk",
            "student_id",
            "lesson_id",
            "lesson__date",
            "lesson__slot",
            "lesson__assignment__subject__name",
            "code__code",
            "code__name",
            "code__is_absence",
            "code__is_illness",
            "code__is_excused",
            "code__is_late",
            "minutes_late",
            "updated_at",
        )
    )
    timetable = list(
        _window(TimetableEntry.objects.filter(school_id=sid), since, until)
        .order_by("pk")
        .values(
            "pk",
            "assignment__class_group__grade",
            "assignment__class_group__letter",
            "assignment__subgroup__name",
            "assignment__study_group__name",
            "assignment__subject__name",
            "assignment__teacher_id",
            "weekday",
            "slot",
            "bell_schedule_id",
            "room",
            "valid_from",
            "valid_to",
            "updated_at",
        )
    )
    slots = {
        (s["schedule_id"], s["number"]): s
        for s in BellSlot.objects.filter(school_id=sid).values("schedule_id", "number", "starts", "ends")
    }
    homework = list(
        _window(Lesson.objects.filter(school_id=sid).exclude(homework=""), since, until)
        .order_by("pk")
        .values(
            "pk",
            "date",
            "homework",
            "homework_due",
            "assignment__class_group__grade",
            "assignment__class_group__letter",
            "assignment__subgroup__name",
            "assignment__study_group__name",
            "assignment__subject__name",
            "updated_at",
        )
    )
    files = defaultdict(list)
    for row in LessonFile.objects.filter(school_id=sid, lesson_id__in=[h["pk"] for h in homework]).values(
        "lesson_id", "name", "size"
    ):
        files[row["lesson_id"]].append({"name": row["name"], "size": row["size"]})
    deleted = list(
        _window(
            AuditEvent.objects.filter(school_id=sid, action__in=list(DELETIONS)),
            since,
            until,
            field="created_at",
        )
        .order_by("pk")
        .values("action", "object_id", "created_at")
    )

    # People: everyone a record above names, and everyone changed in the window.
    student_ids = {m["student_id"] for m in marks} | {p["student_id"] for p in period_marks}
    student_ids |= {a["student_id"] for a in attendance}
    changed_students = _window(Student.objects.filter(school_id=sid), since, until).values("pk")
    students = list(
        Student.objects.filter(Q(pk__in=student_ids) | Q(pk__in=changed_students), school_id=sid)
        .order_by("pk")
        .values("pk", "snils", "last_name", "first_name", "middle_name", "birth_date", "updated_at")
    )
    teacher_ids = {t["assignment__teacher_id"] for t in timetable}
    changed_staff = _window(Staff.objects.filter(school_id=sid), since, until).values("pk")
    staff = list(
        Staff.objects.filter(Q(pk__in=teacher_ids) | Q(pk__in=changed_staff), school_id=sid)
        .order_by("pk")
        .values("pk", "last_name", "first_name", "middle_name", "updated_at")
    )

    def klass(row, prefix="assignment__"):
        return {
            # A cross-class study group's journal has no class: it is named by the group.
            "class": row[f"{prefix}study_group__name"]
            if row[f"{prefix}class_group__grade"] is None
            else _class_name(row[f"{prefix}class_group__grade"], row[f"{prefix}class_group__letter"]),
            "subgroup": row[f"{prefix}subgroup__name"],
        }

    return {
        "format": FORMAT,
        "version": VERSION,
        "school": {"id": sid, "name": school.name, "short_name": school.short_name},
        "since": _iso(since),
        "until": _iso(until),
        "people": [
            {
                "id": f"student:{s['pk']}",
                "kind": "student",
                "snils": s["snils"] or None,
                "last_name": s["last_name"],
                "first_name": s["first_name"],
                "middle_name": s["middle_name"],
                "birth_date": _iso(s["birth_date"]),
                "updated_at": _iso(s["updated_at"]),
            }
            for s in students
        ]
        + [
            {
                "id": f"staff:{t['pk']}",
                "kind": "teacher",
                "snils": None,  # staff cards hold no СНИЛС yet
                "last_name": t["last_name"],
                "first_name": t["first_name"],
                "middle_name": t["middle_name"],
                "birth_date": None,
                "updated_at": _iso(t["updated_at"]),
            }
            for t in staff
        ],
        "marks": [
            {
                "id": f"mark:{m['pk']}",
                "student": f"student:{m['student_id']}",
                "lesson": m["lesson_id"],
                "date": _iso(m["lesson__date"]),
                "subject": m["lesson__assignment__subject__name"],
                "value": m["value"],
                "scores": [s for s in (m["score"], m["score2"]) if s is not None],
                "weight": m["work_type__weight"],
                "control_form": m["work_type__name"],
                "exam": False,
                "final": False,
                "deferred": m["deferred_until"] is not None,
                "deadline": _iso(m["deferred_until"]),
                "comment": m["comment"],
                "updated_at": _iso(m["updated_at"]),
            }
            for m in marks
        ]
        + [
            {
                "id": f"period_mark:{p['pk']}",
                "student": f"student:{p['student_id']}",
                "lesson": None,
                "date": None,
                "subject": p["subject__name"],
                "value": p["value"],
                "scores": [int(p["value"])] if p["value"].isdigit() else [],
                "weight": None,
                "control_form": p["period__name"] or p["year__name"],
                "exam": p["kind"] == PeriodMark.Kind.EXAM,
                "final": True,
                "kind": p["kind"],
                "deferred": False,
                "deadline": None,
                "comment": "",
                "updated_at": _iso(p["updated_at"]),
            }
            for p in period_marks
        ],
        "attendance": [
            {
                "id": f"attendance:{a['pk']}",
                "student": f"student:{a['student_id']}",
                "lesson": a["lesson_id"],
                "date": _iso(a["lesson__date"]),
                "slot": a["lesson__slot"],
                "subject": a["lesson__assignment__subject__name"],
                "code": a["code__code"],
                "meaning": a["code__name"],
                "absent": a["code__is_absence"],
                "illness": a["code__is_illness"],
                "excused": a["code__is_excused"],
                "late": a["code__is_late"],
                "minutes_late": a["minutes_late"],
                "updated_at": _iso(a["updated_at"]),
            }
            for a in attendance
        ],
        "timetable": [
            {
                "id": f"timetable:{t['pk']}",
                **klass(t),
                "subject": t["assignment__subject__name"],
                "teacher": f"staff:{t['assignment__teacher_id']}",
                "weekday": t["weekday"],
                "slot": t["slot"],
                "starts": _iso(slots.get((t["bell_schedule_id"], t["slot"]), {}).get("starts")),
                "ends": _iso(slots.get((t["bell_schedule_id"], t["slot"]), {}).get("ends")),
                "room": t["room"],
                "valid_from": _iso(t["valid_from"]),
                "valid_to": _iso(t["valid_to"]),
                "updated_at": _iso(t["updated_at"]),
            }
            for t in timetable
        ],
        "homework": [
            {
                "id": f"homework:{h['pk']}",
                "lesson": h["pk"],
                **klass(h),
                "subject": h["assignment__subject__name"],
                "date": _iso(h["date"]),
                "due": _iso(h["homework_due"]),
                "text": h["homework"],
                "files": files.get(h["pk"], []),
                "updated_at": _iso(h["updated_at"]),
            }
            for h in homework
        ],
        "deleted": [
            {"kind": DELETIONS[d["action"]], "id": d["object_id"], "at": _iso(d["created_at"])}
            for d in deleted
        ],
    }
