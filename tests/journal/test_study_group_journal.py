"""A cross-class study group's own journal (decision 0036): its roster is the memberships in force
on each lesson's date; marks, attendance, period marks and the grid work on it unchanged; its
teacher, a member's family and the class teacher of a member's class (for their pupils only)
see it; everyone else is told it does not exist."""

import datetime as dt

import pytest

from tests import factories as f
from tests.journal.test_grid_sql import orm_grid, sql_grid, typed
from tests.people.groups_setup import LESSON_DAY, build_group
from zhurnal.core.errors import NotFound
from zhurnal.journal.access import assignment_loaded, student_of_lesson
from zhurnal.journal.models import Mark, PeriodMark
from zhurnal.journal.roster import roster_filter
from zhurnal.journal.selectors import journal_grid
from zhurnal.journal.services import attendance_set, mark_create, period_mark_set
from zhurnal.people.models import Student
from zhurnal.policy.actor import actor_for
from zhurnal.schools.models import StudyPeriod

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def group(cast):
    return build_group(cast)


def as_(cast, name):
    return actor_for(cast.user(name))


def teacher(cast):
    return as_(cast, "teacher")  # English in 2А's subgroup, and the group's teacher


# --- the roster ---------------------------------------------------------------------------------


def test_the_roster_is_the_members_in_force_on_the_date(cast, group):
    joined_late = f.EnrollmentFactory(class_group=cast.class_b).student
    f.StudyGroupMembershipFactory(group=group.group, student=joined_late, start=D(2026, 12, 1))
    left = f.EnrollmentFactory(class_group=cast.class_b).student
    f.StudyGroupMembershipFactory(group=group.group, student=left, end=D(2026, 11, 20))

    def roster(day):
        return set(
            Student.objects.filter(roster_filter(group.journal, day, day)).values_list("pk", flat=True)
        )

    assert roster(D(2026, 11, 10)) == {cast.pupil_a.pk, group.pupil_c.pk, left.pk}
    assert roster(LESSON_DAY) == {cast.pupil_a.pk, group.pupil_c.pk}
    assert roster(D(2026, 12, 2)) == {cast.pupil_a.pk, group.pupil_c.pk, joined_late.pk}


def test_a_member_who_left_the_school_is_off_the_roster(cast, group):
    gone = f.EnrollmentFactory(class_group=cast.class_b, end=D(2026, 11, 1)).student
    f.StudyGroupMembershipFactory(group=group.group, student=gone)  # the membership left open

    on_roster = Student.objects.filter(roster_filter(group.journal, LESSON_DAY, LESSON_DAY))
    assert gone not in on_roster


def test_the_save_paths_plain_sql_roster_is_the_orm_roster(cast, group):
    lesson = group.lesson
    lesson.assignment = assignment_loaded(group.journal.pk)
    assert student_of_lesson(lesson, group.pupil_c.pk).pk == group.pupil_c.pk
    with pytest.raises(NotFound):
        student_of_lesson(lesson, cast.pupil_b.pk)  # enrolled in the school, not in the group


def test_the_group_grid_read_with_sql_is_the_grid_the_orm_reads(cast, group, directories):
    joined_late = f.EnrollmentFactory(class_group=cast.class_b).student
    f.StudyGroupMembershipFactory(group=group.group, student=joined_late, start=D(2026, 12, 1))
    f.MarkFactory(lesson=group.lesson, student=cast.pupil_a, work_type=directories["test"])
    f.AttendanceFactory(lesson=group.lesson, student=group.pupil_c, code=directories["Н"])
    assignment = assignment_loaded(group.journal.pk)
    period = StudyPeriod.objects.get(year=assignment.year, number=2)

    grid = journal_grid(assignment, period.pk)

    expected = orm_grid(assignment, grid.period, None)
    actual = sql_grid(grid)
    for part in expected:
        assert typed(actual[part]) == typed(expected[part]), part
    assert [s["id"] for s in grid.students] == [
        s.pk
        for s in sorted(
            [cast.pupil_a, group.pupil_c, joined_late],
            key=lambda s: (s.last_name, s.first_name, s.middle_name, s.pk),
        )
    ]
    by_id = {s["id"]: s for s in grid.students}
    assert by_id[joined_late.pk]["enrolled_from"] == D(2026, 12, 1)
    assert len(grid.marks) == 1 and len(grid.attendance) == 1


# --- writes work unchanged --------------------------------------------------------------------------


def test_the_group_teacher_marks_a_member_of_another_class(cast, group, directories):
    mark, created = mark_create(
        actor=teacher(cast),
        lesson_id=group.lesson.pk,
        student_id=group.pupil_c.pk,
        value="5",
        work_type_id=directories["lesson_work"].pk,
    )
    assert created and mark.student_id == group.pupil_c.pk


def test_a_pupil_outside_the_group_cannot_be_marked(cast, group, directories):
    with pytest.raises(NotFound) as error:
        mark_create(
            actor=teacher(cast),
            lesson_id=group.lesson.pk,
            student_id=cast.pupil_b.pk,
            value="5",
            work_type_id=directories["lesson_work"].pk,
        )
    assert error.value.code == "not_in_class"
    assert not Mark.objects.filter(lesson=group.lesson).exists()


def test_attendance_and_the_period_mark_of_a_member_are_kept(cast, group, directories):
    attendance_set(actor=teacher(cast), lesson_id=group.lesson.pk, student_id=cast.pupil_a.pk, code="Н")
    period = StudyPeriod.objects.get(year=group.journal.year, number=2)
    result = period_mark_set(
        actor=teacher(cast),
        assignment_id=group.journal.pk,
        student_id=cast.pupil_a.pk,
        period_id=period.pk,
        value="5",
        reason="по итогам устных ответов",
    )
    assert (result.subject_id, result.student_id, result.kind) == (
        group.journal.subject_id,
        cast.pupil_a.pk,
        PeriodMark.Kind.PERIOD,
    )


