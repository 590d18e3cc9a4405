"""The people API runs a fixed number of queries, however many people a page or a record holds."""

import pytest

from tests import factories as f
from tests.api.test_query_counts import assert_constant, more_pupils
from zhurnal.people.services.credentials import credentials_issue
from zhurnal.policy.actor import actor_for

pytestmark = pytest.mark.django_db

# Auth (token, grants), the actor's extra reads, the page or record, the activity-log insert;
# a record adds its links, the fields' rule and the security-log row.
BUDGET = {
    "students": 5,
    "staff_list": 5,
    "guardians": 6,
    "staff": 7,
    "guardian": 8,
    "credential_issues": 5,
}


def more_staff(cast, count: int = 20) -> None:
    subject = cast.math_a.subject
    for _ in range(count):
        f.StaffFactory(school=cast.school_a).subjects.add(subject)
    cast.math_b.teacher.subjects.add(subject)


@pytest.mark.parametrize("name", ["director", "classteacher", "teacher"])
def test_students(client, cast, name):
    assert_constant(
        client, cast.user(name), "/students?limit=200", BUDGET["students"], lambda: more_pupils(cast)
    )


@pytest.mark.parametrize("name", ["secretary", "teacher"])
def test_staff_list(client, cast, name):
    assert_constant(
        client, cast.user(name), "/staff?limit=200", BUDGET["staff_list"], lambda: more_staff(cast)
    )


@pytest.mark.parametrize("name", ["director", "classteacher"])
def test_guardians(client, cast, name):
    def grow():
        for _ in range(20):
            f.StudentGuardianFactory(student=f.EnrollmentFactory(class_group=cast.class_a).student)

    path = f"/guardians?limit=200&class_id={cast.class_a.pk}"
    assert_constant(client, cast.user(name), path, BUDGET["guardians"], grow)


@pytest.mark.parametrize("name", ["secretary", "teacher", "parent_a"])
def test_staff_record(client, cast, name):
    path = f"/staff/{cast.math_b.teacher_id}"
    assert_constant(client, cast.user(name), path, BUDGET["staff"], lambda: more_staff(cast))


@pytest.mark.parametrize("name", ["director", "classteacher", "parent_a"])
def test_guardian_record(client, cast, name):
    guardian = cast.pupil_a.guardian_links.get().guardian
    path = f"/guardians/{guardian.pk}"
    assert_constant(client, cast.user(name), path, BUDGET["guardian"], lambda: more_pupils(cast))


@pytest.mark.parametrize("name", ["sysadmin", "classteacher"])
def test_credential_issues(client, cast, name):
    def grow():
        for who in ("sysadmin", "classteacher"):
            for _ in range(5):
                credentials_issue(actor=actor_for(cast.user(who)), user=cast.user("parent_a"))

    credentials_issue(actor=actor_for(cast.user(name)), user=cast.user("parent_a"))
    assert_constant(client, cast.user(name), "/credential-issues", BUDGET["credential_issues"], grow)
