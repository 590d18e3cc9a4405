"""The summary sheet of final marks of a class (сводная ведомость итоговых отметок, REPORTS.md §7).

A plain function of (school, class, year) returning column definitions, one row per pupil and
the class's totals under every column, so that the reports registry can render it in any format
(it is the `final-marks-summary` report). A fixed number of queries however large the class.

Counting (DOMAIN.md §5): N = pupils still enrolled at the end of the column's period − exempt
(осв) − those with no mark; н/а stays in N. % успеваемости = (n5 + n4 + n3 + nзч) × 100 / N,
% качества = (n5 + n4) × 100 / N (none for a pass/fail subject), both to 0.1.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from zhurnal.core import names
from zhurnal.journal.models import Attendance, PeriodMark
from zhurnal.people.models import Enrollment, StudyGroupMembership, TeachingAssignment
from zhurnal.schools.models import AcademicYear, ClassGroup, CurriculumPlan, GradingMode, School, StudyPeriod

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
# The figures counted under every column, in the order the sheet shows them.
COUNTED = ("5", "4", "3", "2", "н/а", "осв", "зч", "нз")
# A rare «1» counts with the «2»: both are a failing mark.
BUCKET = {"1": "2"}


@dataclass(frozen=True)
class Column:
    key: str  # "s12_p3", "s12_year", "s12_exam", "s12_final"
    title: str  # "I", "Год", "Экз.", "Итог"
    subject_id: int
    subject: str
    period_id: int | None = None
    kind: str = PeriodMark.Kind.PERIOD
    end: dt.date | None = None  # who is still on the list at this date counts in N


@dataclass(frozen=True)
class SubjectLine:
    id: int
    name: str
    grading_mode: str
    keys: tuple[str, ...]


@dataclass
class Summary:
    school: School
    class_group: ClassGroup
    year: AcademicYear
    subjects: list[SubjectLine]
    columns: list[Column]
    # One per pupil, alphabetically: number, student, student_id, left (date or None), every
    # column's key → the mark ("" when none), missed → lessons missed in the class this year.
    rows: list[dict] = field(default_factory=list)
    # One per figure (COUNTED, then N, % успеваемости, % качества): label, then key → number.
    totals: list[dict] = field(default_factory=list)

    @property
    def period_label(self) -> str:
        return _("%(year)s учебный год") % {"year": self.year.name}


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part * 100) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def class_subjects(class_group: ClassGroup) -> list[tuple[int, str, str]]:
    """The class's subjects in curriculum order (the order the school entered its curriculum),
    then any subject taught without a curriculum line, by name: (id, name, grading mode)."""
    lines = list(
        CurriculumPlan.objects.filter(year_id=class_group.year_id, grade=class_group.grade)
        .order_by("pk")
        .values_list("subject_id", "subject__name", "grading_mode")
    )
    known = {line[0] for line in lines}
    # A cross-class study group's subject counts when a pupil of the class was in the group
    # (decision 0036): each member's row shows its marks, the others' are empty.
    pupils = Enrollment.objects.filter(class_group=class_group).values("student_id")
    in_group = StudyGroupMembership.objects.filter(student_id__in=pupils).values("group_id")
    extra = (
        TeachingAssignment.objects.filter(
            Q(class_group=class_group) | Q(year_id=class_group.year_id, study_group_id__in=in_group)
        )
        .exclude(subject_id__in=known)
        .order_by("subject__name")
        .values_list("subject_id", "subject__name")
        .distinct()
    )
    return lines + [(sid, name, GradingMode.MARKS) for sid, name in extra]


def class_periods(class_group: ClassGroup) -> list[StudyPeriod]:
    """The study periods of the class's grade in its year (quarters, half-years…), in order."""
    return list(
        StudyPeriod.objects.filter(
            year_id=class_group.year_id, grade_from__lte=class_group.grade, grade_to__gte=class_group.grade
        )
        .exclude(kind=StudyPeriod.Kind.YEAR)
        .order_by("start")
    )


