"""Importing staff, classes, guardians, subgroups and the timetable: each kind's happy path, its
own errors, and the same file twice changing nothing."""

import datetime as dt

import pytest

from tests import factories as f
from tests.integrations.imports_data import csv_file
from zhurnal.accounts.models import Role, RoleGrant
from zhurnal.core.models import AuditEvent
from zhurnal.core.tabular import TableError
from zhurnal.integrations.services.imports import import_apply
from zhurnal.people.models import (
    Guardian,
    Staff,
    StudentGuardian,
    SubgroupMembership,
    TeachingAssignment,
    TimetableEntry,
)
from zhurnal.policy.actor import actor_for
from zhurnal.schools.models import ClassGroup, Subgroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    school = f.SchoolFactory()
    year = f.AcademicYearFactory(school=school)
    f.ClassGroupFactory(year=year, grade=2, letter="А")
    return school


@pytest.fixture
def admin(school):
    user = f.UserFactory()
    f.RoleGrantFactory(user=user, role=Role.SYSADMIN, school=school)
    return actor_for(user)


def _run(admin, school, kind, lines):
    return import_apply(actor=admin, school=school, kind=kind, data=csv_file(lines))


def _twice_changes_nothing(admin, school, kind, lines):
    audit = AuditEvent.objects.count()
    plan = _run(admin, school, kind, lines)
    assert plan.counts["create"] == 0 and plan.counts["change"] == 0
    assert AuditEvent.objects.count() == audit


def _class(school, name="2А"):
    return next(c for c in ClassGroup.objects.filter(school=school) if str(c) == name)


def _pupil(school, last="Иванова", first="Мария", born=dt.date(2018, 3, 1), in_class="2А"):
    pupil = f.StudentFactory(school=school, last_name=last, first_name=first, middle_name="", birth_date=born)
    f.EnrollmentFactory(student=pupil, class_group=_class(school, in_class), start=dt.date(2026, 9, 1))
    return pupil


STAFF = [
    "Фамилия;Имя;Отчество;Должность;Эл. почта;Роли;Классное руководство",
    "Смирнова;Елена;Викторовна;учитель математики;smirnova@example.ru;учитель;",
    "Козлов;Андрей;Павлович;учитель начальных классов;;учитель, классный руководитель;2А",
]


def test_staff_are_created_with_logins_and_their_roles_and_the_class_teacher_leads_the_class(admin, school):
    plan = _run(admin, school, "staff", STAFF)
    assert plan.counts == {"create": 2, "change": 0, "skip": 0}
    smirnova = Staff.objects.get(last_name="Смирнова")
    assert smirnova.position == "учитель математики" and smirnova.user is not None
    kozlov = Staff.objects.get(last_name="Козлов")
    grants = set(RoleGrant.objects.filter(user=kozlov.user).values_list("role", "class_group_id"))
    assert grants == {(Role.TEACHER, None), (Role.CLASS_TEACHER, _class(school).pk)}
    _twice_changes_nothing(admin, school, "staff", STAFF)


def test_a_known_person_found_by_email_gets_the_new_position(admin, school):
    _run(admin, school, "staff", STAFF)
    plan = _run(
        admin,
        school,
        "staff",
        [STAFF[0], "Смирнова;Елена;Викторовна;заместитель директора;SMIRNOVA@example.ru;учитель;"],
    )
    assert plan.counts == {"create": 0, "change": 1, "skip": 0}
    assert Staff.objects.get(last_name="Смирнова").position == "заместитель директора"


def test_staff_rows_with_an_unknown_role_or_a_class_teacher_without_a_class_are_refused(admin, school):
    with pytest.raises(TableError) as refused:
        _run(
            admin,
            school,
            "staff",
            [STAFF[0], "Орлов;Лев;;;;завхоз;", "Орлова;Вера;;;;классный руководитель;"],
        )
    assert [(e.line, e.column, e.message) for e in refused.value.errors] == [
        (2, "Роли", "неизвестная роль «завхоз»"),
        (3, "Классное руководство", "классному руководителю нужен класс"),
    ]
    assert not Staff.objects.exists()


def test_classes_are_created_with_their_class_teacher(admin, school):
    _run(admin, school, "staff", STAFF)
    lines = ["Класс;Классный руководитель", "5А;smirnova@example.ru", "5 б;", "2А;"]
    plan = _run(admin, school, "classes", lines)
    assert plan.counts == {"create": 2, "change": 0, "skip": 1}
    five_a = _class(school, "5А")
    assert (
        RoleGrant.objects.get(role=Role.CLASS_TEACHER, class_group=five_a).user
        == Staff.objects.get(last_name="Смирнова").user
    )
    assert _class(school, "5Б")
    _twice_changes_nothing(admin, school, "classes", lines)


def test_a_class_name_that_is_not_one_is_refused(admin, school):
    with pytest.raises(TableError) as refused:
        _run(admin, school, "classes", ["Класс", "12А", "5А", "5а"])
    assert [(e.line, e.message) for e in refused.value.errors] == [
        (2, "имя класса — параллель 1–11 и литера, например «2А»"),
        (4, "повторяет строку 3"),
    ]


