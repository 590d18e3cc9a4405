"""The permission matrix: every route × every member of the cast (STYLE.md 10).

Rows come from tests/<area>/matrix_rows.py. A route in the URL configuration without a row
fails `test_every_route_has_a_row`, so a new route cannot land unchecked.
"""

import importlib
import json
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

import tests
from tests.matrix import MEMBERS, Row
from zhurnal.core.models import AuditEvent

# Routes the matrix does not drive, each with the reason and the test that covers it.
NOT_IN_MATRIX = {
    # The Django admin (system administrator's directories): tests/ops/test_admin.py.
    "admin",
    # Static and media files carry no data of anyone's.
    "static",
}


def _load_rows() -> list[Row]:
    rows: list[Row] = []
    for module in pkgutil.walk_packages(tests.__path__, prefix="tests."):
        if module.name.endswith(".matrix_rows"):
            rows.extend(importlib.import_module(module.name).ROWS)
    return rows


ROWS = _load_rows()


def _route_names(patterns, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or namespace
            full = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else ns
            if (pattern.namespace or "") in NOT_IN_MATRIX:
                continue
            names |= _route_names(pattern.url_patterns, full or "")
        elif isinstance(pattern, URLPattern):
            if pattern.name is None:
                names.add(f"{namespace}:<unnamed {pattern.pattern}>")
            else:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def test_every_route_has_a_row():
    routes = _route_names(get_resolver().url_patterns)
    covered = {row.route for row in ROWS}
    missing = sorted(routes - covered)
    assert not missing, f"routes without a row in the permission matrix: {missing}"
    stale = sorted(covered - routes)
    assert not stale, f"matrix rows for routes that do not exist: {stale}"


def _client_for(member: str, row: Row, cast, client):
    headers = dict(row.extra_headers)
    if member == "anonymous":
        return client, headers
    user = cast.user(member)
    if row.route.startswith("api:"):
        from zhurnal.accounts.tokens import token_issue

        headers["Authorization"] = f"Bearer {token_issue(user=user)}"
    else:
        client.force_login(user, backend="zhurnal.accounts.backends.UserBackend")
    return client, headers


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"{row.method} {row.route}")
@pytest.mark.parametrize("member", MEMBERS)
def test_matrix(row: Row, member: str, cast, client):
    client, headers = _client_for(member, row, cast, client)
    url = row.url(cast)
    audit_before = AuditEvent.objects.count()
    kwargs = {"headers": headers}
    if row.body is not None:
        body = row.body(cast)
        if row.route.startswith("api:"):
            kwargs.update(data=json.dumps(body), content_type="application/json")
        else:
            kwargs.update(data=body)
    response = (
        client.generic(row.method, url, **kwargs)
        if row.method not in ("GET", "POST")
        else (client.get(url, **kwargs) if row.method == "GET" else client.post(url, **kwargs))
    )
    expected = row.expect[member]
    assert response.status_code == expected, (
        f"{member} {row.method} {url}: {response.status_code}, expected {expected}"
        f"\n{response.content[:500]!r}"
    )
    if expected == 302 and member == "anonymous" and not row.route.startswith("api:"):
        assert "/accounts/login/" in response["Location"]
    if row.audited and 200 <= expected < 400 and member != "anonymous":
        assert AuditEvent.objects.count() > audit_before, f"{member} {row.route}: no audit row written"
