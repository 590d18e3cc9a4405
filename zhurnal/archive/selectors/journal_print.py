"""What the printed journal of a class holds for a year (REPORTS.md §10), as plain rows.

One read per kind of record (assignments, subgroup members, lessons, marks, attendance, period
marks, then the summary sheet's), so the number of queries does not grow with the class.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from zhurnal.archive.selectors.summary import (
    ROMAN,
    Summary,
    class_periods,
    class_roster,
    class_subjects,
    final_marks_summary,
)
from zhurnal.core import names
from zhurnal.journal.models import Attendance, Lesson, Mark, PeriodMark
from zhurnal.people.models import SubgroupMembership, TeachingAssignment
from zhurnal.schools.models import AcademicYear, ClassGroup, GradingMode, School

# A4 landscape holds this many date columns beside the pupils' names; a wider month is split.
MAX_COLUMNS = 24
MONTHS = {
    1: pgettext_lazy("month", "январь"),
    2: pgettext_lazy("month", "февраль"),
    3: pgettext_lazy("month", "март"),
    4: pgettext_lazy("month", "апрель"),
    5: pgettext_lazy("month", "май"),
    6: pgettext_lazy("month", "июнь"),
    7: pgettext_lazy("month", "июль"),
    8: pgettext_lazy("month", "август"),
    9: pgettext_lazy("month", "сентябрь"),
    10: pgettext_lazy("month", "октябрь"),
    11: pgettext_lazy("month", "ноябрь"),
    12: pgettext_lazy("month", "декабрь"),
}


def month_name(month: int) -> str:
    return str(MONTHS[month])


@dataclass
class GridColumn:
    title: str  # the day ("07") or the period ("I", "Год")
    lesson_id: int | None = None
    mark_key: tuple | None = None  # (subject_id, period_id, kind) for a period or year mark
    is_mark: bool = False


@dataclass
class GridPage:
    """One left page: a month (or part of one) of a subject's marks, and its facing lessons."""

    month: str
    part: int
    parts: int
    columns: list[GridColumn]
    rows: list[dict]  # {"number", "student", "cells": [str, ...]}
    lessons: list[dict]  # {"date", "topic", "homework", "teacher"}


@dataclass
class SubjectSection:
    subject: str
    group: str  # the subgroup's name, or ""
    teacher: str
    grading_mode: str
    pages: list[GridPage] = field(default_factory=list)


@dataclass
class PrintedJournal:
    school: School
    class_group: ClassGroup
    year: AcademicYear
    sections: list[SubjectSection]
    months: list[str]
    attendance: list[dict]  # {"number", "student", "months": [int, ...], "total", "illness"}
    summary: Summary
    counts: dict


