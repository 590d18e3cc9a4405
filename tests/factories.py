"""factory_boy factories for every model the tests build. Names are Russian, dates are real."""

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from zhurnal.accounts.models import Role, RoleGrant, User
from zhurnal.journal.models import Attendance, AttendanceCode, Lesson, LessonType, Mark, PeriodMark, WorkType
from zhurnal.people.models import (
    Enrollment,
    Guardian,
    Staff,
    Student,
    StudentGuardian,
    StudyGroupMembership,
    Subgroup,
    SubgroupMembership,
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
    StudyGroup,
    StudyPeriod,
    Subject,
)

faker_ru = factory.Faker._get_faker(locale="ru_RU")


class AuthorityFactory(DjangoModelFactory):
    class Meta:
        model = Authority

    name = factory.Sequence(lambda n: f"Управление образования №{n}")
    region_code = "07"


class SchoolFactory(DjangoModelFactory):
    class Meta:
        model = School

    authority = factory.SubFactory(AuthorityFactory)
    name = factory.Sequence(lambda n: f"Муниципальное общеобразовательное учреждение «Школа № {n}»")
    short_name = factory.Sequence(lambda n: f"Школа № {n}")
    # Off in tests, which sign in with force_login; tests of two-factor login turn it on.
    two_factor_required = False


class AcademicYearFactory(DjangoModelFactory):
    class Meta:
        model = AcademicYear

    school = factory.SubFactory(SchoolFactory)
    name = "2026/2027"
    start = dt.date(2026, 9, 1)
    end = dt.date(2027, 5, 31)


class StudyPeriodFactory(DjangoModelFactory):
    class Meta:
        model = StudyPeriod

    year = factory.SubFactory(AcademicYearFactory)
    school = factory.SelfAttribute("year.school")
    kind = StudyPeriod.Kind.QUARTER
    number = 2
    name = "2 четверть"
    start = dt.date(2026, 11, 3)
    end = dt.date(2026, 12, 26)


class HolidayFactory(DjangoModelFactory):
    class Meta:
        model = Holiday

    year = factory.SubFactory(AcademicYearFactory)
    school = factory.SelfAttribute("year.school")
    name = "Зимние каникулы"
    start = dt.date(2026, 12, 27)
    end = dt.date(2027, 1, 11)


class BellScheduleFactory(DjangoModelFactory):
    class Meta:
        model = BellSchedule

    school = factory.SubFactory(SchoolFactory)
    name = "Основное"


class BellSlotFactory(DjangoModelFactory):
    class Meta:
        model = BellSlot

    schedule = factory.SubFactory(BellScheduleFactory)
    school = factory.SelfAttribute("schedule.school")
    number = factory.Sequence(lambda n: n % 8 + 1)
    starts = dt.time(8, 30)
    ends = dt.time(9, 10)


