"""GET /api/v1/students/{id}: one student, 404 for anyone who may not see them."""

import pytest

from zhurnal.people.models import Student

pytestmark = pytest.mark.django_db


def visible_ids(call_as, name):
    ids = set()
    for student in Student.objects.all():
        response = call_as(name, f"/students/{student.pk}")
        assert response.status_code in (200, 404), (name, student.pk, response.status_code)
        if response.status_code == 200:
            ids.add(student.pk)
        else:
            assert response.json() == {"detail": "Не найдено.", "code": "not_found"}
    return ids


def test_a_parent_gets_their_child_and_404_for_every_other_student(call_as, cast):
    assert visible_ids(call_as, "parent_a") == {cast.pupil_a.pk}
    assert visible_ids(call_as, "parent_b") == {cast.pupil_b.pk}


def test_a_pupil_gets_only_themself(call_as, cast):
    assert visible_ids(call_as, "pupil_a") == {cast.pupil_a.pk}


def test_staff_get_the_pupils_they_may_see(call_as, cast):
    assert visible_ids(call_as, "director") == {cast.pupil_a.pk, cast.pupil_b.pk}
    assert visible_ids(call_as, "classteacher") == {cast.pupil_a.pk}
    assert visible_ids(call_as, "teacher") == {cast.pupil_a.pk, cast.pupil_b.pk}
    assert visible_ids(call_as, "outsider") == {cast.pupil_other.pk}
    assert visible_ids(call_as, "authority") == set()


def test_the_answer_names_the_student_and_their_class(call_as, cast):
    body = call_as("parent_a", f"/students/{cast.pupil_a.pk}").json()

    assert body["id"] == cast.pupil_a.pk
    assert body["full_name"] == cast.pupil_a.full_name
    assert body["class_id"] == cast.class_a.pk


def test_a_missing_student_gets_the_same_404(call_as, cast):
    response = call_as("director", "/students/999999")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_malformed_id_gets_400_naming_the_field(call_as, cast):
    for bad in ("abc", "0", "99999999999999999999999"):
        response = call_as("director", f"/students/{bad}")
        assert response.status_code == 400, bad
        assert response.json()["code"] == "invalid"
        assert "student_id" in response.json()["detail"]
