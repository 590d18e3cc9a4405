"""A small class whose summary sheet is worked out by hand in the tests (DOMAIN.md §5 edge cases).

2А, year 2026/2027, quarters I (01.09–25.10) and II (03.11–26.12); mathematics (marks) and
physical education (pass/fail), in that curriculum order. In mathematics, quarter I:
Антонов 5, Борисова 4, Власов 3, Гусева н/а, Дмитриев осв, Ершов no mark, Жуков 2 but left on
10.10 (before the end of the quarter), Зайцева 2, joined on 01.10.
"""

import datetime as dt
from dataclasses import dataclass

from tests import factories as f
from zhurnal.journal.models import PeriodMark
from zhurnal.schools.models import GradingMode

Q1_END = dt.date(2026, 10, 25)


@dataclass
class SmallClass:
    school: object
    year: object
    class_group: object
    q1: object
    q2: object
    math: object
    pe: object
    pupils: dict
    math_assignment: object
    pe_assignment: object


def small_class() -> SmallClass:
    school = f.SchoolFactory(name="МКОУ «Школа № 7»", short_name="Школа № 7")
    year = f.AcademicYearFactory(school=school)
    q1 = f.StudyPeriodFactory(year=year, number=1, name="1 четверть", start=dt.date(2026, 9, 1), end=Q1_END)
    q2 = f.StudyPeriodFactory(year=year, number=2, name="2 четверть")
    class_group = f.ClassGroupFactory(year=year, grade=2, letter="А")
    math = f.SubjectFactory(school=school, name="Математика")
    pe = f.SubjectFactory(school=school, name="Физическая культура")
    f.CurriculumPlanFactory(year=year, grade=2, subject=math)
    f.CurriculumPlanFactory(year=year, grade=2, subject=pe, grading_mode=GradingMode.PASS_FAIL)
    # A subject of another grade is not on the sheet.
    f.CurriculumPlanFactory(year=year, grade=3, subject=f.SubjectFactory(school=school, name="Музыка"))
    pupils = {}
    for last, start, end in (
        ("Ершов", None, None),
        ("Антонов", None, None),
        ("Борисова", None, None),
        ("Власов", None, None),
        ("Гусева", None, None),
        ("Дмитриев", None, None),
        ("Жуков", None, dt.date(2026, 10, 10)),
        ("Зайцева", dt.date(2026, 10, 1), None),
    ):
        enrolment = f.EnrollmentFactory(
            class_group=class_group,
            student__last_name=last,
            student__first_name="Иван",
            student__middle_name="",
            start=start or year.start,
            end=end,
        )
        pupils[last] = enrolment.student
    for last, value in (
        ("Антонов", "5"),
        ("Борисова", "4"),
        ("Власов", "3"),
        ("Гусева", "н/а"),
        ("Дмитриев", "осв"),
        ("Жуков", "2"),
        ("Зайцева", "2"),
    ):
        f.PeriodMarkFactory(student=pupils[last], subject=math, year=year, period=q1, value=value)
    for last in ("Антонов", "Борисова"):
        f.PeriodMarkFactory(student=pupils[last], subject=pe, year=year, period=q1, value="зч")
    f.PeriodMarkFactory(student=pupils["Власов"], subject=pe, year=year, period=q1, value="нз")
    f.PeriodMarkFactory(
        student=pupils["Антонов"], subject=math, year=year, period=None, kind=PeriodMark.Kind.YEAR, value="5"
    )
    teacher = f.StaffFactory(school=school, last_name="Петрова", first_name="Анна", middle_name="Ивановна")
    math_assignment = f.TeachingAssignmentFactory(class_group=class_group, subject=math, teacher=teacher)
    pe_assignment = f.TeachingAssignmentFactory(class_group=class_group, subject=pe, teacher=teacher)
    return SmallClass(school, year, class_group, q1, q2, math, pe, pupils, math_assignment, pe_assignment)
