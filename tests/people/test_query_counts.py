"""People pages run a fixed number of queries, however many pupils, parents and issues."""

import pytest

from tests import factories as f
from tests.querycount import count_queries
from zhurnal.people.services.credentials import credentials_issue_class
from zhurnal.policy.actor import actor_for

pytestmark = pytest.mark.django_db


def grow(cast, n: int = 6) -> None:
    """n more pupils of 2А with a parent each, all with logins and issued passwords, and staff."""
    for _ in range(n):
        pupil = f.EnrollmentFactory(class_group=cast.class_a).student
        f.StudentGuardianFactory(student=pupil, guardian__user=None)
        f.StaffFactory(school=cast.school_a)
    credentials_issue_class(actor=actor_for(cast.user("sysadmin")), class_group=cast.class_a)


def measure(client, cast, name, url, method="get", data=None):
    client.force_login(cast.user(name), backend="zhurnal.accounts.backends.UserBackend")
    call = client.post if method == "post" else client.get
    count, response = count_queries(call, url, data or {})
    assert response.status_code in (200, 302), (url, response.status_code)
    return count


PAGES = [
    ("sysadmin", lambda cast: "/people/staff/new/"),
    ("secretary", lambda cast: f"/people/staff/{cast.math_b.teacher_id}/"),
    ("classteacher", lambda cast: f"/people/classes/{cast.class_a.pk}/credentials/"),
    ("sysadmin", lambda cast: f"/people/classes/{cast.class_a.pk}/credentials/"),
    ("sysadmin", lambda cast: "/people/credentials/"),
    ("classteacher", lambda cast: "/people/credentials/"),
]


@pytest.mark.parametrize(("name", "url"), PAGES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(PAGES)])
def test_people_pages_do_not_grow_with_the_data(client, cast, name, url):
    credentials_issue_class(actor=actor_for(cast.user("sysadmin")), class_group=cast.class_a)
    small = measure(client, cast, name, url(cast))
    grow(cast)
    large = measure(client, cast, name, url(cast))

    assert large == small and small <= 20, (small, large)


def test_one_slip_and_a_block_do_not_grow_with_the_data(client, cast):
    pupil_slip = f"/people/students/{cast.pupil_a.pk}/credentials/"
    block = f"/people/accounts/{cast.user('teacher').pk}/block/"
    small_slip = measure(client, cast, "classteacher", pupil_slip, "post")
    grow(cast)
    large_slip = measure(client, cast, "classteacher", pupil_slip, "post")
    blocking = measure(client, cast, "sysadmin", block, "post", {"reason": "проверка"})

    assert large_slip == small_slip and small_slip <= 30 and blocking <= 30, (
        small_slip,
        large_slip,
        blocking,
    )


RECORD_PAGES = [
    ("teacher", lambda cast: "/people/?kind=students&q="),
    ("sysadmin", lambda cast: "/people/?kind=guardians&q="),
    ("sysadmin", lambda cast: "/people/?kind=staff&q="),
    ("classteacher", lambda cast: f"/people/students/{cast.pupil_a.pk}/"),
    ("sysadmin", lambda cast: f"/people/students/{cast.pupil_a.pk}/edit/"),
    ("sysadmin", lambda cast: f"/people/guardians/{cast.pupil_a.guardian_links.get().guardian_id}/"),
    ("secretary", lambda cast: f"/people/staff/{cast.math_b.teacher_id}/edit/"),
]


@pytest.mark.parametrize(
    ("name", "url"), RECORD_PAGES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(RECORD_PAGES)]
)
def test_record_pages_do_not_grow_with_the_data(client, cast, name, url):
    url = url(cast)
    small = measure(client, cast, name, url)
    grow(cast)
    for _ in range(5):  # more views of the record, more guardians of the pupil
        measure(client, cast, name, url)
        f.StudentGuardianFactory(student=cast.pupil_a)
    large = measure(client, cast, name, url)

    assert large == small and small <= 20, (small, large)
