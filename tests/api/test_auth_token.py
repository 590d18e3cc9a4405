"""POST /api/v1/auth/token, bearer and session authentication, and the token service."""

import datetime as dt

import pytest
from django.test import override_settings

from tests import factories as f
from tests.api.conftest import API
from tests.querycount import count_queries
from zhurnal.accounts.models import ActivityEvent, ApiToken
from zhurnal.accounts.tokens import token_issue
from zhurnal.policy.sessions import bearer_user

pytestmark = pytest.mark.django_db
PASSWORD = "secret-pass-123"  # tests/factories.py UserFactory


def obtain(client, username: str, password: str):
    return client.post(
        f"{API}/auth/token", {"username": username, "password": password}, content_type="application/json"
    )


def test_a_user_with_the_right_password_gets_a_token_that_opens_the_api(client, cast):
    response = obtain(client, "director", PASSWORD)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "expires_at"}
    me = client.get(f"{API}/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200
    assert me.json()["username"] == "director"


def test_the_token_expires_after_the_configured_hours(client, cast):
    with override_settings(API_TOKEN_TTL_HOURS=3):
        before = dt.datetime.now(dt.UTC)
        body = obtain(client, "director", PASSWORD).json()
    expires = dt.datetime.fromisoformat(body["expires_at"].replace("Z", "+00:00"))
    assert (
        dt.timedelta(hours=3) - dt.timedelta(minutes=1) < expires - before <= dt.timedelta(hours=3, minutes=1)
    )


def test_only_a_hash_of_the_token_is_stored(client, cast):
    key = obtain(client, "director", PASSWORD).json()["token"]

    stored = ApiToken.objects.get(user=cast.user("director"))
    assert stored.key_hash == ApiToken.hash_key(key)
    assert key not in stored.key_hash


def test_a_wrong_password_gets_401_invalid_credentials(client, cast):
    response = obtain(client, "director", "wrong-password")

    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"
    assert not ApiToken.objects.exists()


def test_an_unknown_user_gets_the_same_401_as_a_wrong_password(client, cast):
    response = obtain(client, "nobody-at-all", PASSWORD)

    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"


def test_the_fifth_failure_locks_out_even_the_right_password(client, cast):
    statuses = [obtain(client, "teacher", "wrong-password").status_code for _ in range(5)]

    # The lockout starts on the attempt that reaches LOGIN_FAILURE_LIMIT (5).
    assert statuses == [401, 401, 401, 401, 429]
    locked = obtain(client, "teacher", PASSWORD)
    assert locked.status_code == 429
    assert locked.json()["code"] == "locked_out"
    assert locked["Content-Type"].startswith("application/json")
    assert not ApiToken.objects.filter(user=cast.user("teacher")).exists()


def test_a_lockout_is_per_user_name_and_address(client, cast):
    for _ in range(5):
        obtain(client, "teacher", "wrong-password")

    assert obtain(client, "director", PASSWORD).status_code == 200


def test_a_success_clears_earlier_failures(client, cast):
    for _ in range(4):
        obtain(client, "teacher", "wrong-password")
    assert obtain(client, "teacher", PASSWORD).status_code == 200

    assert [obtain(client, "teacher", "wrong-password").status_code for _ in range(4)] == [401] * 4


def test_an_inactive_user_gets_no_token(client, cast):
    user = cast.user("teacher")
    user.is_active = False
    user.save(update_fields=["is_active"])

    assert obtain(client, "teacher", PASSWORD).status_code == 401


def test_a_token_stops_working_when_its_user_is_disabled(call, cast):
    user = cast.user("teacher")
    key = token_issue(user=user)
    user.is_active = False
    user.save(update_fields=["is_active"])

    response = call("/me", token=key)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_an_expired_token_gets_401(call, cast):
    key = token_issue(user=cast.user("teacher"))
    ApiToken.objects.update(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))

    response = call("/me", token=key)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_made_up_token_gets_401(call, cast):
    assert call("/me", token="not-a-token").status_code == 401


def test_no_credentials_at_all_get_401(call, cast):
    response = call("/me")

    assert response.status_code == 401
    assert response.json() == {"detail": response.json()["detail"], "code": "not_authenticated"}


def test_a_user_who_must_change_the_password_gets_a_token_but_nothing_else(client, cast):
    user = cast.user("parent_a")
    user.must_change_password = True
    user.save(update_fields=["must_change_password"])

    response = obtain(client, "parent_a", PASSWORD)
    assert response.status_code == 200
    me = client.get(f"{API}/me", headers={"Authorization": f"Bearer {response.json()['token']}"})
    assert me.status_code == 403
    assert me.json()["code"] == "password_change_required"


def test_a_signed_in_browser_session_opens_the_api(login, cast):
    client = login(cast.user("classteacher"))

    response = client.get(f"{API}/me")
    assert response.status_code == 200
    assert response.json()["username"] == "classteacher"


def test_a_session_that_must_change_the_password_gets_403(login, cast):
    user = cast.user("classteacher")
    user.must_change_password = True
    user.save(update_fields=["must_change_password"])

    response = login(user).get(f"{API}/me")
    assert response.status_code == 403
    assert response.json()["code"] == "password_change_required"


def test_issuing_a_token_writes_one_token_event_and_no_api_event(client, cast):
    obtain(client, "director", PASSWORD)

    events = list(ActivityEvent.objects.filter(user_id=cast.user("director").pk))
    assert [(e.kind, e.role, e.school_id, e.route) for e in events] == [
        ("token", "director", cast.school_a.pk, "api:auth_token")
    ]


def test_a_failed_attempt_is_logged_as_a_failed_login(client, cast):
    obtain(client, "director", "wrong-password")

    assert ActivityEvent.objects.filter(kind="login_failed", username="director").count() == 1


def test_a_call_by_token_is_logged_as_an_api_call_of_its_user(call, cast):
    call("/me", cast.user("teacher"))

    event = ActivityEvent.objects.get(kind="api")
    assert (event.user_id, event.role, event.route, event.status) == (
        cast.user("teacher").pk,
        "teacher",
        "api:me",
        200,
    )


def test_bearer_user_takes_one_query_and_checks_expiry(cast):
    user = cast.user("teacher")
    key = token_issue(user=user)

    queries, found = count_queries(bearer_user, key)
    assert (queries, found) == (1, user)
    ApiToken.objects.update(expires_at=dt.datetime.now(dt.UTC))
    assert bearer_user(key) is None


def test_issuing_drops_the_users_expired_tokens(cast):
    user = cast.user("teacher")
    token_issue(user=user)
    ApiToken.objects.update(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1))
    other = f.UserFactory()
    token_issue(user=other)

    token_issue(user=user)
    assert ApiToken.objects.filter(user=user).count() == 1
    assert ApiToken.objects.filter(user=other).count() == 1
