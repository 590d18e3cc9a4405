"""GET /api/v1/me."""

import datetime as dt

import pytest

from tests import factories as f
from tests.matrix import SIGNED_IN

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", SIGNED_IN)
def test_every_member_of_the_cast_gets_their_own_card(call_as, cast, name):
    response = call_as(name, "/me")

    assert response.status_code == 200
    body = response.json()
    user = cast.user(name)
    assert (body["id"], body["username"], body["full_name"]) == (user.pk, name, user.full_name)


def test_roles_name_their_school_and_class(call_as, cast):
    roles = call_as("classteacher", "/me").json()["roles"]

    assert roles == [
        {"role": "teacher", "school_id": cast.school_a.pk, "class_id": None},
        {"role": "class_teacher", "school_id": cast.school_a.pk, "class_id": cast.class_a.pk},
    ]


def test_a_parent_sees_their_children_with_the_current_class(call_as, cast):
    body = call_as("parent_a", "/me").json()

    assert body["children"] == [
        {"id": cast.pupil_a.pk, "full_name": cast.pupil_a.full_name, "class_id": cast.class_a.pk}
    ]
    assert body["student"] is None


def test_a_childs_current_class_is_the_enrolment_covering_today(call_as, cast):
    # Pupil A left 2А yesterday for 3Б (the fixed today is 2026-11-25).
    cast.pupil_a.enrollments.update(end=dt.date(2026, 11, 24))
    f.EnrollmentFactory(student=cast.pupil_a, class_group=cast.class_b, start=dt.date(2026, 11, 25))

    children = call_as("parent_a", "/me").json()["children"]
    assert children[0]["class_id"] == cast.class_b.pk


def test_with_no_enrolment_covering_today_the_latest_class_counts(call_as, cast):
    cast.pupil_a.enrollments.update(end=dt.date(2026, 10, 1))

    children = call_as("parent_a", "/me").json()["children"]
    assert children[0]["class_id"] == cast.class_a.pk


def test_a_pupil_sees_their_own_record_and_no_children(call_as, cast):
    body = call_as("pupil_a", "/me").json()

    assert body["children"] == []
    assert body["student"] == {
        "id": cast.pupil_a.pk,
        "full_name": cast.pupil_a.full_name,
        "class_id": cast.class_a.pk,
    }


def test_staff_have_neither_children_nor_a_pupil_record(call_as, cast):
    body = call_as("director", "/me").json()

    assert (body["children"], body["student"]) == ([], None)


def test_anonymous_gets_401(call, cast):
    assert call("/me").status_code == 401