def test_the_class_teacher_of_a_member_may_not_write_in_the_group_journal(cast, group, directories):
    from zhurnal.core.errors import Forbidden

    with pytest.raises(Forbidden):
        mark_create(
            actor=as_(cast, "classteacher"),
            lesson_id=group.lesson.pk,
            student_id=cast.pupil_a.pk,
            value="5",
            work_type_id=directories["lesson_work"].pk,
        )


# --- who sees the journal ----------------------------------------------------------------------


def login(client, cast, name):
    client.force_login(cast.user(name), backend="zhurnal.accounts.backends.UserBackend")
    return client


def test_the_group_teacher_sees_every_member_on_the_journal_page(client, cast, group):
    response = login(client, cast, "teacher").get(f"/journal/{group.journal.pk}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert cast.pupil_a.last_name in content and group.pupil_c.last_name in content
    assert "ОРКСЭ: светская этика" in content


def test_the_class_teacher_of_a_member_reads_the_group_journal_for_their_own_pupils_only(
    client, cast, group, directories
):
    f.MarkFactory(
        lesson=group.lesson, student=group.pupil_c, value="2", score=2, work_type=directories["test"]
    )
    f.MarkFactory(
        lesson=group.lesson, student=cast.pupil_a, value="4", score=4, work_type=directories["test"]
    )

    answer = login(client, cast, "classteacher").get(f"/api/v1/journal?assignment={group.journal.pk}")

    assert answer.status_code == 200
    data = answer.json()
    assert [s["id"] for s in data["students"]] == [cast.pupil_a.pk]
    assert {m["student"] for m in data["marks"]} == {cast.pupil_a.pk}
    assert data["can_write"] is False


@pytest.mark.parametrize("who", ["deputy", "director"])
def test_the_administration_reads_the_whole_group_journal(client, cast, group, who):
    answer = login(client, cast, who).get(f"/api/v1/journal?assignment={group.journal.pk}")
    assert {s["id"] for s in answer.json()["students"]} == {cast.pupil_a.pk, group.pupil_c.pk}


def test_an_outsider_and_a_teacher_of_no_member_get_not_found(client, cast, group):
    assert login(client, cast, "outsider").get(f"/journal/{group.journal.pk}/").status_code == 404
    other = f.StaffFactory(school=cast.school_a, user=f.UserFactory(username="other_teacher"))
    f.RoleGrantFactory(user=other.user, role="teacher", school=cast.school_a)
    client.force_login(other.user, backend="zhurnal.accounts.backends.UserBackend")
    assert client.get(f"/journal/{group.journal.pk}/").status_code == 404


def test_the_group_journal_is_in_the_teachers_journal_list(client, cast, group):
    content = login(client, cast, "teacher").get("/assignments/").content.decode()
    assert f"/journal/{group.journal.pk}/" in content and "ОРКСЭ: светская этика" in content


def test_the_group_pupils_are_the_group_teachers_pupils(cast, group):
    visible = set(Student.objects.visible_to(teacher(cast)).values_list("pk", flat=True))
    assert group.pupil_c.pk in visible


# --- the diary ----------------------------------------------------------------------------------------


def test_a_members_family_sees_the_group_lesson_and_mark_in_the_diary(client, cast, group, directories):
    f.MarkFactory(
        lesson=group.lesson, student=cast.pupil_a, value="4", score=4, work_type=directories["test"]
    )

    answer = login(client, cast, "parent_a").get(
        f"/api/v1/students/{cast.pupil_a.pk}/diary?from=2026-11-23&to=2026-11-28"
    )

    lessons = [lesson for day in answer.json()["days"] for lesson in day["lessons"]]
    group_lessons = [lesson for lesson in lessons if lesson["id"] == group.lesson.pk]
    assert len(group_lessons) == 1
    assert [m["value"] for m in group_lessons[0]["marks"]] == ["4"]


def test_a_pupil_outside_the_group_does_not_get_its_lessons(client, cast, group):
    answer = login(client, cast, "parent_b").get(
        f"/api/v1/students/{cast.pupil_b.pk}/diary?from=2026-11-23&to=2026-11-28"
    )
    ids = {lesson["id"] for day in answer.json()["days"] for lesson in day["lessons"]}
    assert group.lesson.pk not in ids


def test_a_lesson_after_the_member_left_is_not_in_their_diary(client, cast, group):
    membership = group.group.memberships.get(student=cast.pupil_a)
    membership.end = D(2026, 11, 24)
    membership.save()

    answer = login(client, cast, "parent_a").get(
        f"/api/v1/students/{cast.pupil_a.pk}/diary?from=2026-11-23&to=2026-11-28"
    )
    ids = {lesson["id"] for day in answer.json()["days"] for lesson in day["lessons"]}
    assert group.lesson.pk not in ids


@pytest.mark.parametrize("url", ["/diary/{id}/", "/api/v1/students/{id}/diary", "/diary/{id}/marks/"])
def test_the_diary_etag_changes_with_a_group_mark_and_a_membership(client, cast, group, directories, url):
    login(client, cast, "parent_a")
    path = url.format(id=cast.pupil_a.pk)
    first = client.get(path)["ETag"]
    f.MarkFactory(
        lesson=group.lesson, student=cast.pupil_a, value="3", score=3, work_type=directories["test"]
    )
    second = client.get(path)["ETag"]
    f.StudyGroupMembershipFactory(group=f.StudyGroupFactory(year=group.group.year), student=cast.pupil_a)
    third = client.get(path)["ETag"]
    assert len({first, second, third}) == 3
