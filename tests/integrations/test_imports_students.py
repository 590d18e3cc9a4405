"""Importing pupils with their class and parents (issue 11 item 1): every bad row named by line
and column, nothing written until every row is good, the same file twice changes nothing."""

import datetime as dt

import pytest

from tests import factories as f
from tests.integrations.imports_data import csv_file
from zhurnal.accounts.models import Role
from zhurnal.core.models import AuditEvent
from zhurnal.core.tabular import TableError
from zhurnal.integrations.imports.sample import student_rows, students_file
from zhurnal.integrations.services.imports import import_apply, import_preview
from zhurnal.people.models import Enrollment, Guardian, Student, StudentGuardian
from zhurnal.policy.actor import actor_for

pytestmark = pytest.mark.django_db

HEADER = "Фамилия;Имя;Отчество;Дата рождения;Класс;СНИЛС;Мать (ФИО);Телефон матери;Отец (ФИО)"


@pytest.fixture
def school():
    school = f.SchoolFactory()
    year = f.AcademicYearFactory(school=school)
    for grade, letter in ((1, "А"), (2, "А"), (3, "Б")):
        f.ClassGroupFactory(year=year, grade=grade, letter=letter)
    return school


@pytest.fixture
def admin(school):
    user = f.UserFactory()
    f.RoleGrantFactory(user=user, role=Role.SYSADMIN, school=school)
    return actor_for(user)


def _apply(admin, school, data):
    return import_apply(actor=admin, school=school, kind="students", data=data)


def _state():
    return (
        Student.objects.count(),
        Guardian.objects.count(),
        StudentGuardian.objects.count(),
        Enrollment.objects.count(),
        AuditEvent.objects.count(),
    )


def test_a_pupil_is_created_enrolled_in_the_class_and_linked_to_both_parents(admin, school):
    data = csv_file(
        [
            HEADER,
            "Иванова;Мария;Петровна;01.03.2018;2А;112-233-445 95;Иванова Ольга Сергеевна;+7 900 1;Иванов Пётр Андреевич",
        ]
    )
    plan = _apply(admin, school, data)
    assert plan.counts == {"create": 1, "change": 0, "skip": 0}
    pupil = Student.objects.get()
    assert (pupil.last_name, pupil.middle_name, pupil.birth_date) == (
        "Иванова",
        "Петровна",
        dt.date(2018, 3, 1),
    )
    assert pupil.snils == "112-233-445 95"
    enrolment = Enrollment.objects.get(student=pupil)
    assert str(enrolment.class_group) == "2А" and enrolment.start == dt.date(2026, 9, 1)
    links = {
        link.relation: link.guardian.full_name for link in pupil.guardian_links.select_related("guardian")
    }
    assert links == {"mother": "Иванова Ольга Сергеевна", "father": "Иванов Пётр Андреевич"}
    actions = sorted(AuditEvent.objects.values_list("action", flat=True))
    assert actions == sorted(
        [
            "student.create",
            "enrollment.create",
            "guardian.create",
            "guardian.create",
            "guardian.link",
            "guardian.link",
            "import.apply",
        ]
    )
    assert AuditEvent.objects.get(action="student.create").actor_id == admin.user.pk


def test_english_headers_and_iso_dates_are_read_as_well(admin, school):
    data = csv_file(
        ["last_name,first_name,middle_name,birth_date,class", "Petrov,Ivan,,2017-05-04,3Б"], delimiter=","
    )
    _apply(admin, school, data)
    assert Student.objects.get().birth_date == dt.date(2017, 5, 4)


def test_brothers_and_sisters_in_one_file_share_one_parent_card(admin, school):
    data = csv_file(
        [
            HEADER,
            "Петров;Иван;;01.03.2018;2А;;Петрова Анна Ивановна;+79001112233;",
            "Петрова;Ольга;;04.05.2017;3Б;;Петрова Анна Ивановна;+7 900 111-22-33;",
        ]
    )
    _apply(admin, school, data)
    assert Guardian.objects.count() == 1
    assert StudentGuardian.objects.count() == 2


def test_every_bad_row_is_named_by_line_and_column_and_nothing_is_written(admin, school):
    f.StudentFactory(
        school=school,
        last_name="Сидоров",
        first_name="Пётр",
        middle_name="",
        birth_date=dt.date(2018, 1, 2),
        snils="112-233-445 95",
    )
    before = _state()
    data = csv_file(
        [
            HEADER,
            "Кузнецов;Илья;;01.02.2018;2А;;;;",
            ";Анна;;01.02.2018;2А;;;;",
            "Попов;Олег;;31.02.2018;2А;;;;",
            "Попов;Олег;;01.02.2018;9Я;;;;",
            "Кузнецов;Илья;;2018-02-01;1А;;;;",
            "Смирнов;Лев;;01.02.2018;2А;112-233-445 95;;;",
            "Орлов;Лев;;01.02.2018;2А;123;;;",
        ]
    )
    with pytest.raises(TableError) as refused:
        _apply(admin, school, data)
    found = [(e.line, e.column, e.message) for e in refused.value.errors]
    assert found == [
        (3, "Фамилия", "не указана фамилия"),
        (4, "Дата рождения", "неверная дата «31.02.2018» (нужно 2019-03-01 или 01.03.2019)"),
        (5, "Класс", "нет класса «9Я» в учебном году 2026/2027"),
        (6, "Фамилия", "повторяет строку 2"),
        (7, "СНИЛС", "этот СНИЛС уже у обучающегося Сидоров Пётр, 02.01.2018"),
        (8, "СНИЛС", "нужно 11 цифр, например 112-233-445 95."),
    ]
    assert "Строка 5, столбец «Класс»" in refused.value.message
    assert _state() == before


