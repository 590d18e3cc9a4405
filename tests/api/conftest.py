import pytest

from zhurnal.accounts.tokens import token_issue

API = "/api/v1"


@pytest.fixture
def call(client):
    """Call the API as a user (by a fresh bearer token), or anonymously with `user=None`."""

    def _call(
        path: str,
        user=None,
        *,
        method: str = "get",
        body: dict | None = None,
        token: str | None = None,
        headers: dict | None = None,
    ):
        headers = dict(headers or {})
        if user is not None:
            token = token_issue(user=user)
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        kwargs = {"headers": headers}
        if body is not None:
            kwargs.update(data=body, content_type="application/json")
        return getattr(client, method)(f"{API}{path}", **kwargs)

    return _call


@pytest.fixture
def call_as(cast, call):
    """Call the API as a member of the cast, by name."""

    def _call_as(name: str, path: str, **kwargs):
        return call(path, cast.user(name), **kwargs)

    return _call_as


@pytest.fixture
def bearer(cast):
    """Authorization headers for a member of the cast, to add other headers beside."""

    def _bearer(name: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token_issue(user=cast.user(name))}"}

    return _bearer
