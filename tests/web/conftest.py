import pytest


@pytest.fixture
def page_as(cast, client):
    """GET a page signed in as a cast member; returns the response."""

    def _get(name: str, url: str, **kwargs):
        client.force_login(cast.user(name), backend="zhurnal.accounts.backends.UserBackend")
        return client.get(url, **kwargs)

    return _get
