"""Our own pages' permission rows, run here too so that a wrong row fails beside its pages."""

import pytest

from tests.accounts.matrix_rows import ROWS as ACCOUNT_ROWS
from tests.matrix import MEMBERS
from tests.web.matrix_rows import ROWS as WEB_ROWS
from zhurnal.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("row", WEB_ROWS + ACCOUNT_ROWS, ids=lambda row: row.route)
def test_every_member_gets_the_expected_status(cast, client, row):
    for member in MEMBERS:
        client.logout()
        if member != "anonymous":
            client.force_login(cast.user(member), backend="zhurnal.accounts.backends.UserBackend")
        audit_rows = AuditEvent.objects.count()
        url = row.url(cast)
        if row.method == "POST":
            response = client.post(url, row.body(cast) if row.body else {})
        else:
            response = client.get(url)
        assert response.status_code == row.expect[member], (row.route, member)
        if row.audited and member != "anonymous":
            assert AuditEvent.objects.count() == audit_rows + 1, (row.route, member)


def test_every_route_of_ours_has_a_row():
    from django.urls import get_resolver

    names = {f"{ns}:{name}" for ns in ("web", "accounts") for name in _names(get_resolver(), ns)}
    assert names == {row.route for row in WEB_ROWS + ACCOUNT_ROWS}


def _names(resolver, namespace: str) -> set[str]:
    _prefix, sub = resolver.namespace_dict[namespace]
    return {name for name in sub.reverse_dict if isinstance(name, str)}