def test_a_pupil_already_in_another_class_is_not_moved_by_an_import(admin, school):
    pupil = f.StudentFactory(
        school=school, last_name="Зайцев", first_name="Пётр", middle_name="", birth_date=dt.date(2018, 1, 2)
    )
    f.EnrollmentFactory(student=pupil, class_group=school_class(school, "3Б"), start=dt.date(2026, 9, 1))
    with pytest.raises(TableError) as refused:
        _apply(admin, school, csv_file([HEADER, "Зайцев;Пётр;;02.01.2018;2А;;;;"]))
    assert refused.value.errors[0].column == "Класс"
    assert "зачислен в 3Б" in refused.value.errors[0].message


def school_class(school, name):
    from zhurnal.schools.models import ClassGroup

    return next(c for c in ClassGroup.objects.filter(school=school) if str(c) == name)


def test_a_known_pupil_gets_the_files_new_snils_and_nothing_else(admin, school):
    pupil = f.StudentFactory(
        school=school,
        last_name="Зайцев",
        first_name="Пётр",
        middle_name="",
        birth_date=dt.date(2018, 1, 2),
        snils="",
    )
    f.EnrollmentFactory(student=pupil, class_group=school_class(school, "2А"), start=dt.date(2026, 9, 1))
    plan = _apply(admin, school, csv_file([HEADER, "Зайцев;Пётр;;02.01.2018;2А;112-233-445 95;;;"]))
    assert plan.counts == {"create": 0, "change": 1, "skip": 0}
    assert plan.items[0].changes == ["СНИЛС"]
    pupil.refresh_from_db()
    assert pupil.snils == "112-233-445 95"
    assert Enrollment.objects.count() == 1
    assert AuditEvent.objects.filter(action="student.update").count() == 1


def test_the_preview_writes_nothing(admin, school):
    plan = import_preview(
        actor=admin,
        school=school,
        kind="students",
        data=csv_file([HEADER, "Кузнецов;Илья;;01.02.2018;2А;;;;"]),
    )
    assert plan.counts["create"] == 1
    assert _state() == (0, 0, 0, 0, 0)


def test_a_teacher_may_not_import_and_an_outsider_is_told_nothing_exists(school):
    from zhurnal.core.errors import Forbidden, NotFound

    teacher = f.UserFactory()
    f.RoleGrantFactory(user=teacher, role=Role.TEACHER, school=school)
    data = csv_file([HEADER, "Кузнецов;Илья;;01.02.2018;2А;;;;"])
    with pytest.raises(Forbidden):
        import_apply(actor=actor_for(teacher), school=school, kind="students", data=data)
    with pytest.raises(NotFound):
        import_apply(actor=actor_for(f.UserFactory()), school=school, kind="students", data=data)
    assert Student.objects.count() == 0


@pytest.mark.parametrize("fmt", ["xlsx", "cp1251-csv"])
def test_a_thousand_pupils_with_a_bad_row_at_line_900_change_nothing_then_the_fixed_file_loads_and_again_changes_nothing(
    admin, school, fmt
):
    rows = student_rows(["1А", "2А", "3Б"], 1000)
    bad = [list(row) for row in rows]
    bad[898][3] = "31.02.2018"  # line 900: the header is line 1

    def encoded(table):
        if fmt == "xlsx":
            from zhurnal.core.tabular import template_xlsx
            from zhurnal.integrations.imports.students import StudentsImport

            return template_xlsx(StudentsImport.columns, table)
        from zhurnal.integrations.imports.students import StudentsImport

        header = ";".join(c.title for c in StudentsImport.columns)
        return csv_file([header, *(";".join(r) for r in table)], encoding="cp1251")

    with pytest.raises(TableError) as refused:
        _apply(admin, school, encoded(bad))
    assert [(e.line, e.column) for e in refused.value.errors] == [(900, "Дата рождения")]
    assert _state() == (0, 0, 0, 0, 0)

    plan = _apply(admin, school, encoded(rows))
    assert plan.counts == {"create": 1000, "change": 0, "skip": 0}
    assert Student.objects.count() == 1000
    assert Enrollment.objects.count() == 1000
    assert Guardian.objects.count() == 2000  # each pupil's mother and father, by their phones
    assert StudentGuardian.objects.count() == 2000
    # 1,000 pupils, 1,000 enrolments, 2,000 parents and 2,000 links, and the import itself.
    assert AuditEvent.objects.count() == 6001

    after = _state()
    again = _apply(admin, school, encoded(rows))
    assert again.counts == {"create": 0, "change": 0, "skip": 1000}
    assert _state() == after


def test_the_generated_file_reads_as_xlsx():
    assert students_file(["1А"], 3)[:4] == b"PK\x03\x04"