class ClassGroupFactory(DjangoModelFactory):
    class Meta:
        model = ClassGroup

    year = factory.SubFactory(AcademicYearFactory)
    school = factory.SelfAttribute("year.school")
    grade = 2
    # At most 4 characters (the column's length, which PostgreSQL enforces): a letter, then a
    # number that keeps it unique over 13,000 classes — the sequence runs on across the suite.
    letter = factory.Sequence(lambda n: "АБВГДЕЖЗИКЛМН"[n % 13] + ("" if n < 13 else str(n // 13 % 1000)))


class SubgroupFactory(DjangoModelFactory):
    class Meta:
        model = Subgroup

    class_group = factory.SubFactory(ClassGroupFactory)
    school = factory.SelfAttribute("class_group.school")
    name = "Кабардино-черкесский язык"


class SubjectFactory(DjangoModelFactory):
    class Meta:
        model = Subject

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"Предмет {n}")


class CurriculumPlanFactory(DjangoModelFactory):
    class Meta:
        model = CurriculumPlan

    year = factory.SubFactory(AcademicYearFactory)
    school = factory.SelfAttribute("year.school")
    grade = 2
    subject = factory.SubFactory(SubjectFactory, school=factory.SelfAttribute("..school"))
    hours_per_week = Decimal("4")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = factory.LazyFunction(faker_ru.last_name_male)
    first_name = factory.LazyFunction(faker_ru.first_name_male)
    password = factory.django.Password("secret-pass-123")


class RoleGrantFactory(DjangoModelFactory):
    class Meta:
        model = RoleGrant

    user = factory.SubFactory(UserFactory)
    role = Role.TEACHER
    school = factory.SubFactory(SchoolFactory)


class StaffFactory(DjangoModelFactory):
    class Meta:
        model = Staff

    school = factory.SubFactory(SchoolFactory)
    last_name = factory.LazyFunction(faker_ru.last_name_female)
    first_name = factory.LazyFunction(faker_ru.first_name_female)
    middle_name = factory.LazyFunction(faker_ru.middle_name_female)
    position = "учитель"


class StudentFactory(DjangoModelFactory):
    class Meta:
        model = Student

    school = factory.SubFactory(SchoolFactory)
    last_name = factory.LazyFunction(faker_ru.last_name_male)
    first_name = factory.LazyFunction(faker_ru.first_name_male)
    middle_name = factory.LazyFunction(faker_ru.middle_name_male)
    birth_date = dt.date(2018, 5, 17)
    sex = Student.Sex.MALE


class GuardianFactory(DjangoModelFactory):
    class Meta:
        model = Guardian

    school = factory.SubFactory(SchoolFactory)
    last_name = factory.LazyFunction(faker_ru.last_name_female)
    first_name = factory.LazyFunction(faker_ru.first_name_female)
    middle_name = factory.LazyFunction(faker_ru.middle_name_female)


class StudentGuardianFactory(DjangoModelFactory):
    class Meta:
        model = StudentGuardian

    student = factory.SubFactory(StudentFactory)
    guardian = factory.SubFactory(GuardianFactory, school=factory.SelfAttribute("..student.school"))
    school = factory.SelfAttribute("student.school")
    relation = StudentGuardian.Relation.MOTHER


class EnrollmentFactory(DjangoModelFactory):
    class Meta:
        model = Enrollment

    class_group = factory.SubFactory(ClassGroupFactory)
    school = factory.SelfAttribute("class_group.school")
    student = factory.SubFactory(StudentFactory, school=factory.SelfAttribute("..class_group.school"))
    start = factory.SelfAttribute("class_group.year.start")


class SubgroupMembershipFactory(DjangoModelFactory):
    class Meta:
        model = SubgroupMembership

    subgroup = factory.SubFactory(SubgroupFactory)
    school = factory.SelfAttribute("subgroup.school")
    student = factory.SubFactory(StudentFactory, school=factory.SelfAttribute("..subgroup.school"))


class TeachingAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = TeachingAssignment

    class_group = factory.SubFactory(ClassGroupFactory)
    school = factory.SelfAttribute("class_group.school")
    year = factory.SelfAttribute("class_group.year")
    subject = factory.SubFactory(SubjectFactory, school=factory.SelfAttribute("..class_group.school"))
    teacher = factory.SubFactory(StaffFactory, school=factory.SelfAttribute("..class_group.school"))


class StudyGroupFactory(DjangoModelFactory):
    class Meta:
        model = StudyGroup

    year = factory.SubFactory(AcademicYearFactory)
    school = factory.SelfAttribute("year.school")
    name = factory.Sequence(lambda n: f"Группа {n}")
    grade = 4


class StudyGroupMembershipFactory(DjangoModelFactory):
    class Meta:
        model = StudyGroupMembership

    group = factory.SubFactory(StudyGroupFactory)
    school = factory.SelfAttribute("group.school")
    student = factory.SubFactory(StudentFactory, school=factory.SelfAttribute("..group.school"))
    start = factory.SelfAttribute("group.year.start")


class GroupAssignmentFactory(DjangoModelFactory):
    """The journal of a cross-class study group: no class, the group instead."""

    class Meta:
        model = TeachingAssignment

    study_group = factory.SubFactory(StudyGroupFactory)
    class_group = None
    school = factory.SelfAttribute("study_group.school")
    year = factory.SelfAttribute("study_group.year")
    subject = factory.SubFactory(SubjectFactory, school=factory.SelfAttribute("..study_group.school"))
    teacher = factory.SubFactory(StaffFactory, school=factory.SelfAttribute("..study_group.school"))


class TimetableEntryFactory(DjangoModelFactory):
    class Meta:
        model = TimetableEntry

    assignment = factory.SubFactory(TeachingAssignmentFactory)
    school = factory.SelfAttribute("assignment.school")
    weekday = 1
    slot = 1
    bell_schedule = factory.SubFactory(
        BellScheduleFactory, school=factory.SelfAttribute("..assignment.school")
    )
    valid_from = factory.SelfAttribute("assignment.year.start")


class LessonTypeFactory(DjangoModelFactory):
    class Meta:
        model = LessonType

    school = factory.SubFactory(SchoolFactory)
    name = "Комбинированный урок"


class WorkTypeFactory(DjangoModelFactory):
    class Meta:
        model = WorkType

    school = factory.SubFactory(SchoolFactory)
    name = "Работа на уроке"
    short_name = "Р"
    weight = 1


class AttendanceCodeFactory(DjangoModelFactory):
    class Meta:
        model = AttendanceCode
        django_get_or_create = ("school", "code")

    school = factory.SubFactory(SchoolFactory)
    code = "Н"
    name = "отсутствовал"


class LessonFactory(DjangoModelFactory):
    class Meta:
        model = Lesson

    assignment = factory.SubFactory(TeachingAssignmentFactory)
    school = factory.SelfAttribute("assignment.school")
    teacher = factory.SelfAttribute("assignment.teacher")
    date = dt.date(2026, 11, 25)
    # One live lesson per journal, day and slot (a unique index): each new lesson its own slot.
    slot = factory.Sequence(lambda n: n % 30000 + 1)
    topic = factory.Sequence(lambda n: f"Тема урока {n}")


class MarkFactory(DjangoModelFactory):
    class Meta:
        model = Mark

    lesson = factory.SubFactory(LessonFactory)
    school = factory.SelfAttribute("lesson.school")
    student = factory.SubFactory(StudentFactory, school=factory.SelfAttribute("..lesson.school"))
    value = "5"
    score = 5
    work_type = factory.SubFactory(WorkTypeFactory, school=factory.SelfAttribute("..lesson.school"))


class AttendanceFactory(DjangoModelFactory):
    class Meta:
        model = Attendance

    lesson = factory.SubFactory(LessonFactory)
    school = factory.SelfAttribute("lesson.school")
    student = factory.SubFactory(StudentFactory, school=factory.SelfAttribute("..lesson.school"))
    code = factory.SubFactory(AttendanceCodeFactory, school=factory.SelfAttribute("..lesson.school"))


class PeriodMarkFactory(DjangoModelFactory):
    class Meta:
        model = PeriodMark

    student = factory.SubFactory(StudentFactory)
    school = factory.SelfAttribute("student.school")
    subject = factory.SubFactory(SubjectFactory, school=factory.SelfAttribute("..student.school"))
    year = factory.SubFactory(AcademicYearFactory, school=factory.SelfAttribute("..student.school"))
    value = "5"