def _school_year_months(year: AcademicYear) -> list[tuple[int, int]]:
    months = []
    day = year.start.replace(day=1)
    while day <= year.end:
        months.append((day.year, day.month))
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def printed_journal(school: School, class_group: ClassGroup, year: AcademicYear) -> PrintedJournal:
    summary = final_marks_summary(school, class_group, year)
    roster = class_roster(class_group)
    pupil_ids = [p["id"] for p in roster]
    order = {sid: (i, mode) for i, (sid, _name, mode) in enumerate(class_subjects(class_group))}
    periods = class_periods(class_group)

    assignments = list(
        TeachingAssignment.objects.filter(class_group=class_group).values(
            "id",
            "subject_id",
            "subgroup_id",
            "teacher_id",
            subject_name=F("subject__name"),
            group=F("subgroup__name"),
            t_last=F("teacher__last_name"),
            t_first=F("teacher__first_name"),
            t_middle=F("teacher__middle_name"),
        )
    )
    assignments.sort(
        key=lambda a: (order.get(a["subject_id"], (len(order), ""))[0], a["subject_name"], a["group"] or "")
    )
    members: dict[int, set[int]] = defaultdict(set)
    for subgroup_id, student_id in SubgroupMembership.objects.filter(
        subgroup_id__in=[a["subgroup_id"] for a in assignments if a["subgroup_id"]]
    ).values_list("subgroup_id", "student_id"):
        members[subgroup_id].add(student_id)

    lessons_by_assignment: dict[int, list[dict]] = defaultdict(list)
    lesson_rows = (
        Lesson.objects.filter(assignment__class_group=class_group, date__gte=year.start, date__lte=year.end)
        .exclude(status=Lesson.Status.CANCELLED)
        .order_by("date", "slot", "pk")
        .values(
            "id",
            "assignment_id",
            "date",
            "topic",
            "homework",
            "teacher_id",
            t_last=F("teacher__last_name"),
            t_first=F("teacher__first_name"),
            t_middle=F("teacher__middle_name"),
        )
    )
    for lesson in lesson_rows:
        lessons_by_assignment[lesson["assignment_id"]].append(lesson)
    lesson_ids = {lesson["id"] for rows in lessons_by_assignment.values() for lesson in rows}

    cells: dict[tuple[int, int], list[str]] = defaultdict(list)
    mark_count = 0
    for lesson_id, student_id, value in (
        Mark.objects.filter(
            lesson__assignment__class_group=class_group,
            lesson__date__gte=year.start,
            lesson__date__lte=year.end,
        )
        .order_by("pk")
        .values_list("lesson_id", "student_id", "value")
    ):
        if lesson_id in lesson_ids:
            cells[lesson_id, student_id].append(value)
            mark_count += 1
    absent: dict[tuple[int, int], str] = {}
    missed = defaultdict(lambda: defaultdict(int))
    illness = defaultdict(int)
    attendance_count = 0
    for lesson_id, student_id, day, is_absence, is_illness in Attendance.objects.filter(
        lesson__assignment__class_group=class_group, lesson__date__gte=year.start, lesson__date__lte=year.end
    ).values_list("lesson_id", "student_id", "lesson__date", "code__is_absence", "code__is_illness"):
        if lesson_id not in lesson_ids:
            continue
        attendance_count += 1
        if is_absence:
            absent[lesson_id, student_id] = "н"
            missed[student_id][day.year, day.month] += 1
            if is_illness:
                illness[student_id] += 1

    period_marks: dict[tuple, str] = {}
    for student_id, subject_id, period_id, kind, value in PeriodMark.objects.filter(
        year_id=year.pk, student_id__in=pupil_ids
    ).values_list("student_id", "subject_id", "period_id", "kind", "value"):
        period_marks[student_id, subject_id, period_id, kind] = value

    sections = []
    for a in assignments:
        mode = order.get(a["subject_id"], (0, GradingMode.MARKS))[1]
        pupils = [p for p in roster if not a["subgroup_id"] or p["id"] in members[a["subgroup_id"]]]
        lessons = lessons_by_assignment.get(a["id"], [])
        section = SubjectSection(
            subject=a["subject_name"],
            group=a["group"] or "",
            teacher=names.full_name(a["t_last"], a["t_first"], a["t_middle"]),
            grading_mode=mode,
        )
        # Where each period's mark goes: after the last lesson of the period.
        after: dict[int, list[GridColumn]] = defaultdict(list)
        if mode != GradingMode.NONE and lessons:
            for period in periods:
                inside = [le for le in lessons if period.start <= le["date"] <= period.end]
                if inside:
                    after[inside[-1]["id"]].append(
                        GridColumn(
                            ROMAN.get(period.number, str(period.number)),
                            mark_key=(a["subject_id"], period.pk, PeriodMark.Kind.PERIOD),
                            is_mark=True,
                        )
                    )
            after[lessons[-1]["id"]].append(
                GridColumn(_("Год"), mark_key=(a["subject_id"], None, PeriodMark.Kind.YEAR), is_mark=True)
            )
        by_month: dict[tuple[int, int], list[dict]] = defaultdict(list)
        for lesson in lessons:
            by_month[lesson["date"].year, lesson["date"].month].append(lesson)
        for (y, m), month_lessons in sorted(by_month.items()):
            columns: list[GridColumn] = []
            for lesson in month_lessons:
                columns.append(GridColumn(f"{lesson['date']:%d}", lesson_id=lesson["id"]))
                columns.extend(after.get(lesson["id"], []))
            chunks = [columns[i : i + MAX_COLUMNS] for i in range(0, len(columns), MAX_COLUMNS)]
            for part, chunk in enumerate(chunks, start=1):
                chunk_lessons = {c.lesson_id for c in chunk if c.lesson_id}
                rows = []
                for number, pupil in enumerate(pupils, start=1):
                    row_cells = []
                    for column in chunk:
                        if column.lesson_id:
                            key = (column.lesson_id, pupil["id"])
                            shown = [absent[key]] if key in absent else []
                            row_cells.append(" ".join(shown + cells.get(key, [])))
                        else:
                            subject_id, period_id, kind = column.mark_key
                            row_cells.append(period_marks.get((pupil["id"], subject_id, period_id, kind), ""))
                    rows.append({"number": number, "student": pupil["name"], "cells": row_cells})
                facing = [
                    {
                        "date": lesson["date"],
                        "topic": lesson["topic"],
                        "homework": lesson["homework"],
                        "substitute": names.short_name(
                            lesson["t_last"], lesson["t_first"], lesson["t_middle"]
                        )
                        if lesson["t_last"]
                        and (lesson["t_last"], lesson["t_first"]) != (a["t_last"], a["t_first"])
                        else "",
                    }
                    for lesson in month_lessons
                    if lesson["id"] in chunk_lessons
                ]
                section.pages.append(GridPage(f"{month_name(m)} {y}", part, len(chunks), chunk, rows, facing))
        sections.append(section)

    year_months = _school_year_months(year)
    attendance = [
        {
            "number": number,
            "student": pupil["name"],
            "months": [missed[pupil["id"]].get(ym, 0) for ym in year_months],
            "total": sum(missed[pupil["id"]].values()),
            "illness": illness[pupil["id"]],
        }
        for number, pupil in enumerate(roster, start=1)
    ]
    counts = {
        "lessons": len(lesson_ids),
        "marks": mark_count,
        "attendance": attendance_count,
        "period_marks": len(period_marks),
    }
    return PrintedJournal(
        school=school,
        class_group=class_group,
        year=year,
        sections=sections,
        months=[month_name(m) for _y, m in year_months],
        attendance=attendance,
        summary=summary,
        counts=counts,
    )
