"""The fixed cast of the permission matrix (STYLE.md 10).

Two schools under two authorities. In school A: the administration, a class teacher of 2А who
also teaches it mathematics, a subject teacher (English in 2А's subgroup, mathematics in 3Б),
pupils A (2А) and B (3Б) with their parents, pupil A's own login. In school B: an outsider
teacher with their own class and pupil. And the authority over school A.
"""

import datetime as dt
from dataclasses import dataclass

from tests import factories as f
from zhurnal.accounts.models import Role, User
from zhurnal.journal.models import Lesson, Mark
from zhurnal.people.models import Student, TeachingAssignment
from zhurnal.schools.models import ClassGroup, School


@dataclass
class Cast:
    school_a: School
    school_b: School
    class_a: ClassGroup  # 2А, led by `classteacher`
    class_b: ClassGroup  # 3Б
    class_other: ClassGroup  # in school B
    pupil_a: Student
    pupil_b: Student
    pupil_other: Student
    math_a: TeachingAssignment  # classteacher's
    english_a: TeachingAssignment  # teacher's, subgroup of 2А
    math_b: TeachingAssignment  # teacher's
    math_other: TeachingAssignment  # outsider's
    lesson_a: Lesson
    mark_a: Mark
    users: dict[str, User]

    def user(self, name: str) -> User:
        return self.users[name]


def _user(username: str, *grants: tuple) -> User:
    user = f.UserFactory(username=username)
    for role, school, class_group, authority in grants:
        f.RoleGrantFactory(user=user, role=role, school=school, class_group=class_group, authority=authority)
    return user


def build_cast() -> Cast:
    school_a = f.SchoolFactory(short_name="Школа А")
    school_b = f.SchoolFactory(short_name="Школа Б")
    year_a = f.AcademicYearFactory(school=school_a)
    year_b = f.AcademicYearFactory(school=school_b)
    f.StudyPeriodFactory(year=year_a, grade_from=1, grade_to=11)
    f.StudyPeriodFactory(year=year_b, grade_from=1, grade_to=11)
    class_a = f.ClassGroupFactory(year=year_a, grade=2, letter="А")
    class_b = f.ClassGroupFactory(year=year_a, grade=3, letter="Б")
    class_other = f.ClassGroupFactory(year=year_b, grade=2, letter="А")
    subgroup_a = f.SubgroupFactory(class_group=class_a, name="Английский язык, гр. 1")

    users = {
        "director": _user("director", (Role.DIRECTOR, school_a, None, None)),
        "deputy": _user("deputy", (Role.DEPUTY, school_a, None, None)),
        "sysadmin": _user("sysadmin", (Role.SYSADMIN, school_a, None, None)),
        "secretary": _user("secretary", (Role.SECRETARY, school_a, None, None)),
        "classteacher": _user(
            "classteacher",
            (Role.TEACHER, school_a, None, None),
            (Role.CLASS_TEACHER, school_a, class_a, None),
        ),
        "teacher": _user("teacher", (Role.TEACHER, school_a, None, None)),
        "parent_a": _user("parent_a", (Role.PARENT, school_a, None, None)),
        "parent_b": _user("parent_b", (Role.PARENT, school_a, None, None)),
        "pupil_a": _user("pupil_a", (Role.STUDENT, school_a, None, None)),
        "outsider": _user(
            "outsider",
            (Role.TEACHER, school_b, None, None),
            (Role.CLASS_TEACHER, school_b, class_other, None),
        ),
        "authority": _user("authority", (Role.AUTHORITY, None, None, school_a.authority)),
    }
    staff_ct = f.StaffFactory(school=school_a, user=users["classteacher"])
    staff_teacher = f.StaffFactory(school=school_a, user=users["teacher"])
    staff_outsider = f.StaffFactory(school=school_b, user=users["outsider"])
    for name in ("director", "deputy", "sysadmin", "secretary"):
        f.StaffFactory(school=school_a, user=users[name], position=name)

    pupil_a = f.EnrollmentFactory(class_group=class_a, student__user=users["pupil_a"]).student
    pupil_b = f.EnrollmentFactory(class_group=class_b).student
    pupil_other = f.EnrollmentFactory(class_group=class_other).student
    f.SubgroupMembershipFactory(subgroup=subgroup_a, student=pupil_a)
    f.StudentGuardianFactory(student=pupil_a, guardian__user=users["parent_a"])
    f.StudentGuardianFactory(student=pupil_b, guardian__user=users["parent_b"])

    math = f.SubjectFactory(school=school_a, name="Математика")
    english = f.SubjectFactory(school=school_a, name="Иностранный язык (английский)")
    math_a = f.TeachingAssignmentFactory(class_group=class_a, subject=math, teacher=staff_ct)
    english_a = f.TeachingAssignmentFactory(
        class_group=class_a, subgroup=subgroup_a, subject=english, teacher=staff_teacher
    )
    math_b = f.TeachingAssignmentFactory(class_group=class_b, subject=math, teacher=staff_teacher)
    math_other = f.TeachingAssignmentFactory(class_group=class_other, teacher=staff_outsider)
    schedule = f.BellScheduleFactory(school=school_a)
    weekday = dt.date(2026, 11, 25).isoweekday()
    for slot, assignment in enumerate((math_a, english_a, math_b), start=1):
        f.TimetableEntryFactory(assignment=assignment, weekday=weekday, slot=slot, bell_schedule=schedule)
    lesson_a = f.LessonFactory(assignment=math_a, date=dt.date(2026, 11, 25), slot=1)
    mark_a = f.MarkFactory(lesson=lesson_a, student=pupil_a)
    f.MarkFactory(lesson=f.LessonFactory(assignment=math_b), student=pupil_b)
    f.MarkFactory(lesson=f.LessonFactory(assignment=math_other), student=pupil_other)

    return Cast(
        school_a=school_a,
        school_b=school_b,
        class_a=class_a,
        class_b=class_b,
        class_other=class_other,
        pupil_a=pupil_a,
        pupil_b=pupil_b,
        pupil_other=pupil_other,
        math_a=math_a,
        english_a=english_a,
        math_b=math_b,
        math_other=math_other,
        lesson_a=lesson_a,
        mark_a=mark_a,
        users=users,
    )
