"""The demo school: fixed logins with their grants, and a year so far that each role can see."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count

from zhurnal.accounts.models import Role, RoleGrant, User
from zhurnal.journal.models import Lesson, Mark
from zhurnal.people.models import Enrollment, StudentGuardian, TeachingAssignment, TimetableEntry
from zhurnal.schools.models import Holiday, School

TODAY = dt.date(2026, 11, 25)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    """Build the demo once for the module, inside a transaction rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("demo", "--today", TODAY.isoformat(), stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def roles_of(username):
    return set(RoleGrant.objects.filter(user__username=username).values_list("role", flat=True))


def test_the_command_prints_the_logins_and_the_password(demo):
    for login in ("admin", "director", "teacher", "classteacher", "parent", "student", "authority"):
        assert f"\n{login} " in demo
    assert "пароль: demo" in demo


def test_the_commands_summary_is_in_russian_with_role_names(demo):
    assert "классов — " in demo and "обучающихся — " in demo and "отметок — " in demo
    assert "\nclassteacher " in demo and "классный руководитель" in demo
    assert "lessons" not in demo and "password" not in demo and "class_teacher" not in demo


def test_every_fixed_login_has_the_password_demo_and_its_role():
    expected = {
        "admin": {Role.SYSADMIN},
        "director": {Role.DIRECTOR},
        "deputy": {Role.DEPUTY},
        "secretary": {Role.SECRETARY},
        "teacher": {Role.TEACHER},
        "classteacher": {Role.CLASS_TEACHER, Role.TEACHER},
        "parent": {Role.PARENT},
        "student": {Role.STUDENT},
        "authority": {Role.AUTHORITY},
    }
    for username, roles in expected.items():
        user = User.objects.get(username=username)
        assert user.check_password("demo"), username
        assert user.last_name and user.first_name, username
        assert roles_of(username) == roles, username
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser
    grant = RoleGrant.objects.get(user__username="authority")
    assert grant.school_id is None and grant.authority_id == School.objects.get().authority_id


def test_the_demo_school_lets_the_administration_in_with_the_password_alone():
    # Every new school demands a second factor of its administration; the demo's does not, so
    # that a visitor can try the director with the password "demo".
    assert School.objects.get().two_factor_required is False


def test_generated_users_cannot_log_in():
    others = User.objects.exclude(username__in=["admin", "director", "deputy", "secretary", "teacher"])
    others = others.exclude(username__in=["classteacher", "parent", "student", "authority"])
    assert others.count() > 300
    assert not any(u.has_usable_password() for u in others[:50])


def test_the_school_has_two_classes_of_about_25_in_each_grade():
    school = School.objects.get()
    assert school.short_name == "МКОУ НШДС № 12 ст. Александровской"
    sizes = Enrollment.objects.values("class_group__grade", "class_group__letter").annotate(n=Count("id"))
    assert {(s["class_group__grade"], s["class_group__letter"]) for s in sizes} == {
        (g, letter) for g in (1, 2, 3, 4) for letter in "АБ"
    }
    assert all(20 <= s["n"] <= 30 for s in sizes)


def test_the_teacher_teaches_kabardian_subgroups_in_grade_1_and_in_grades_2_to_4():
    taught = TeachingAssignment.objects.filter(teacher__user__username="teacher", class_group__isnull=False)
    assert {a.class_group.grade for a in taught} == {1, 2, 3, 4}
    assert all(a.subgroup is not None and a.subgroup.name == "Кабардино-черкесский язык" for a in taught)
    assert {a.subject.name for a in taught} == {"Родной язык", "Литературное чтение на родном языке"}


def test_grade_4_has_the_orkse_pair_of_study_groups_and_the_teacher_teaches_one():
    from zhurnal.schools.models import StudyGroup

    groups = StudyGroup.objects.filter(grade=4).order_by("name")
    assert [g.name for g in groups] == ["ОРКСЭ: основы православной культуры", "ОРКСЭ: основы светской этики"]
    taught = TeachingAssignment.objects.get(teacher__user__username="teacher", study_group__isnull=False)
    assert taught.study_group.name == "ОРКСЭ: основы светской этики"
    sibling = StudentGuardian.objects.get(
        guardian__user__username="parent", student__enrollments__class_group__grade=4
    ).student
    assert taught.study_group.memberships.filter(student=sibling).exists()
    members = {m.student_id for g in groups for m in g.memberships.all()}
    in_grade_4 = set(Enrollment.objects.filter(class_group__grade=4).values_list("student_id", flat=True))
    assert members == in_grade_4  # every pupil of grade 4 chose a module
    assert Lesson.objects.filter(assignment=taught, date__lte=TODAY).exists()


def test_the_teacher_and_the_classteacher_have_lessons_on_the_fixed_wednesday():
    assert Lesson.objects.filter(teacher__user__username="teacher", date=TODAY).exists()
    assert Lesson.objects.filter(teacher__user__username="classteacher", date=TODAY).exists()


def test_the_classteacher_leads_2a_and_teaches_its_main_subjects():
    grant = RoleGrant.objects.get(user__username="classteacher", role=Role.CLASS_TEACHER)
    assert str(grant.class_group) == "2А"
    subjects = set(
        TeachingAssignment.objects.filter(teacher__user__username="classteacher").values_list(
            "subject__name", flat=True
        )
    )
    assert {"Русский язык", "Математика", "Литературное чтение", "Окружающий мир"} <= subjects


def test_the_parent_has_the_student_in_2a_and_a_sibling_in_4b():
    links = StudentGuardian.objects.filter(guardian__user__username="parent")
    classes = {str(e.class_group) for e in Enrollment.objects.filter(student__in=links.values("student_id"))}
    assert classes == {"2А", "4Б"}
    assert links.filter(student__user__username="student").exists()


def test_grade_1_has_no_marks_and_grade_2_has_some():
    assert not Mark.objects.filter(lesson__assignment__class_group__grade=1).exists()
    assert Mark.objects.filter(lesson__assignment__class_group__grade=2).exists()


def test_no_lesson_falls_on_a_holiday_or_a_weekend():
    for holiday in Holiday.objects.filter(grade_from=1, grade_to__gte=4):
        assert not Lesson.objects.filter(date__range=(holiday.start, holiday.end)).exists(), holiday
    assert not Lesson.objects.filter(date__week_day__in=[1, 7]).exists()
    assert not Lesson.objects.filter(date__gt=TODAY).exists()


def test_no_teacher_is_in_two_places_at_once():
    clashes = (
        TimetableEntry.objects.values("assignment__teacher_id", "weekday", "slot")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert not clashes.exists()


def test_if_empty_keeps_the_data():
    before = Lesson.objects.count()
    out = StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert "оставлены" in out.getvalue()
    assert Lesson.objects.count() == before
    assert School.objects.count() == 1