def class_roster(class_group: ClassGroup) -> list[dict]:
    """Everyone enrolled in the class at some time in its year, alphabetically, with the dates."""
    spans: dict[int, dict] = {}
    enrolments = (
        Enrollment.objects.filter(class_group=class_group)
        .order_by("start")
        .values_list(
            "student_id", "student__last_name", "student__first_name", "student__middle_name", "start", "end"
        )
    )
    for sid, last, first, middle, start, end in enrolments:
        span = spans.setdefault(
            sid, {"id": sid, "name": names.full_name(last, first, middle), "sort": (last, first, middle)}
        )
        span.setdefault("spans", []).append((start, end))
    roster = sorted(spans.values(), key=lambda s: (s["sort"], s["id"]))
    for pupil in roster:
        ends = [end for _start, end in pupil["spans"]]
        pupil["left"] = None if None in ends else max(ends)
    return roster


def _enrolled_on(pupil: dict, day: dt.date) -> bool:
    return any(start <= day and (end is None or end >= day) for start, end in pupil["spans"])


def final_marks_summary(school: School, class_group: ClassGroup, year: AcademicYear) -> Summary:
    if class_group.school_id != school.pk or class_group.year_id != year.pk:
        raise ValueError("the class does not belong to that school's year")
    periods = class_periods(class_group)
    subjects: list[SubjectLine] = []
    columns: list[Column] = []
    for sid, name, mode in class_subjects(class_group):
        if mode == GradingMode.NONE:
            continue  # taught without marks (grade 1): nothing to summarise
        own = [
            Column(
                f"s{sid}_p{p.pk}",
                ROMAN.get(p.number, str(p.number)),
                sid,
                name,
                p.pk,
                PeriodMark.Kind.PERIOD,
                p.end,
            )
            for p in periods
        ]
        own += [
            Column(f"s{sid}_{kind}", title, sid, name, None, kind, year.end)
            for kind, title in (
                (PeriodMark.Kind.YEAR, _("Год")),
                (PeriodMark.Kind.EXAM, _("Экз.")),
                (PeriodMark.Kind.FINAL, _("Итог")),
            )
        ]
        columns += own
        subjects.append(SubjectLine(sid, name, mode, tuple(c.key for c in own)))

    roster = class_roster(class_group)
    ids = [p["id"] for p in roster]
    marks: dict[tuple, str] = {}
    for student_id, subject_id, period_id, kind, value in PeriodMark.objects.filter(
        year_id=year.pk, student_id__in=ids, subject_id__in=[s.id for s in subjects]
    ).values_list("student_id", "subject_id", "period_id", "kind", "value"):
        key = f"s{subject_id}_p{period_id}" if kind == PeriodMark.Kind.PERIOD else f"s{subject_id}_{kind}"
        marks[student_id, key] = value
    missed = dict(
        Attendance.objects.filter(
            Q(lesson__assignment__class_group=class_group)
            | Q(lesson__assignment__study_group__isnull=False, lesson__assignment__year_id=year.pk),
            code__is_absence=True,
            student_id__in=ids,
        )
        .values_list("student_id")
        .annotate(n=Count("pk"))
        .values_list("student_id", "n")
    )

    rows = []
    for number, pupil in enumerate(roster, start=1):
        row = {"number": number, "student": pupil["name"], "student_id": pupil["id"], "left": pupil["left"]}
        for column in columns:
            row[column.key] = marks.get((pupil["id"], column.key), "")
        row["missed"] = missed.get(pupil["id"], 0)
        rows.append(row)

    modes = {s.id: s.grading_mode for s in subjects}
    counts = {label: {"label": label} for label in COUNTED}
    n_row = {"label": "N"}
    progress = {"label": _("% успеваемости")}
    quality = {"label": _("% качества")}
    for column in columns:
        tally = dict.fromkeys(COUNTED, 0)
        for pupil in roster:
            if not _enrolled_on(pupil, column.end):
                continue  # left before the end of the period: not counted
            value = marks.get((pupil["id"], column.key), "")
            value = BUCKET.get(value, value)
            if value in tally:
                tally[value] += 1
        for label in COUNTED:
            counts[label][column.key] = tally[label]
        n = sum(tally[v] for v in ("5", "4", "3", "2", "н/а", "зч", "нз"))
        n_row[column.key] = n
        progress[column.key] = _percent(tally["5"] + tally["4"] + tally["3"] + tally["зч"], n)
        quality[column.key] = (
            None
            if modes[column.subject_id] == GradingMode.PASS_FAIL
            else _percent(tally["5"] + tally["4"], n)
        )
    totals = [*counts.values(), n_row, progress, quality]
    return Summary(school, class_group, year, subjects, columns, rows, totals)
