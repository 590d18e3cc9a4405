"""Role logic lives in policy: one predicate for who keeps periods, the substitutes' list there too."""

import pytest

from zhurnal.journal import access
from zhurnal.notifications import kinds
from zhurnal.policy import rules
from zhurnal.policy.actor import actor_for

pytestmark = pytest.mark.django_db


def test_the_journal_uses_the_policy_predicate_and_the_old_twin_is_gone():
    assert access.may_keep_periods is rules.may_keep_periods
    assert not hasattr(rules, "may_manage_periods")
    assert not hasattr(kinds, "Channel")


def test_the_deputy_keeps_periods_of_their_school_only(cast):
    deputy = actor_for(cast.user("deputy"))

    assert rules.may_keep_periods(deputy) and rules.may_keep_periods(deputy, cast.school_a.pk)
    assert not rules.may_keep_periods(deputy, cast.school_b.pk)
    assert not rules.may_keep_periods(actor_for(cast.user("classteacher")))


def test_substitutes_are_the_schools_teachers(cast):
    names = set(rules.substitute_teachers(cast.school_a.pk).values_list("user__username", flat=True))

    assert "teacher" in names and "deputy" not in names
