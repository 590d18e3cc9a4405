"""The class list, the class page, the teacher's assignments and the school overview."""

import datetime as dt

import pytest

from tests import factories as f
from zhurnal.people.models import Guardian

pytestmark = pytest.mark.django_db


def test_the_class_list_names_the_class_teacher_and_counts_pupils_enrolled_today(cast, page_as):
    f.EnrollmentFactory(class_group=cast.class_a)
    f.EnrollmentFactory(class_group=cast.class_a, start=dt.date(2026, 9, 1), end=dt.date(2026, 10, 31))
    classes = page_as("director", "/classes/").context["classes"]
    by_name = {str(c): c for c in classes}
    assert set(by_name) == {"2А", "3Б"}
    assert by_name["2А"].student_count == 2
    assert by_name["2А"].class_teacher.user == cast.user("classteacher")
    assert by_name["3Б"].class_teacher is None


def test_a_teacher_lists_only_the_classes_they_teach(cast, page_as):
    classes = page_as("teacher", "/classes/").context["classes"]
    assert {c.pk for c in classes} == {cast.class_a.pk, cast.class_b.pk}
    assert [c.pk for c in page_as("outsider", "/classes/").context["classes"]] == [cast.class_other.pk]


def test_the_class_page_lists_the_pupils_enrolled_today_with_subjects_and_teachers(cast, page_as):
    left = f.EnrollmentFactory(class_group=cast.class_a, start=dt.date(2026, 9, 1), end=dt.date(2026, 10, 31))
    response = page_as("classteacher", f"/classes/{cast.class_a.pk}/")
    page = response.context["page"]
    assert page.students == [cast.pupil_a]
    assert {a.pk for a in page.assignments} == {cast.math_a.pk, cast.english_a.pk}
    assert left.student.full_name not in response.content.decode()
    assert "Иностранный язык (английский)" in response.content.decode()


def test_the_class_teacher_sees_the_parents_contacts(cast, page_as):
    Guardian.objects.filter(user=cast.user("parent_a")).update(phone="+7 900 111-22-33")
    response = page_as("classteacher", f"/classes/{cast.class_a.pk}/")
    assert "+7 900 111-22-33" in response.content.decode()


def test_a_parent_sees_their_childs_class_but_no_contacts_and_no_other_pupils(cast, page_as):
    Guardian.objects.filter(user=cast.user("parent_a")).update(phone="+7 900 111-22-33")
    classmate = f.EnrollmentFactory(class_group=cast.class_a).student
    response = page_as("parent_a", f"/classes/{cast.class_a.pk}/")
    assert response.status_code == 200
    assert response.context["page"].students == [cast.pupil_a]
    assert classmate.full_name not in response.content.decode()
    assert "+7 900 111-22-33" not in response.content.decode()


def test_a_parent_asking_for_another_class_gets_404(cast, page_as):
    assert page_as("parent_a", f"/classes/{cast.class_b.pk}/").status_code == 404
    assert page_as("parent_b", f"/classes/{cast.class_a.pk}/").status_code == 404


def test_an_outsider_asking_for_a_class_of_another_school_gets_404(cast, page_as):
    assert page_as("outsider", f"/classes/{cast.class_a.pk}/").status_code == 404
    assert page_as("authority", f"/classes/{cast.class_a.pk}/").status_code == 404


def test_a_missing_class_looks_like_a_forbidden_one(cast, page_as):
    assert page_as("director", "/classes/999999/").status_code == 404


def test_the_school_overview_is_for_the_administration_only(cast, page_as):
    for name in ("director", "deputy", "sysadmin", "secretary"):
        assert page_as(name, "/school/").status_code == 200
    for name in ("classteacher", "teacher", "parent_a", "pupil_a", "outsider", "authority"):
        assert page_as(name, "/school/").status_code == 403


def test_the_director_sees_who_left_lessons_without_a_topic(cast, page_as):
    f.LessonFactory(assignment=cast.math_b, date=dt.date(2026, 11, 23), topic="")
    f.LessonFactory(assignment=cast.math_b, date=dt.date(2026, 11, 24), topic="")
    response = page_as("director", "/school/")
    (row,) = response.context["topicless"]
    assert row["teacher_id"] == cast.math_b.teacher_id
    assert row["count"] == 2


def test_the_secretary_does_not_read_journals_on_the_overview(cast, page_as):
    response = page_as("secretary", "/school/")
    assert response.context["reads_journals"] is False
    assert "topicless" not in response.context


def test_my_journals_lists_the_teachers_own_assignments(cast, page_as):
    response = page_as("teacher", "/assignments/")
    assert {a.pk for a in response.context["assignments"]} == {cast.english_a.pk, cast.math_b.pk}
    assert {a.weekly for a in response.context["assignments"]} == {1}


def test_my_journals_is_for_teachers_only(cast, page_as):
    assert page_as("director", "/assignments/").status_code == 403
    assert page_as("parent_a", "/assignments/").status_code == 403


def test_my_journals_lead_to_each_assignments_journal_and_class(cast, page_as):
    html = page_as("teacher", "/assignments/").content.decode()
    assert f'href="/journal/{cast.math_b.pk}/"' in html
    assert f'href="/classes/{cast.class_b.pk}/"' in html
