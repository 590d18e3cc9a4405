import pytest

from tests.cast import build_cast
from zhurnal.policy.actor import actor_for


@pytest.fixture
def cast(db):
    return build_cast()


@pytest.fixture
def actor_of(cast):
    def _actor(name: str):
        return actor_for(cast.user(name))

    return _actor


@pytest.fixture
def login(client):
    """Sign the test client in as a user, bypassing the login form (and its lockout)."""

    def _login(user):
        client.force_login(user, backend="zhurnal.accounts.backends.UserBackend")
        return client

    return _login
