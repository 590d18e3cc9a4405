"""The API's matrix rows hold, run the way the shared runner runs them (tests/matrix.py):
each member against a fresh cast, so that one member's successful write (a deleted mark)
does not change what the next one gets."""

import json

import pytest
from django.urls import get_resolver

from tests.api.matrix_rows import ROWS
from tests.matrix import MEMBERS
from zhurnal.accounts.tokens import token_issue
from zhurnal.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def api_route_names() -> set[str]:
    resolver = get_resolver()
    return {f"api:{name}" for name in resolver.namespace_dict["api"][1].reverse_dict if isinstance(name, str)}


def test_every_api_route_has_exactly_one_row():
    routes = [row.route for row in ROWS]
    assert len(routes) == len(set(routes))
    # Routes of other areas have their rows in tests/<area>/matrix_rows.py.
    from tests.test_permission_matrix import ROWS as ALL_ROWS

    assert {row.route for row in ALL_ROWS if row.route.startswith("api:")} == api_route_names()


@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"{row.method} {row.route}")
@pytest.mark.parametrize("member", MEMBERS)
def test_row(client, cast, row, member):
    headers = dict(row.extra_headers)
    if member != "anonymous":
        headers["Authorization"] = f"Bearer {token_issue(user=cast.user(member))}"
    url = row.url(cast)
    kwargs = {"headers": headers}
    if row.body is not None:
        kwargs.update(data=json.dumps(row.body(cast)), content_type="application/json")
    audit_before = AuditEvent.objects.count()

    response = client.generic(row.method, url, **kwargs)

    expected = row.expect[member]
    assert response.status_code == expected, f"{member}: {response.status_code} {response.content[:300]!r}"
    if row.audited and 200 <= expected < 300:
        assert AuditEvent.objects.count() > audit_before, f"{member}: no audit row written"
