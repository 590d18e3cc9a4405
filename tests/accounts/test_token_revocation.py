"""A password change ends every API token of the user: a leaked key dies with the old password."""

import pytest

from tests.api.conftest import API
from zhurnal.accounts.models import ApiToken
from zhurnal.accounts.passwords import password_change
from zhurnal.accounts.tokens import revoke_all, token_issue
from zhurnal.core.models import AuditEvent
from zhurnal.policy.sessions import bearer_user

pytestmark = pytest.mark.django_db

OLD = "secret-pass-123"  # tests/factories.py UserFactory
NEW = "Новый-пароль-2026"


def me(client, key: str):
    return client.get(f"{API}/me", headers={"Authorization": f"Bearer {key}"})


def change_on_the_site(client):
    data = {"old_password": OLD, "new_password1": NEW, "new_password2": NEW}
    return client.post("/accounts/password/", data)


def test_after_a_password_change_on_the_site_the_old_bearer_token_gets_401(cast, client, login):
    user = cast.user("teacher")
    key = token_issue(user=user)
    assert me(client, key).status_code == 200

    login(user)
    assert change_on_the_site(client).status_code == 302
    client.logout()

    assert me(client, key).status_code == 401
    assert not ApiToken.objects.filter(user=user).exists()


def test_the_forced_first_login_change_also_ends_the_tokens(cast, client, login):
    user = cast.user("pupil_a")
    key = token_issue(user=user)
    user.must_change_password = True
    user.save(update_fields=["must_change_password"])

    login(user)
    assert change_on_the_site(client).status_code == 302
    client.logout()

    assert me(client, key).status_code == 401


def test_a_token_obtained_after_the_change_works(cast, client, login):
    user = cast.user("teacher")
    login(user)
    change_on_the_site(client)
    client.logout()
    response = client.post(
        f"{API}/auth/token", {"username": "teacher", "password": NEW}, content_type="application/json"
    )
    assert me(client, response.json()["token"]).status_code == 200


def test_a_failed_change_keeps_the_tokens(cast, client, login):
    user = cast.user("teacher")
    key = token_issue(user=user)
    login(user)
    response = client.post(
        "/accounts/password/", {"old_password": "wrong", "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 200
    assert bearer_user(key) == user


def test_the_password_service_revokes_only_that_users_tokens_and_audits_how_many(cast):
    teacher, director = cast.user("teacher"), cast.user("director")
    mine = [token_issue(user=teacher), token_issue(user=teacher)]
    theirs = token_issue(user=director)

    password_change(user=teacher, new_password=NEW)

    assert [bearer_user(k) for k in mine] == [None, None]
    assert bearer_user(theirs) == director
    assert AuditEvent.objects.get(action="password.change").after["api_tokens_revoked"] == 2


def test_revoke_all_returns_the_number_of_keys_ended(cast):
    user = cast.user("teacher")
    token_issue(user=user)
    assert revoke_all(user) == 1
    assert revoke_all(user) == 0
