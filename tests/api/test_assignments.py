"""GET /api/v1/assignments: staff only."""

import pytest

from tests.matrix import FAMILY_A

pytestmark = pytest.mark.django_db


def assignment_ids(response):
    assert response.status_code == 200, response.content
    return {a["id"] for a in response.json()}


def test_a_subject_teacher_gets_their_own_assignments(call_as, cast):
    assert assignment_ids(call_as("teacher", "/assignments")) == {cast.english_a.pk, cast.math_b.pk}
    assert assignment_ids(call_as("outsider", "/assignments")) == {cast.math_other.pk}


def test_a_class_teacher_also_gets_those_of_their_class(call_as, cast):
    assert assignment_ids(call_as("classteacher", "/assignments")) == {cast.math_a.pk, cast.english_a.pk}


@pytest.mark.parametrize("name", ["director", "deputy", "sysadmin", "secretary"])
def test_the_administration_gets_every_assignment_of_its_school(call_as, cast, name):
    expected = {cast.math_a.pk, cast.english_a.pk, cast.math_b.pk}
    assert assignment_ids(call_as(name, "/assignments")) == expected


@pytest.mark.parametrize("name", [*FAMILY_A, "authority"])
def test_families_and_the_authority_get_403(call_as, cast, name):
    response = call_as(name, "/assignments")

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_an_assignment_names_subject_class_subgroup_teacher_and_grade(call_as, cast):
    rows = {a["id"]: a for a in call_as("teacher", "/assignments").json()}

    english = cast.english_a
    assert rows[english.pk] == {
        "id": english.pk,
        "subject": {"id": english.subject_id, "name": "Иностранный язык (английский)"},
        "class_id": cast.class_a.pk,
        "subgroup_id": english.subgroup_id,
        "study_group_id": None,
        "teacher_id": english.teacher_id,
        "grade": 2,
    }


def test_a_study_groups_journal_names_the_group_and_no_class(call_as, cast):
    from tests.people.groups_setup import build_group

    built = build_group(cast)
    rows = {a["id"]: a for a in call_as("teacher", "/assignments").json()}
    assert (rows[built.journal.pk]["class_id"], rows[built.journal.pk]["study_group_id"]) == (
        None,
        built.group.pk,
    )
    assert rows[built.journal.pk]["grade"] == 2


def test_another_year_is_asked_for_by_name(call_as, cast):
    assert call_as("teacher", "/assignments?year=2025/2026").json() == []
