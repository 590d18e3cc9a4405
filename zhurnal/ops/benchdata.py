"""The benchmark's journal: a class of 30, one assignment, 60 lessons in one period, ~600 marks.

Written in bulk beside whatever the generator made, so the queries run among a real school's rows.
"""

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction

from zhurnal.accounts.models import Role, RoleGrant, User
from zhurnal.journal.models import Attendance, AttendanceCode, Lesson, Mark, WorkType
from zhurnal.people.models import Enrollment, Staff, Student, TeachingAssignment
from zhurnal.schools.models import (
    AcademicYear,
    Authority,
    ClassGroup,
    CurriculumPlan,
    GradingMode,
    School,
    StudyPeriod,
    Subject,
)

PERIOD_START = dt.date(2026, 9, 1)
PERIOD_END = dt.date(2026, 12, 26)


@dataclass
class BenchJournal:
    school: School
    teacher: User
    assignment: TeachingAssignment
    period: StudyPeriod
    lesson_ids: list[int]
    student_ids: list[int]
    work_type_id: int
    last_day: dt.date


@transaction.atomic
def build_bench_journal(
    *, students: int = 30, lessons: int = 60, marks: int = 600, seed: int = 7
) -> BenchJournal:
    rng = random.Random(seed)
    authority = Authority.objects.create(name="Бенчмарк")
    school = School.objects.create(authority=authority, name="Школа для замеров", short_name="Бенчмарк")
    year = AcademicYear.objects.create(
        school=school, name="2026/2027", start=dt.date(2026, 9, 1), end=dt.date(2027, 5, 31)
    )
    period = StudyPeriod.objects.create(
        school=school,
        year=year,
        kind=StudyPeriod.Kind.HALF_YEAR,
        number=1,
        name="1 полугодие",
        start=PERIOD_START,
        end=PERIOD_END,
        grade_from=1,
        grade_to=11,
    )
    class_group = ClassGroup.objects.create(school=school, year=year, grade=5, letter="А")
    subject = Subject.objects.create(school=school, name="Математика")
    CurriculumPlan.objects.create(
        school=school,
        year=year,
        grade=5,
        subject=subject,
        hours_per_week=Decimal(5),
        grading_mode=GradingMode.MARKS,
    )
    user = User.objects.create(
        username=f"bench-teacher-{school.pk}",
        last_name="Замерова",
        first_name="Анна",
        password=make_password(None),
    )
    RoleGrant.objects.create(user=user, role=Role.TEACHER, school=school)
    staff = Staff.objects.create(school=school, user=user, last_name="Замерова", first_name="Анна")
    assignment = TeachingAssignment.objects.create(
        school=school, year=year, class_group=class_group, subject=subject, teacher=staff
    )
    pupils = Student.objects.bulk_create(
        Student(school=school, last_name=f"Ученик{i:02}", first_name="Иван") for i in range(students)
    )
    Enrollment.objects.bulk_create(
        Enrollment(school=school, student=p, class_group=class_group, start=year.start) for p in pupils
    )
    work_types = WorkType.objects.bulk_create(
        WorkType(school=school, name=n, short_name=s, weight=w)
        for n, s, w in (("Работа на уроке", "Р", 1), ("Самостоятельная", "С", 2), ("Контрольная", "К", 5))
    )
    absent = AttendanceCode.objects.create(school=school, code="Н", name="отсутствовал")
    days = []
    day = PERIOD_START
    while len(days) < lessons:
        if day.isoweekday() <= 5:
            days.append(day)
            if len(days) % 3 == 0 and len(days) < lessons:
                days.append(day)  # a double lesson
        day += dt.timedelta(days=1)
    made = Lesson.objects.bulk_create(
        Lesson(
            school=school, assignment=assignment, date=d, slot=(i % 2) + 1, teacher=staff, topic=f"Тема {i}"
        )
        for i, d in enumerate(days)
    )
    Mark.objects.bulk_create(
        Mark(
            school=school,
            lesson=rng.choice(made),
            student=rng.choice(pupils),
            value=str(v),
            score=v,
            work_type=rng.choice(work_types),
        )
        for v in (rng.choice((5, 5, 4, 4, 4, 3, 2)) for _ in range(marks))
    )
    Attendance.objects.bulk_create(
        {
            (lesson.pk, pupil.pk): Attendance(school=school, lesson=lesson, student=pupil, code=absent)
            for lesson, pupil in ((rng.choice(made), rng.choice(pupils)) for _ in range(lessons * 2))
        }.values()
    )
    return BenchJournal(
        school=school,
        teacher=user,
        assignment=assignment,
        period=period,
        lesson_ids=[lesson.pk for lesson in made],
        student_ids=[p.pk for p in pupils],
        work_type_id=work_types[0].pk,
        last_day=days[-1],
    )
