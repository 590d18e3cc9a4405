"""Whom one may write to is read through the groups' own indexes, not by testing every user,
pupil and parent of the region against them (issue 13 item 6, docs/performance/region-50.md)."""

import pytest
from django.db import connection
from django.db.models import Q

from tests.plans import whole_reads
from zhurnal.accounts.models import User
from zhurnal.policy.actor import actor_for
from zhurnal.policy.messaging import allowed_recipients, recipient_groups

pytestmark = pytest.mark.django_db

# On a test database's few rows PostgreSQL may drive these joins from either side, even with
# sequential scans and hash joins off; the region's plans are in docs/performance/region-50.md.
ON_SMALL_TABLES = pytest.mark.skipif(
    connection.vendor == "postgresql", reason="the planner's side of a join on empty tables is arbitrary"
)


@ON_SMALL_TABLES
@pytest.mark.parametrize("name", ["teacher", "classteacher", "director", "parent_a"])
def test_the_allowed_recipients_are_read_by_their_ids_not_by_scanning_every_user(cast, name):
    recipients = allowed_recipients(actor_for(cast.user(name)))

    assert whole_reads(recipients, "accounts_user", ("id",)) == []
    assert whole_reads(recipients, "people_student", ("id", "school_id", "class_group_id")) == []


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite searches an OR of IN-subqueries by primary key per branch"
)
def test_the_groups_joined_by_or_read_every_user_which_is_what_the_union_avoids(cast):
    """The check itself: on PostgreSQL the condition allowed_recipients used to have is caught."""
    condition = Q(pk__in=[])
    for _code, q in recipient_groups(actor_for(cast.user("teacher"))):
        condition |= q

    assert whole_reads(User.objects.filter(condition), "accounts_user", ("id",)) != []
