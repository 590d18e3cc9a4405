"""Reads of the diary: a pupil's week and a pupil's period, each in a fixed number of queries.

Rows come as plain dicts (`values()`), never model instances: a year of one pupil's marks is a
few hundred rows, and building objects for them would be most of the page's time. Every read
starts from a scoped queryset; when staff open a pupil who is not their own child, the lessons
are narrowed to the journals they read, so a lesson's attendance (joined in the same query) is
never one the scope would hide.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, FilteredRelation, OuterRef, Q, QuerySet, Subquery

from zhurnal.core import clock, names
from zhurnal.journal.models import Lesson, PeriodMark
from zhurnal.journal.scopes import lesson_q_staff
from zhurnal.journal.selectors import pick_period
from zhurnal.journal.values import weighted_average
from zhurnal.materials.selectors import homework_attachments
from zhurnal.people.models import Enrollment, StudyGroupMembership, SubgroupMembership, TeachingAssignment
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import BellSlot, StudyPeriod

DAYS_IN_WEEK = 6  # Monday to Saturday
MAX_SPAN_DAYS = 62

_ATTENDANCE_FIELDS = {
    "mine__code__code": "code",
    "mine__code__name": "name",
    "mine__minutes_late": "minutes_late",
    "mine__code__is_absence": "is_absence",
    "mine__code__is_illness": "is_illness",
    "mine__code__is_late": "is_late",
}


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _pupil_lessons(actor: Actor, student_id: int, start: dt.date, end: dt.date) -> QuerySet:
    """Lessons of the pupil's class (and subgroups) on the dates the pupil was enrolled in it,
    with the pupil's attendance and marks joined in: one row per lesson and mark (attendance is
    unique per pupil and lesson). The scope of marks and attendance is that of the lessons: all
    of a family's own pupil's, and for staff those of the journals they read."""
    enrolled = Enrollment.objects.filter(
        Q(end__isnull=True) | Q(end__gte=OuterRef("date")),
        student_id=student_id,
        class_group_id=OuterRef("assignment__class_group_id"),
        start__lte=OuterRef("date"),
    )
    subgroups = SubgroupMembership.objects.filter(student_id=student_id).values("subgroup_id")
    # A cross-class study group's lessons on the days the pupil was a member (decision 0036).
    in_group = StudyGroupMembership.objects.filter(
        Q(end__isnull=True) | Q(end__gte=OuterRef("date")),
        student_id=student_id,
        group_id=OuterRef("assignment__study_group_id"),
        start__lte=OuterRef("date"),
    )
    # The pupil's journals read first, in a statement of their own (decision 0035): inside this
    # statement's many joins PostgreSQL would plan a subquery bound after reading every school's
    # lessons of the window; a list of ids drives the read through the journal's index.
    journals = list(
        TeachingAssignment.objects.filter(
            class_group_id__in=Enrollment.objects.filter(student_id=student_id).values("class_group_id")
        )
        .order_by()
        .values_list("id", flat=True)
        .union(
            TeachingAssignment.objects.filter(
                study_group_id__in=StudyGroupMembership.objects.filter(student_id=student_id).values(
                    "group_id"
                )
            )
            .order_by()
            .values_list("id", flat=True)
        )
    )
    lessons = (
        Lesson.objects.visible_to(actor)
        .filter(assignment_id__in=journals, date__gte=start, date__lte=end)
        .filter(
            (
                Exists(enrolled)
                & (Q(assignment__subgroup__isnull=True) | Q(assignment__subgroup_id__in=subgroups))
            )
            | Exists(in_group)
        )
        .annotate(
            mine=FilteredRelation("attendance", condition=Q(attendance__student_id=student_id)),
            my_marks=FilteredRelation("marks", condition=Q(marks__student_id=student_id)),
        )
    )
    if student_id not in actor.own_student_ids:
        lessons = lessons.filter(lesson_q_staff(actor))
    return lessons


_MARK_FIELDS = {
    "my_marks__id": "id",
    "my_marks__value": "value",
    "my_marks__score": "score",
    "my_marks__score2": "score2",
    "my_marks__comment": "comment",
    "my_marks__work_type__name": "work_type",
    "my_marks__work_type__weight": "weight",
    "my_marks__deferred_until": "deferred_until",
}


def _mark_of(row: dict) -> dict | None:
    if row["my_marks__id"] is None:
        return None
    return {short: row[name] for name, short in _MARK_FIELDS.items()}


def _attendance_of(row: dict) -> dict | None:
    if row["mine__code__code"] is None:
        return None
    return {short: row[name] for name, short in _ATTENDANCE_FIELDS.items()}


# --- the week --------------------------------------------------------------------------------


@dataclass
class Day:
    date: dt.date
    lessons: list[dict] = field(default_factory=list)
    # Homework set on an earlier day and due on this one (as families expect from a diary).
    due: list[dict] = field(default_factory=list)

    @property
    def is_today(self) -> bool:
        return self.date == clock.today()


def diary_days(
    actor: Actor, student_id: int, start: dt.date, end: dt.date, *, weekdays_only: bool = False
) -> list[Day]:
    """Each day from start to end with its lessons, marks and attendance: one query.

    With `weekdays_only` every day Monday–Saturday is listed, lessons or not (the week page);
    otherwise only days with lessons (the API's longer spans). Homework set before `start` and
    due within the span comes in the same query (lessons up to MAX_SPAN_DAYS earlier) and is
    listed under its due day as well as under the day it was set.
    """
    slot_times = BellSlot.objects.filter(
        schedule_id=OuterRef("assignment__class_group__bell_schedule_id"), number=OuterRef("slot")
    )
    set_earlier = Q(homework_due__gte=start, homework_due__lte=end) & ~Q(homework="")
    lessons_of_span = _pupil_lessons(actor, student_id, start - dt.timedelta(days=MAX_SPAN_DAYS), end).filter(
        Q(date__gte=start) | set_earlier
    )
    rows = (
        lessons_of_span.annotate(
            starts=Subquery(slot_times.values("starts")[:1]),
            ends=Subquery(slot_times.values("ends")[:1]),
        )
        .order_by("date", "slot", "id", "my_marks__id")
        .values(
            "id",
            "date",
            "slot",
            "starts",
            "ends",
            "topic",
            "homework",
            "homework_due",
            "status",
            "lesson_type__name",
            "assignment__subject_id",
            "assignment__subject__name",
            "teacher_id",
            "teacher__last_name",
            "teacher__first_name",
            "teacher__middle_name",
            *_ATTENDANCE_FIELDS,
            *_MARK_FIELDS,
        )
    )
    days: dict[dt.date, Day] = {}
    if weekdays_only:
        day = start
        while day <= end:
            if day.weekday() < DAYS_IN_WEEK:
                days[day] = Day(day)
            day += dt.timedelta(days=1)
    lessons: dict[int, dict] = {}
    for row in rows:
        if row["date"] < start:
            # Set before the span, due within it: only its homework is shown, under the due day.
            if row["id"] not in lessons:
                lessons[row["id"]] = {"id": row["id"], "marks": [], "files": [], "materials": []}
                _add_due(days, row, lessons[row["id"]])
            continue
        mark = _mark_of(row)
        if row["id"] in lessons:
            lessons[row["id"]]["marks"].append(mark)
            continue
        lesson = lessons[row["id"]] = {
            "id": row["id"],
            "slot": row["slot"],
            "starts": row["starts"],
            "ends": row["ends"],
            "subject_id": row["assignment__subject_id"],
            "subject": row["assignment__subject__name"],
            "topic": row["topic"],
            "lesson_type": row["lesson_type__name"] or "",
            "homework": row["homework"],
            "homework_due": row["homework_due"],
            "cancelled": row["status"] == Lesson.Status.CANCELLED,
            "teacher_id": row["teacher_id"],
            "teacher": names.short_name(
                row["teacher__last_name"], row["teacher__first_name"], row["teacher__middle_name"]
            ),
            "marks": [mark] if mark else [],
            "attendance": _attendance_of(row),
            "files": [],
            "materials": [],
        }
        days.setdefault(row["date"], Day(row["date"])).lessons.append(lesson)
        due = row["homework_due"]
        if row["homework"] and due and due != row["date"] and start <= due <= end:
            _add_due(days, row, lesson)
    # The homework files and study materials of the same lessons: one more query, run whether
    # or not there are any (materials.selectors.homework_attachments).
    files_of, materials_of = homework_attachments(lessons_of_span.values("id"))
    for lesson_id, lesson in lessons.items():
        lesson["files"].extend(files_of.get(lesson_id, ()))
        lesson["materials"].extend(materials_of.get(lesson_id, ()))
    for day in days.values():
        day.due.sort(key=lambda due: (due["set_on"], due["subject"]))
    return [days[d] for d in sorted(days)]


def _add_due(days: dict[dt.date, Day], row: dict, lesson: dict) -> None:
    """List a lesson's homework under the day it is due, with the day it was set."""
    due = row["homework_due"]
    days.setdefault(due, Day(due)).due.append(
        {
            "lesson_id": row["id"],
            "subject": row["assignment__subject__name"],
            "homework": row["homework"],
            "set_on": row["date"],
            # The same list as the lesson's own, filled with the files below.
            "files": lesson["files"],
            "materials": lesson["materials"],
        }
    )


# --- the period ------------------------------------------------------------------------------


def pupil_periods(actor: Actor, student_id: int) -> list[StudyPeriod]:
    """Study periods of every year the pupil studied here, for their grade that year: one query.
    Each year's quarters (or halves, trimesters) in order, then the year itself."""
    studied = Enrollment.objects.filter(
        student_id=student_id,
        class_group__year_id=OuterRef("year_id"),
        class_group__grade__gte=OuterRef("grade_from"),
        class_group__grade__lte=OuterRef("grade_to"),
    )
    periods = list(StudyPeriod.objects.visible_to(actor).filter(Exists(studied)).select_related("year"))
    periods.sort(key=lambda p: (p.year.start, p.kind == StudyPeriod.Kind.YEAR, p.start, p.pk))
    return periods


def choose_period(periods: list[StudyPeriod], period_id=None, year_id=None) -> StudyPeriod | None:
    """The asked-for period; else, in the asked-for (or current) year, the current one."""
    if period_id is not None:
        return next((p for p in periods if p.pk == period_id), None)
    if year_id is not None:
        in_year = [p for p in periods if p.year_id == year_id]
        if not in_year:
            return None
    else:
        today = clock.today()
        current = [p for p in periods if p.year.start <= today <= p.year.end]
        in_year = current or [p for p in periods if p.year.start <= today] or periods
        if in_year:
            last_year = in_year[-1].year_id
            in_year = [p for p in in_year if p.year_id == last_year]
    parts = [p for p in in_year if p.kind != StudyPeriod.Kind.YEAR]
    return pick_period(parts) if parts else (in_year[0] if in_year else None)


@dataclass
class SubjectRow:
    id: int
    name: str
    marks: list[dict] = field(default_factory=list)
    average: Decimal | None = None
    period_mark: str = ""
    year_mark: str = ""
    # In the year view: the mark of each of the year's periods, in order (value or "").
    part_marks: list[str] = field(default_factory=list)


@dataclass
class AttendanceTotals:
    days_missed: int = 0
    days_missed_ill: int = 0
    lessons_missed: int = 0
    lessons_missed_ill: int = 0
    late: int = 0


@dataclass
class PeriodReport:
    period: StudyPeriod
    subjects: list[SubjectRow]
    attendance: AttendanceTotals
    # The year's quarters (halves, trimesters) when the period shown is the year itself.
    parts: list[StudyPeriod] = field(default_factory=list)


def attendance_totals(rows: list[dict]) -> AttendanceTotals:
    """Counts over the pupil's lessons (cancelled ones left out). A day is missed only when every
    lesson of it was missed (DOMAIN.md §4); it is missed for illness when every one was for illness."""
    totals = AttendanceTotals()
    per_day: dict[dt.date, list[dict | None]] = defaultdict(list)
    for row in rows:
        per_day[row["date"]].append(row["attendance"])
    for marks in per_day.values():
        absent = [a for a in marks if a and a["is_absence"]]
        ill = [a for a in absent if a["is_illness"]]
        totals.lessons_missed += len(absent)
        totals.lessons_missed_ill += len(ill)
        totals.late += sum(1 for a in marks if a and a["is_late"])
        if marks and len(absent) == len(marks):
            totals.days_missed += 1
            if len(ill) == len(marks):
                totals.days_missed_ill += 1
    return totals


def period_report(
    actor: Actor, student_id: int, period: StudyPeriod, periods: list[StudyPeriod] = ()
) -> PeriodReport:
    """Marks by subject with weighted averages, period and year marks, attendance totals: one
    query (lessons with the pupil's attendance and marks, and the subject's period and year
    marks alongside). For the year itself, `periods` (the pupil's, from `pupil_periods`) give
    the year's quarters, whose marks come in the same query, one column each."""
    finals = PeriodMark.objects.visible_to(actor).filter(
        student_id=student_id, subject_id=OuterRef("assignment__subject_id")
    )
    period_mark = finals.filter(kind=PeriodMark.Kind.PERIOD, period_id=period.pk)
    year_mark = finals.filter(kind=PeriodMark.Kind.YEAR, period__isnull=True, year_id=period.year_id)
    parts = (
        [p for p in periods if p.year_id == period.year_id and p.kind != StudyPeriod.Kind.YEAR]
        if period.kind == StudyPeriod.Kind.YEAR
        else []
    )
    part_marks = {
        f"part_{part.pk}": Subquery(
            finals.filter(kind=PeriodMark.Kind.PERIOD, period_id=part.pk).values("value")[:1]
        )
        for part in parts
    }
    rows = (
        _pupil_lessons(actor, student_id, period.start, period.end)
        .exclude(status=Lesson.Status.CANCELLED)
        .annotate(
            period_mark=Subquery(period_mark.values("value")[:1]),
            year_mark=Subquery(year_mark.values("value")[:1]),
            **part_marks,
        )
        .order_by("date", "slot", "id", "my_marks__id")
        .values(
            "id",
            "date",
            "assignment__subject_id",
            "assignment__subject__name",
            "period_mark",
            "year_mark",
            *part_marks,
            *_ATTENDANCE_FIELDS,
            *_MARK_FIELDS,
        )
    )
    subjects: dict[int, SubjectRow] = {}
    scores: dict[int, list[tuple]] = defaultdict(list)
    lessons: dict[int, dict] = {}
    for row in rows:
        subject_id = row["assignment__subject_id"]
        subject = subjects.get(subject_id)
        if subject is None:
            subject = subjects[subject_id] = SubjectRow(subject_id, row["assignment__subject__name"])
        subject.period_mark = row["period_mark"] or ""
        subject.year_mark = row["year_mark"] or ""
        subject.part_marks = [row[name] or "" for name in part_marks]
        if row["id"] not in lessons:
            lessons[row["id"]] = {"date": row["date"], "attendance": _attendance_of(row)}
        mark = _mark_of(row)
        if mark is None:
            continue
        mark["date"] = row["date"]
        subject.marks.append(mark)
        if mark["score"] is not None:
            scores[subject_id].append((mark["score"], mark["score2"], Decimal(mark["weight"])))
    for subject_id, subject in subjects.items():
        subject.average = weighted_average(scores.get(subject_id, []))
    ordered = sorted(subjects.values(), key=lambda s: (s.name, s.id))
    return PeriodReport(
        period=period, subjects=ordered, attendance=attendance_totals(list(lessons.values())), parts=parts
    )
