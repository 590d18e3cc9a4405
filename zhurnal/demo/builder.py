"""Build one school in bulk: calendar, directories, curriculum, people, timetable and a year of journal.

Everything comes from `random.Random(spec.seed)`, so a seed gives the same school every time.
Rows are written with `bulk_create` in large batches inside one transaction; nothing is fetched
per row. Every login gets one shared unusable password hash; the `demo` command gives a few fixed
accounts a real one afterwards.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from zhurnal.core import clock
from zhurnal.demo.calendar import YearCalendar, year_calendar
from zhurnal.demo.curriculum import ORKSE, SUBJECTS, bell_minutes, plan
from zhurnal.demo.groups import make_study_groups
from zhurnal.demo.journal import AssignmentPlan, JournalInput, fill_journal
from zhurnal.demo.people import make_staff, make_students, make_subgroups
from zhurnal.demo.staffing import ClassPlan, Staffing, staff_school
from zhurnal.diary.services import change_log_paused
from zhurnal.journal.models import AttendanceCode, LessonType, WorkType
from zhurnal.people.models import (
    Guardian,
    Staff,
    Student,
    TeachingAssignment,
    TimetableEntry,
)
from zhurnal.schools.models import (
    AcademicYear,
    Authority,
    BellSchedule,
    BellSlot,
    ClassGroup,
    CurriculumPlan,
    Holiday,
    School,
    StudyPeriod,
    Subject,
)

BATCH = 5000
LETTERS = "АБВГДЕЖИКЛ"

WORK_TYPES = [
    ("Работа на уроке", "РУ", 1),
    ("Домашняя работа", "ДР", 1),
    ("Самостоятельная работа", "СР", 2),
    ("Проверочная работа", "ПР", 3),
    ("Диктант", "Д", 4),
    ("Контрольная работа", "КР", 5),
]
LESSON_TYPES = [
    "Урок открытия новых знаний",
    "Комбинированный урок",
    "Урок закрепления",
    "Урок рефлексии",
    "Урок обобщения и систематизации знаний",
    "Контрольный урок",
]
# (code, name, is_absence, is_illness, is_excused, is_late)
ATTENDANCE_CODES = [
    ("Н", "отсутствовал", True, False, False, False),
    ("Б", "болезнь", True, True, True, False),
    ("У", "уважительная причина", True, False, True, False),
    ("П", "прогул", True, False, False, False),
    ("ОП", "опоздание", False, False, False, True),
]


@dataclass
class SchoolSpec:
    seed: int
    short_name: str
    name: str
    authority_name: str
    region_code: str = "07"
    address: str = ""
    grades: tuple[int, ...] = (1, 2, 3, 4)
    classes_per_grade: int = 2
    students: int = 200
    today: dt.date | None = None
    # Families forced to have a child in each of two classes, e.g. (("2А", "4Б"),).
    sibling_pairs: tuple[tuple[str, str], ...] = ()


@dataclass
class BuiltSchool:
    school: School
    year: AcademicYear
    counts: Counter
    classes: dict[str, ClassGroup]
    staff: dict  # administration keys ("director"…) and teacher keys → Staff
    class_teachers: dict[str, Staff]
    forced_families: list[tuple[Guardian, list[Student]]] = field(default_factory=list)


class _Writer:
    def __init__(self):
        self.counts: Counter = Counter()

    def bulk(self, model, objs: list) -> list:
        if objs:
            model.objects.bulk_create(objs, batch_size=BATCH)
            self.counts[model._meta.label] += len(objs)
        return objs

    def insert(self, model, fields: list[str], rows: list[tuple]) -> None:
        """Plain `COPY` (PostgreSQL) or `INSERT … VALUES` for the big tables: no model instances,
        no returned ids.

        `fields` are attribute names; the time stamps are added here. Dates in `rows` must
        already be adapted with `self.date`.
        """
        if not rows:
            return
        meta = model._meta
        qn = connection.ops.quote_name
        columns = [meta.get_field(f).column for f in fields]
        stamps = [f.column for f in meta.concrete_fields if f.name in ("created_at", "updated_at")]
        tail = (connection.ops.adapt_datetimefield_value(clock.now()),) * len(stamps)
        table, names = qn(meta.db_table), ", ".join(qn(c) for c in columns + stamps)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY streams the rows in one statement: about three times faster than batched
                # INSERTs for the marks and attendance that make up most of a school.
                with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row + tail)
            else:
                sql = "INSERT INTO {} ({}) VALUES ({})".format(
                    table, names, ", ".join(["%s"] * (len(columns) + len(stamps)))
                )
                for i in range(0, len(rows), 20_000):
                    cursor.executemany(sql, [row + tail for row in rows[i : i + 20_000]])
        self.counts[meta.label] += len(rows)

    @staticmethod
    def date(day: dt.date | None):
        return None if day is None else connection.ops.adapt_datefield_value(day)

    def one(self, obj):
        obj.save()
        self.counts[obj._meta.label] += 1
        return obj


def class_sizes(rng: random.Random, spec: SchoolSpec) -> list[ClassPlan]:
    names_ = [f"{g}{LETTERS[i]}" for g in spec.grades for i in range(spec.classes_per_grade)]
    base, extra = divmod(spec.students, len(names_))
    sizes = [base + (1 if i < extra else 0) for i in range(len(names_))]
    # A little variety, keeping the total: move a pupil or two between neighbouring classes.
    for i in range(0, len(sizes) - 1, 2):
        shift = rng.randint(-2, 2) if sizes[i] > 4 else 0
        sizes[i] += shift
        sizes[i + 1] -= shift
    return [ClassPlan(n, int(n[:-1]), s) for n, s in zip(names_, sizes, strict=True)]


def build_school(spec: SchoolSpec) -> BuiltSchool:
    today = spec.today or clock.today()
    rng = random.Random(spec.seed)
    with transaction.atomic():
        # Every row below is new in this transaction: no family holds an ETag of these pupils,
        # and logging each of their marks took a third of the load's time (decision 0043).
        with change_log_paused():
            built = _build(spec, rng, today)
        _refresh_statistics()
        return built


def _refresh_statistics() -> None:
    """PostgreSQL plans from table statistics, and bulk-loaded tables have none until autovacuum
    comes by: a plain EXISTS over the marks then ran for minutes with nested loops. ANALYZE is
    cheap next to the load (SQLite's planner needs none)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _build(spec: SchoolSpec, rng: random.Random, today: dt.date) -> BuiltSchool:
    w = _Writer()
    authority, made = Authority.objects.get_or_create(name=spec.authority_name, region_code=spec.region_code)
    w.counts[Authority._meta.label] += int(made)
    school = w.one(
        School(authority=authority, name=spec.name, short_name=spec.short_name, address=spec.address)
    )
    cal = year_calendar(clock.academic_year_start(today), max(spec.grades))
    year = w.one(AcademicYear(school=school, name=cal.name, start=cal.start, end=cal.end))
    _calendar(w, school, year, cal, today)
    schedules = _bells(w, school, spec.grades)
    subjects, modes = _curriculum(w, school, year, spec.grades)
    directories = _directories(w, school)

    class_plans = class_sizes(rng, spec)
    classes = {
        c.name: ClassGroup(
            school=school,
            year=year,
            grade=c.grade,
            letter=c.name[-1],
            bell_schedule=schedules[bell_minutes(c.grade)],
        )
        for c in class_plans
    }
    w.bulk(ClassGroup, list(classes.values()))
    staffing = staff_school(rng, class_plans)

    password = make_password(None)
    prefix = f"s{school.pk}-"
    staff, class_teachers = make_staff(w, rng, school, staffing, class_plans, classes, password, prefix)
    people = make_students(w, rng, spec, school, cal, today, class_plans, classes, password, prefix)
    subgroups = make_subgroups(w, school, class_plans, classes, people, staffing)
    assignments = _assignments(w, school, year, classes, subgroups, subjects, modes, staff, staffing)
    four = sorted(name for name in class_teachers if name.startswith("4"))
    if four and ("native:0", 0) in staff:
        make_study_groups(
            w,
            school,
            year,
            cal,
            today,
            classes,
            people.rosters,
            subjects.get(ORKSE),
            (staff["native:0", 0], class_teachers[four[0]]),
            {child.pk for _guardian, children in people.forced[:1] for child in children},
        )

    teacher_ids = [s.pk for k, s in staff.items() if isinstance(k, tuple)]
    fill_journal(
        w,
        JournalInput(
            rng=rng,
            school=school,
            year=year,
            calendar=cal,
            today=today,
            directories=directories,
            assignments=assignments,
            grades={c.name: c.grade for c in class_plans},
            rosters=people.rosters,
            members=people.members,
            tiers=people.tiers,
            teacher_ids=teacher_ids,
        ),
    )
    return BuiltSchool(
        school=school,
        year=year,
        counts=w.counts,
        classes=classes,
        staff=staff,
        class_teachers=class_teachers,
        forced_families=people.forced,
    )


def _calendar(w: _Writer, school, year, cal: YearCalendar, today: dt.date) -> None:
    periods = [
        StudyPeriod(
            school=school,
            year=year,
            kind=p.kind,
            number=p.number,
            name=p.name,
            start=p.start,
            end=p.end,
            grade_from=p.grade_from,
            grade_to=p.grade_to,
            closed=p.end < today,
            closed_at=clock.now() if p.end < today else None,
        )
        for p in cal.periods
    ]
    w.bulk(StudyPeriod, periods)
    holidays = [
        Holiday(
            school=school,
            year=year,
            name=h.name,
            start=h.start,
            end=h.end,
            grade_from=h.grade_from,
            grade_to=h.grade_to,
        )
        for h in cal.holidays
    ]
    w.bulk(Holiday, holidays)


def _bells(w: _Writer, school, grades) -> dict[int, BellSchedule]:
    schedules = {}
    slots = []
    for minutes in sorted({bell_minutes(g) for g in grades}):
        label = {35: "1 класс (35 минут)", 40: "2–4 классы (40 минут)", 45: "5–11 классы (45 минут)"}[minutes]
        schedule = w.one(BellSchedule(school=school, name=label))
        schedules[minutes] = schedule
        start = dt.datetime(2000, 1, 1, 8, 30)
        for number in range(1, 9 if minutes == 45 else 7):
            end = start + dt.timedelta(minutes=minutes)
            slots.append(
                BellSlot(
                    school=school, schedule=schedule, number=number, starts=start.time(), ends=end.time()
                )
            )
            start = end + dt.timedelta(minutes=20 if number in (2, 3) else 10)
    w.bulk(BellSlot, slots)
    return schedules


def _curriculum(w: _Writer, school, year, grades) -> tuple[dict[str, Subject], dict[tuple[int, str], str]]:
    used = {line.subject for g in grades for line in plan(g)}
    subjects = {
        name: Subject(school=school, name=name, short_name=info.short)
        for name, info in SUBJECTS.items()
        if name in used
    }
    w.bulk(Subject, list(subjects.values()))
    lines, modes = [], {}
    for g in grades:
        for line in plan(g):
            modes[g, line.subject] = line.mode
            lines.append(
                CurriculumPlan(
                    school=school,
                    year=year,
                    grade=g,
                    subject=subjects[line.subject],
                    hours_per_week=line.hours,
                    grading_mode=line.mode,
                )
            )
    w.bulk(CurriculumPlan, lines)
    return subjects, modes


def _directories(w: _Writer, school) -> dict:
    work = w.bulk(
        WorkType, [WorkType(school=school, name=n, short_name=s, weight=k) for n, s, k in WORK_TYPES]
    )
    lesson = w.bulk(
        LessonType,
        [LessonType(school=school, name=n, is_control_work=n.startswith("Контрольн")) for n in LESSON_TYPES],
    )
    codes = w.bulk(
        AttendanceCode,
        [
            AttendanceCode(
                school=school, code=c, name=n, is_absence=a, is_illness=i, is_excused=e, is_late=late
            )
            for c, n, a, i, e, late in ATTENDANCE_CODES
        ],
    )
    return {
        "work": {wt.name: wt for wt in work},
        "lesson": {lt.name: lt for lt in lesson},
        "codes": {ac.code: ac for ac in codes},
    }


def _assignments(
    w, school, year, classes, subgroups, subjects, modes, staff, staffing: Staffing
) -> list[AssignmentPlan]:
    parts = sorted(staffing.parts, key=lambda p: (p.class_name, p.subject, p.subgroup or ("", 0)))
    rows = [
        TeachingAssignment(
            school=school,
            year=year,
            class_group=classes[p.class_name],
            subgroup=subgroups[(p.class_name, *p.subgroup)] if p.subgroup else None,
            subject=subjects[p.subject],
            teacher=staff[p.teacher],
        )
        for p in parts
    ]
    w.bulk(TeachingAssignment, rows)
    entries, plans = [], []
    for p, row in zip(parts, rows, strict=True):
        cls = classes[p.class_name]
        room = "Спортзал" if p.teacher[0].startswith("pe") else str(100 + staffing.teachers.index(p.teacher))
        cells = staffing.parts[p]
        entries += [
            TimetableEntry(
                school=school,
                assignment=row,
                weekday=d,
                slot=s,
                bell_schedule_id=cls.bell_schedule_id,
                room=room,
                valid_from=year.start,
                valid_to=year.end,
            )
            for d, s in cells
        ]
        plans.append(
            AssignmentPlan(
                id=row.pk,
                class_name=p.class_name,
                subgroup=p.subgroup,
                subject=p.subject,
                subject_id=row.subject_id,
                mode=modes[cls.grade, p.subject],
                teacher_id=row.teacher_id,
                cells=list(cells),
            )
        )
    w.bulk(TimetableEntry, entries)
    return plans
