import pytest

from tests.reports.data import build_school
from zhurnal.policy.actor import actor_for


@pytest.fixture
def hand(db):
    return build_school()


@pytest.fixture
def actor(hand):
    def _actor(name):
        return actor_for(hand.users[name])

    return _actor
