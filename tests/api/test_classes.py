"""GET /api/v1/classes and GET /api/v1/classes/{id}/students."""

import datetime as dt

import pytest

from tests import factories as f
from zhurnal.schools.models import ClassGroup

pytestmark = pytest.mark.django_db


def class_ids(response):
    assert response.status_code == 200
    return {c["id"] for c in response.json()}


def test_each_member_gets_the_classes_they_may_see(call_as, cast):
    expected = {
        "director": {cast.class_a.pk, cast.class_b.pk},
        "sysadmin": {cast.class_a.pk, cast.class_b.pk},
        "classteacher": {cast.class_a.pk},
        "teacher": {cast.class_a.pk, cast.class_b.pk},
        "parent_a": {cast.class_a.pk},
        "parent_b": {cast.class_b.pk},
        "pupil_a": {cast.class_a.pk},
        "outsider": {cast.class_other.pk},
        "authority": set(),
    }
    for name, ids in expected.items():
        assert class_ids(call_as(name, "/classes")) == ids, name


def test_a_class_names_its_year_school_and_class_teacher(call_as, cast):
    staff = cast.math_a.teacher
    classes = {c["id"]: c for c in call_as("director", "/classes").json()}

    assert classes[cast.class_a.pk] == {
        "id": cast.class_a.pk,
        "name": "2А",
        "grade": 2,
        "letter": "А",
        "year": "2026/2027",
        "year_id": cast.class_a.year_id,
        "school_id": cast.school_a.pk,
        "class_teacher": {"id": staff.pk, "full_name": staff.full_name},
    }
    assert classes[cast.class_b.pk]["class_teacher"] is None


def test_only_the_current_year_unless_another_is_asked_for(call_as, cast):
    last_year = f.AcademicYearFactory(
        school=cast.school_a, name="2025/2026", start=dt.date(2025, 9, 1), end=dt.date(2026, 5, 31)
    )
    old = f.ClassGroupFactory(year=last_year, grade=1, letter="А")

    assert old.pk not in class_ids(call_as("director", "/classes"))
    assert class_ids(call_as("director", "/classes?year=2025/2026")) == {old.pk}


def test_a_malformed_year_gets_400(call_as, cast):
    response = call_as("director", "/classes?year=last")

    assert response.status_code == 400
    assert "year" in response.json()["detail"]


def roster_ids(response):
    assert response.status_code == 200, response.content
    return {s["id"] for s in response.json()}


def test_a_parent_gets_404_for_every_class_but_their_childs(call_as, cast):
    for name, own in (("parent_a", cast.class_a), ("parent_b", cast.class_b), ("pupil_a", cast.class_a)):
        for class_group in ClassGroup.objects.all():
            response = call_as(name, f"/classes/{class_group.pk}/students")
            if class_group == own:
                assert response.status_code == 200, (name, class_group)
            else:
                assert response.status_code == 404, (name, class_group)
                assert response.json()["code"] == "not_found"


def test_in_their_childs_class_a_parent_sees_only_their_child(call_as, cast):
    f.EnrollmentFactory(class_group=cast.class_a)

    assert roster_ids(call_as("parent_a", f"/classes/{cast.class_a.pk}/students")) == {cast.pupil_a.pk}
    assert roster_ids(call_as("pupil_a", f"/classes/{cast.class_a.pk}/students")) == {cast.pupil_a.pk}


def test_staff_see_the_pupils_of_the_class_they_may_see(call_as, cast):
    classmate = f.EnrollmentFactory(class_group=cast.class_a).student
    url = f"/classes/{cast.class_a.pk}/students"

    assert roster_ids(call_as("director", url)) == {cast.pupil_a.pk, classmate.pk}
    assert roster_ids(call_as("classteacher", url)) == {cast.pupil_a.pk, classmate.pk}
    # The English teacher teaches only pupil A's subgroup of 2А.
    assert roster_ids(call_as("teacher", url)) == {cast.pupil_a.pk}
    assert call_as("outsider", url).status_code == 404
    assert call_as("authority", url).status_code == 404


def test_the_roster_has_names_and_enrolment_dates_but_no_personal_data(call_as, cast):
    entry = call_as("director", f"/classes/{cast.class_a.pk}/students").json()[0]

    pupil = cast.pupil_a
    assert entry == {
        "id": pupil.pk,
        "full_name": pupil.full_name,
        "last_name": pupil.last_name,
        "first_name": pupil.first_name,
        "middle_name": pupil.middle_name,
        "enrolled_from": "2026-09-01",
        "enrolled_to": None,
    }


def test_the_roster_is_the_class_today_unless_the_whole_year_is_asked_for(call_as, cast):
    left = f.EnrollmentFactory(class_group=cast.class_a, end=dt.date(2026, 10, 30)).student
    coming = f.EnrollmentFactory(class_group=cast.class_a, start=dt.date(2026, 12, 1)).student
    url = f"/classes/{cast.class_a.pk}/students"

    assert roster_ids(call_as("director", url)) == {cast.pupil_a.pk}
    assert roster_ids(call_as("director", f"{url}?whole_year=true")) == {cast.pupil_a.pk, left.pk, coming.pk}


def test_a_missing_class_gets_404(call_as, cast):
    assert call_as("director", "/classes/999999/students").status_code == 404
