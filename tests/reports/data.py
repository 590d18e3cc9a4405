"""A small school whose report figures are worked out by hand in the tests.

Class 2А, the second quarter (03.11–26.12.2026). Pupils, by surname:
  Антонов    — there all quarter; member of the English subgroup
  Борисова   — there all quarter; member of the English subgroup
  Васильев   — there all quarter
  Григорьев  — there all quarter; exempt (осв.) from mathematics
  Дмитриева  — there all quarter; not attested (н/а) in mathematics
  Егоров     — left on 10.12 (before the quarter ended)
  Жуков      — joined late, on 20.11
Subjects: mathematics (marks 2–5), music (pass/fail), the world around us (marks, but no
period marks yet), English in a subgroup journal (Антонов, Борисова). Class 3Б has one pupil
(Зайцев) and a mathematics journal of another teacher.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from tests import factories as f
from zhurnal.accounts.models import Role
from zhurnal.journal.models import Lesson
from zhurnal.schools.models import GradingMode

Q2_START, Q2_END = dt.date(2026, 11, 3), dt.date(2026, 12, 26)


@dataclass
class School:
    school: object
    period: object
    class_a: object
    class_b: object
    pupils: dict
    assignments: dict
    users: dict
    codes: dict


def _pm(pupil, subject, period, value):
    return f.PeriodMarkFactory(
        student=pupil, subject=subject, year=period.year, period=period, kind="period", value=value
    )


def build_school() -> School:
    school = f.SchoolFactory(short_name="Школа № 7", name="МКОУ «Школа № 7»")
    year = f.AcademicYearFactory(school=school)
    f.StudyPeriodFactory(
        year=year, number=1, name="1 четверть", start=dt.date(2026, 9, 1), end=dt.date(2026, 10, 24)
    )
    period = f.StudyPeriodFactory(year=year, number=2, name="2 четверть", start=Q2_START, end=Q2_END)
    class_a = f.ClassGroupFactory(year=year, grade=2, letter="А")
    class_b = f.ClassGroupFactory(year=year, grade=3, letter="Б")
    subgroup = f.SubgroupFactory(class_group=class_a, name="Английский, гр. 1")

    users = {
        name: f.UserFactory(username=f"r_{name}")
        for name in ("director", "deputy", "classteacher", "english", "teacher_b", "parent", "authority")
    }
    f.RoleGrantFactory(user=users["director"], role=Role.DIRECTOR, school=school)
    f.RoleGrantFactory(user=users["deputy"], role=Role.DEPUTY, school=school)
    f.RoleGrantFactory(user=users["classteacher"], role=Role.TEACHER, school=school)
    f.RoleGrantFactory(
        user=users["classteacher"], role=Role.CLASS_TEACHER, school=school, class_group=class_a
    )
    f.RoleGrantFactory(user=users["english"], role=Role.TEACHER, school=school)
    f.RoleGrantFactory(user=users["teacher_b"], role=Role.TEACHER, school=school)
    f.RoleGrantFactory(user=users["parent"], role=Role.PARENT, school=school)
    f.RoleGrantFactory(user=users["authority"], role=Role.AUTHORITY, school=None, authority=school.authority)
    staff = {
        name: f.StaffFactory(
            school=school, user=users[name], last_name=last, first_name="Анна", middle_name="Ивановна"
        )
        for name, last in (
            ("classteacher", "Классова"),
            ("english", "Инглишева"),
            ("teacher_b", "Бэшкина"),
            ("director", "Директорова"),
            ("deputy", "Завучева"),
        )
    }

    def enrol(last, class_group=class_a, start=dt.date(2026, 9, 1), end=None):
        pupil = f.StudentFactory(school=school, last_name=last, first_name="Иван", middle_name="Петрович")
        f.EnrollmentFactory(student=pupil, class_group=class_group, start=start, end=end)
        return pupil

    pupils = {
        "антонов": enrol("Антонов"),
        "борисова": enrol("Борисова"),
        "васильев": enrol("Васильев"),
        "григорьев": enrol("Григорьев"),
        "дмитриева": enrol("Дмитриева"),
        "егоров": enrol("Егоров", end=dt.date(2026, 12, 10)),
        "жуков": enrol("Жуков", start=dt.date(2026, 11, 20)),
        "зайцев": enrol("Зайцев", class_group=class_b),
    }
    f.StudentGuardianFactory(student=pupils["антонов"], guardian__user=users["parent"])
    for name in ("антонов", "борисова"):
        f.SubgroupMembershipFactory(subgroup=subgroup, student=pupils[name])

    math = f.SubjectFactory(school=school, name="Математика")
    music = f.SubjectFactory(school=school, name="Музыка")
    world = f.SubjectFactory(school=school, name="Окружающий мир")
    english = f.SubjectFactory(school=school, name="Английский язык")
    for subject, mode in (
        (math, GradingMode.MARKS),
        (music, GradingMode.PASS_FAIL),
        (world, GradingMode.MARKS),
    ):
        f.CurriculumPlanFactory(
            year=year, grade=2, subject=subject, grading_mode=mode, hours_per_week=Decimal(4)
        )
    f.CurriculumPlanFactory(year=year, grade=2, subject=english, hours_per_week=Decimal(2))
    assignments = {
        "math": f.TeachingAssignmentFactory(class_group=class_a, subject=math, teacher=staff["classteacher"]),
        "music": f.TeachingAssignmentFactory(
            class_group=class_a, subject=music, teacher=staff["classteacher"]
        ),
        "world": f.TeachingAssignmentFactory(
            class_group=class_a, subject=world, teacher=staff["classteacher"]
        ),
        "english": f.TeachingAssignmentFactory(
            class_group=class_a, subgroup=subgroup, subject=english, teacher=staff["english"]
        ),
        "math_b": f.TeachingAssignmentFactory(class_group=class_b, subject=math, teacher=staff["teacher_b"]),
    }

    p = pupils
    for name, value in (
        ("антонов", "5"),
        ("борисова", "4"),
        ("васильев", "3"),
        ("григорьев", "осв"),
        ("дмитриева", "н/а"),
        ("егоров", "2"),
        ("жуков", "2"),
    ):
        _pm(p[name], math, period, value)
    for name, value in (("антонов", "зч"), ("борисова", "зч"), ("васильев", "нз")):
        _pm(p[name], music, period, value)
    _pm(p["антонов"], english, period, "5")
    _pm(p["борисова"], english, period, "4")
    _pm(p["зайцев"], math, period, "5")

    codes = {
        "Н": f.AttendanceCodeFactory(school=school, code="Н", name="отсутствовал", is_absence=True),
        "Б": f.AttendanceCodeFactory(
            school=school, code="Б", name="болезнь", is_absence=True, is_illness=True, is_excused=True
        ),
        "У": f.AttendanceCodeFactory(
            school=school, code="У", name="уважительная", is_absence=True, is_excused=True
        ),
        "ОП": f.AttendanceCodeFactory(
            school=school, code="ОП", name="опоздание", is_absence=False, is_late=True
        ),
    }

    def lesson(assignment, day, slot, **kw):
        return f.LessonFactory(assignment=assignments[assignment], date=day, slot=slot, **kw)

    nov24, nov25 = dt.date(2026, 11, 24), dt.date(2026, 11, 25)
    math_24, music_24 = lesson("math", nov24, 1), lesson("music", nov24, 2)
    math_25, english_25 = lesson("math", nov25, 1), lesson("english", nov25, 2)
    cancelled = lesson("math", nov25, 3, status=Lesson.Status.CANCELLED)
    lesson("math_b", nov25, 1)

    def absent(lesson_, name, code):
        f.AttendanceFactory(lesson=lesson_, student=p[name], code=codes[code])

    absent(math_24, "антонов", "Б")
    absent(music_24, "антонов", "Б")
    absent(math_25, "антонов", "ОП")
    absent(math_25, "борисова", "Н")
    absent(english_25, "борисова", "У")
    absent(math_25, "васильев", "Н")
    absent(cancelled, "васильев", "Н")  # a cancelled lesson counts for nothing
    absent(math_24, "егоров", "Н")

    # Marks of the quarter (weights: work on the lesson 1, test 3).
    work = f.WorkTypeFactory(school=school, name="Работа на уроке", short_name="Р", weight=1)
    test = f.WorkTypeFactory(school=school, name="Контрольная работа", short_name="К", weight=3)

    def mark(lesson_, name, value, kind=work):
        f.MarkFactory(lesson=lesson_, student=p[name], value=value, score=int(value), work_type=kind)

    mark(math_24, "антонов", "5")
    mark(math_25, "антонов", "5", test)
    mark(math_24, "борисова", "4")
    mark(math_25, "борисова", "2")
    mark(math_25, "жуков", "3")
    mark(english_25, "антонов", "4")
    # An autumn week off for grade 2 inside the quarter (curriculum delivery).
    f.HolidayFactory(
        year=year,
        name="Дополнительные каникулы",
        start=dt.date(2026, 11, 9),
        end=dt.date(2026, 11, 13),
        grade_from=2,
        grade_to=2,
    )
    return School(school, period, class_a, class_b, pupils, assignments, users, codes)
