"""The HTTP benchmark's data (issue 13): one class of 30 pupils with 6 subjects, 40 lessons each in
the current quarter and a mark for every pupil in every lesson (1,200 a journal, 7,200 the class),
lessons and attendance for the whole year so far, the first quarter's period marks; and two more
classes whose mathematics journal has 100 and 200 lessons, for the scaling line.

Written in bulk as a new school beside whatever the database holds, so its queries run among
other schools' rows (the region case). Signs in with real passwords over HTTP: `PASSWORD`.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction

from zhurnal.accounts.models import Role, RoleGrant, User
from zhurnal.journal.models import Attendance, AttendanceCode, Lesson, Mark, PeriodMark, WorkType
from zhurnal.people.models import Enrollment, Guardian, Staff, Student, StudentGuardian, TeachingAssignment
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

PASSWORD = "bench-password-13"
YEAR_START = dt.date(2026, 9, 1)
YEAR_END = dt.date(2027, 5, 31)
QUARTERS = (
    (dt.date(2026, 9, 1), dt.date(2026, 10, 24)),
    (dt.date(2026, 11, 5), dt.date(2026, 12, 26)),
    (dt.date(2027, 1, 12), dt.date(2027, 3, 20)),
    (dt.date(2027, 3, 30), dt.date(2027, 5, 31)),
)
TODAY = dt.date(2026, 12, 25)  # a Friday of the second quarter: the current week has lessons
SUBJECTS = ("Математика", "Русский язык", "Литература", "История", "Биология", "Физика")
LESSONS_PER_SUBJECT = 40
SCALING_LESSONS = (100, 200)
ABSENCE_RATE = 0.08


@dataclass
class Shape:
    school: School
    teacher: User
    parent: User
    pupil_id: int
    class_id: int
    quarter: StudyPeriod
    math_assignment_id: int
    # lessons → the mathematics journal with that many lessons in the quarter (40, 100, 200).
    scaling: dict[int, int] = field(default_factory=dict)
    student_ids: list[int] = field(default_factory=list)
    save_lesson_id: int = 0
    work_type_id: int = 0
    marks: int = 0
    attendance: int = 0


def _weekdays(start: dt.date, end: dt.date) -> list[dt.date]:
    days, day = [], start
    while day <= end:
        if day.isoweekday() <= 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _spread(days: list[dt.date], count: int) -> list[dt.date]:
    """`count` lesson dates over the given days, evenly (several a day when there are more)."""
    return [days[i * len(days) // count] for i in range(count)]


@transaction.atomic
def build_shape(*, seed: int = 13, label: str = "") -> Shape:
    rng = random.Random(seed)
    tag = label or f"{rng.randrange(10**6):06}"
    authority = Authority.objects.create(name=f"Замеры HTTP {tag}")
    school = School.objects.create(authority=authority, name=f"Школа замеров HTTP {tag}", short_name="HTTP")
    year = AcademicYear.objects.create(school=school, name="2026/2027", start=YEAR_START, end=YEAR_END)
    quarters = StudyPeriod.objects.bulk_create(
        StudyPeriod(
            school=school,
            year=year,
            kind=StudyPeriod.Kind.QUARTER,
            number=n,
            name=f"{n} четверть",
            start=start,
            end=end,
            grade_from=1,
            grade_to=11,
        )
        for n, (start, end) in enumerate(QUARTERS, start=1)
    )
    StudyPeriod.objects.create(
        school=school,
        year=year,
        kind=StudyPeriod.Kind.YEAR,
        number=1,
        name="Год",
        start=YEAR_START,
        end=YEAR_END,
        grade_from=1,
        grade_to=11,
    )
    subjects = [Subject.objects.create(school=school, name=name) for name in SUBJECTS]
    CurriculumPlan.objects.bulk_create(
        CurriculumPlan(
            school=school,
            year=year,
            grade=5,
            subject=s,
            hours_per_week=Decimal(5),
            grading_mode=GradingMode.MARKS,
        )
        for s in subjects
    )
    password = make_password(PASSWORD)
    teacher = User.objects.create(
        username=f"http-teacher-{school.pk}", last_name="Замерова", first_name="Анна", password=password
    )
    RoleGrant.objects.create(user=teacher, role=Role.TEACHER, school=school)
    staff = Staff.objects.create(school=school, user=teacher, last_name="Замерова", first_name="Анна")
    work_types = WorkType.objects.bulk_create(
        WorkType(school=school, name=n, short_name=s, weight=w)
        for n, s, w in (("Работа на уроке", "Р", 1), ("Самостоятельная", "С", 2), ("Контрольная", "К", 5))
    )
    absent = AttendanceCode.objects.create(school=school, code="Н", name="отсутствовал")
    ill = AttendanceCode.objects.create(school=school, code="Б", name="болел", is_illness=True)

    def make_class(letter: str) -> tuple[ClassGroup, list[Student]]:
        group = ClassGroup.objects.create(school=school, year=year, grade=5, letter=letter)
        pupils = Student.objects.bulk_create(
            Student(school=school, last_name=f"Ученик{letter}{i:02}", first_name="Иван") for i in range(30)
        )
        Enrollment.objects.bulk_create(
            Enrollment(school=school, student=p, class_group=group, start=YEAR_START) for p in pupils
        )
        return group, pupils

    def journal(group, subject, pupils, parts, *, first_slot: int) -> tuple[int, list[Lesson]]:
        """A journal whose lessons fall on each part's dates; with a mark for every pupil in the
        lessons of the parts that say so. Returns the assignment's id and every lesson made."""
        assignment = TeachingAssignment.objects.create(
            school=school, year=year, class_group=group, subject=subject, teacher=staff
        )
        made = []
        for dates, with_marks in parts:
            slots: dict[dt.date, int] = {}
            lessons = []
            for i, day in enumerate(dates):
                slots[day] = slots.get(day, first_slot - 1) + 1
                lessons.append(
                    Lesson(
                        school=school,
                        assignment=assignment,
                        date=day,
                        slot=slots[day],
                        teacher=staff,
                        topic=f"{subject.name}: тема {i + 1}",
                        homework=f"§{i + 1}, упражнения {i + 1}–{i + 3}" if i % 2 == 0 else "",
                    )
                )
            lessons = Lesson.objects.bulk_create(lessons)
            if with_marks:
                Mark.objects.bulk_create(
                    Mark(
                        school=school,
                        lesson=lesson,
                        student=p,
                        value=str(v),
                        score=v,
                        work_type=rng.choice(work_types),
                    )
                    for lesson in lessons
                    for p in pupils
                    for v in (rng.choice((5, 5, 4, 4, 4, 3, 2)),)
                )
            made += lessons
        return assignment.pk, made

    group, pupils = make_class("А")
    quarter = quarters[1]
    q1_days = _weekdays(*QUARTERS[0])
    q2_days = _weekdays(quarter.start, TODAY)
    shape = Shape(
        school=school,
        teacher=teacher,
        parent=teacher,
        pupil_id=pupils[0].pk,
        class_id=group.pk,
        quarter=quarter,
        math_assignment_id=0,
        student_ids=[p.pk for p in pupils],
        work_type_id=work_types[0].pk,
    )
    year_lessons: list[Lesson] = []
    for number, subject in enumerate(subjects):
        # The first quarter: one lesson a weekday, attendance only; the second: 40 with marks.
        parts = [(q1_days, False), (_spread(q2_days, LESSONS_PER_SUBJECT), True)]
        assignment_id, lessons = journal(group, subject, pupils, parts, first_slot=number * 2 + 1)
        year_lessons += lessons
        if number == 0:
            shape.math_assignment_id = assignment_id
            shape.scaling[LESSONS_PER_SUBJECT] = assignment_id
            shape.save_lesson_id = lessons[-1].pk
    Attendance.objects.bulk_create(
        Attendance(school=school, lesson=lesson, student=p, code=absent if rng.random() < 0.7 else ill)
        for lesson in year_lessons
        for p in pupils
        if rng.random() < ABSENCE_RATE
    )
    PeriodMark.objects.bulk_create(
        PeriodMark(
            school=school,
            student=p,
            subject=s,
            year=year,
            period=quarters[0],
            kind=PeriodMark.Kind.PERIOD,
            value=str(rng.choice((5, 4, 4, 3))),
        )
        for p in pupils
        for s in subjects
    )
    for letter, count in zip(("Б", "В"), SCALING_LESSONS, strict=True):
        other, other_pupils = make_class(letter)
        assignment_id, _ = journal(
            other, subjects[0], other_pupils, [(_spread(q2_days, count), True)], first_slot=1
        )
        shape.scaling[count] = assignment_id
    parent = User.objects.create(
        username=f"http-parent-{school.pk}", last_name="Родителева", first_name="Мария", password=password
    )
    RoleGrant.objects.create(user=parent, role=Role.PARENT, school=school)
    card = Guardian.objects.create(school=school, user=parent, last_name="Родителева", first_name="Мария")
    StudentGuardian.objects.create(
        school=school, student=pupils[0], guardian=card, relation=StudentGuardian.Relation.MOTHER
    )
    shape.parent = parent
    shape.marks = Mark.objects.filter(school=school).count()
    shape.attendance = Attendance.objects.filter(school=school).count()
    return shape
