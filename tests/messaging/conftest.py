import pytest


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Files written by these tests go to a temporary folder, not the project's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def call_as(cast, client):
    """Call the API as a member of the cast, by a fresh bearer token."""
    from zhurnal.accounts.tokens import token_issue

    def _call(name: str, path: str, *, method: str = "get", body: dict | None = None):
        kwargs = {"headers": {"Authorization": f"Bearer {token_issue(user=cast.user(name))}"}}
        if body is not None:
            kwargs.update(data=body, content_type="application/json")
        return getattr(client, method)(f"/api/v1{path}", **kwargs)

    return _call