GUARDIANS = [
    "Фамилия обучающегося;Имя обучающегося;Отчество обучающегося;Дата рождения обучающегося;Фамилия;Имя;Отчество;Кем приходится;Телефон",
    "Иванова;Мария;;01.03.2018;Иванова;Ольга;Сергеевна;мать;+7 900 1",
    "Иванова;Мария;;01.03.2018;Иванов;Пётр;;отец;",
]


def test_guardians_are_linked_to_pupils_already_in_the_school(admin, school):
    pupil = _pupil(school)
    plan = _run(admin, school, "guardians", GUARDIANS)
    assert plan.counts == {"create": 2, "change": 0, "skip": 0}
    assert set(StudentGuardian.objects.filter(student=pupil).values_list("relation", flat=True)) == {
        "mother",
        "father",
    }
    _twice_changes_nothing(admin, school, "guardians", GUARDIANS)


def test_a_guardian_of_a_pupil_the_school_does_not_have_is_refused(admin, school):
    with pytest.raises(TableError) as refused:
        _run(admin, school, "guardians", GUARDIANS[:2])
    assert [(e.line, e.column, e.message) for e in refused.value.errors] == [
        (2, "Фамилия обучающегося", "нет такого обучающегося в школе")
    ]
    assert not Guardian.objects.exists()


SUBGROUPS = [
    "Класс;Подгруппа;Фамилия;Имя;Отчество;Дата рождения",
    "2А;Английский язык, гр. 1;Иванова;Мария;;01.03.2018",
    "2А;Английский язык, гр. 1;Петров;Иван;;02.04.2018",
]


def test_subgroups_are_made_with_the_pupils_of_the_class(admin, school):
    _pupil(school)
    _pupil(school, "Петров", "Иван", dt.date(2018, 4, 2))
    plan = _run(admin, school, "subgroups", SUBGROUPS)
    assert plan.counts == {"create": 2, "change": 0, "skip": 0}
    subgroup = Subgroup.objects.get(class_group=_class(school))
    assert subgroup.name == "Английский язык, гр. 1"
    assert SubgroupMembership.objects.filter(subgroup=subgroup).count() == 2
    _twice_changes_nothing(admin, school, "subgroups", SUBGROUPS)


def test_a_pupil_of_another_class_is_not_put_into_a_subgroup(admin, school):
    year = _class(school).year
    f.ClassGroupFactory(year=year, grade=3, letter="Б")
    _pupil(school, in_class="3Б")
    with pytest.raises(TableError) as refused:
        _run(admin, school, "subgroups", SUBGROUPS[:2])
    assert [(e.line, e.column, e.message) for e in refused.value.errors] == [
        (2, "Класс", "обучающийся не зачислен в 2А")
    ]


TIMETABLE = [
    "Класс;Подгруппа;Предмет;Учитель;День недели;Урок №;Кабинет",
    "2А;;Математика;Козлов Андрей Павлович;пн;1;12",
    "2А;;Математика;Козлов А. П.;ср;2;12",
]


def test_the_timetable_makes_the_teaching_assignment_once_and_an_entry_per_row(admin, school):
    f.SubjectFactory(school=school, name="Математика")
    f.BellScheduleFactory(school=school)
    _run(admin, school, "staff", STAFF)
    plan = _run(admin, school, "timetable", TIMETABLE)
    assert plan.counts == {"create": 2, "change": 0, "skip": 0}
    assignment = TeachingAssignment.objects.get()
    assert assignment.teacher.last_name == "Козлов" and assignment.class_group == _class(school)
    entries = TimetableEntry.objects.filter(assignment=assignment).order_by("weekday")
    assert [(e.weekday, e.slot, e.room, e.valid_from) for e in entries] == [
        (1, 1, "12", dt.date(2026, 9, 1)),
        (3, 2, "12", dt.date(2026, 9, 1)),
    ]
    _twice_changes_nothing(admin, school, "timetable", TIMETABLE)
    moved = _run(admin, school, "timetable", [TIMETABLE[0], "2А;;Математика;Козлов А. П.;ср;2;14"])
    assert moved.counts == {"create": 0, "change": 1, "skip": 0}
    assert TimetableEntry.objects.get(weekday=3).room == "14"


def test_timetable_rows_with_an_unknown_subject_teacher_or_day_are_refused(admin, school):
    f.BellScheduleFactory(school=school)
    with pytest.raises(TableError) as refused:
        _run(admin, school, "timetable", [TIMETABLE[0], "2А;;Химия;Никто;восьмое;0;"])
    assert [(e.column, e.message) for e in refused.value.errors] == [
        ("Предмет", "нет предмета «Химия»"),
        ("Учитель", "нет сотрудника «Никто»"),
        ("День недели", "день недели — 1–7 или пн, вт, ср, чт, пт, сб"),
        ("Урок №", "номер урока — число от 1 до 12"),
    ]
