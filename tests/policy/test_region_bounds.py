"""The users an administrator sees are read through their school's grants, not by testing every
user of the region (issue 13 item 6, docs/performance/region-50.md)."""

import pytest
from django.db import connection

from tests.plans import whole_reads
from zhurnal.accounts.models import User
from zhurnal.policy.actor import actor_for

pytestmark = pytest.mark.django_db

# On a test database's few rows PostgreSQL may drive these joins from either side, even with
# sequential scans and hash joins off; the region's plans are in docs/performance/region-50.md.
ON_SMALL_TABLES = pytest.mark.skipif(
    connection.vendor == "postgresql", reason="the planner's side of a join on empty tables is arbitrary"
)


@ON_SMALL_TABLES
@pytest.mark.parametrize("name", ["director", "sysadmin", "teacher"])
def test_the_users_an_actor_sees_are_read_by_id(cast, name):
    users = User.objects.visible_to(actor_for(cast.user(name)))

    assert whole_reads(users, "accounts_user", ("id",)) == []


def test_the_director_sees_the_users_of_their_school_and_themself_only(cast):
    seen = set(User.objects.visible_to(actor_for(cast.user("director"))).values_list("username", flat=True))

    assert "director" in seen and "teacher" in seen and "outsider" not in seen


def test_a_teacher_sees_only_themself(cast):
    seen = set(User.objects.visible_to(actor_for(cast.user("teacher"))).values_list("username", flat=True))

    assert seen == {"teacher"}
