"""The API's matrix rows hold, run the way the shared runner runs them (tests/matrix.py)."""

import pytest
from django.urls import get_resolver

from tests.api.matrix_rows import ROWS
from tests.matrix import MEMBERS
from zhurnal.accounts.tokens import token_issue

pytestmark = pytest.mark.django_db


def api_route_names() -> set[str]:
    resolver = get_resolver()
    return {f"api:{name}" for name in resolver.namespace_dict["api"][1].reverse_dict if isinstance(name, str)}


def test_every_api_route_has_exactly_one_row():
    routes = [row.route for row in ROWS]
    assert len(routes) == len(set(routes))
    assert set(routes) == api_route_names()


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.route)
def test_row(client, cast, row):
    got = {}
    for member in MEMBERS:
        headers = dict(row.extra_headers)
        if member != "anonymous":
            headers["Authorization"] = f"Bearer {token_issue(user=cast.user(member))}"
        kwargs = {"headers": headers}
        if row.body is not None:
            kwargs.update(data=row.body(cast), content_type="application/json")
        response = getattr(client, row.method.lower())(row.url(cast), **kwargs)
        got[member] = response.status_code
    assert got == row.expect
