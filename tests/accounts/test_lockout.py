"""The lockout cannot be aimed at a colleague (issue 8 item 11, OWASP device cookies).

Five wrong passwords for the teacher's login from another browser on the school's shared
address lock out unknown devices only; the teacher's own browser, which signed in before and
holds the device cookie, keeps working, and failures from it count against it alone.
"""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client

from zhurnal.accounts.lockout import device_cookie_name
from zhurnal.accounts.models import LoginFailure, SecurityEvent
from zhurnal.core import clock

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"
SHARED_ADDRESS = "10.0.0.7"  # the school's one NAT address: attacker and teacher share it


def browser() -> Client:
    return Client(REMOTE_ADDR=SHARED_ADDRESS)


def sign_in(client, username: str, password: str = PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


def token(client, username: str, password: str = PASSWORD):
    return client.post(
        "/api/v1/auth/token", {"username": username, "password": password}, content_type="application/json"
    )


def teachers_own_browser() -> Client:
    own = browser()
    assert sign_in(own, "teacher").status_code == 302
    own.post("/accounts/logout/")
    return own


def attack(username: str = "teacher") -> None:
    attacker = browser()
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        sign_in(attacker, username, "guess")


def test_a_successful_sign_in_leaves_a_signed_device_cookie_for_that_login(cast):
    own = browser()
    response = sign_in(own, "teacher")
    cookie = response.cookies[device_cookie_name("teacher")]
    assert cookie.value and cookie["httponly"]
    assert int(cookie["max-age"]) == settings.DEVICE_COOKIE_DAYS * 24 * 60 * 60


def test_a_colleague_guessing_from_the_shared_address_does_not_lock_out_the_teachers_own_browser(cast):
    own = teachers_own_browser()
    attack()

    assert sign_in(browser(), "teacher").status_code == 429  # an unknown device, even with the password
    response = sign_in(own, "teacher")
    assert response.status_code == 302
    assert own.session["_auth_user_id"] == str(cast.user("teacher").pk)


def test_failures_from_a_known_browser_count_against_that_browser_only(cast):
    own = teachers_own_browser()
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        sign_in(own, "teacher", "typo")

    response = sign_in(own, "teacher")
    assert response.status_code == 429
    assert "С этого браузера" in response.content.decode()
    assert sign_in(browser(), "teacher").status_code == 302  # unknown devices were not touched


def test_a_forged_or_another_logins_cookie_counts_as_an_unknown_device(cast):
    own = teachers_own_browser()
    attack()
    forged = browser()
    forged.cookies[device_cookie_name("teacher")] = "forged:value"
    assert sign_in(forged, "teacher").status_code == 429
    borrowed = browser()
    borrowed.cookies[device_cookie_name("teacher")] = own.cookies[device_cookie_name("teacher")].value
    borrowed.cookies[device_cookie_name("director")] = own.cookies[device_cookie_name("teacher")].value
    assert sign_in(borrowed, "teacher").status_code == 302  # the teacher's real cookie works anywhere
    assert sign_in(browser(), "director").status_code == 302


def test_the_lock_lifts_when_the_window_has_passed(cast):
    attack()
    LoginFailure.objects.update(
        at=clock.now() - dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES, seconds=1)
    )
    assert sign_in(browser(), "teacher").status_code == 302


def test_the_lockout_page_says_a_known_device_still_works_and_how_long(cast):
    attack()
    html = sign_in(browser(), "teacher").content.decode()
    assert "Вход с незнакомых устройств временно заблокирован" in html
    assert "вход по-прежнему работает" in html
    assert f"Повторите попытку через {settings.LOGIN_LOCKOUT_MINUTES} мин." in html


def test_the_lockout_is_in_the_security_log_with_the_teachers_school(cast):
    attack()
    event = SecurityEvent.objects.get(kind="lockout")
    assert event.username == "teacher"
    assert event.user_id is None  # the one who guessed is not known
    assert (event.subject_type, event.subject_id) == ("accounts.user", cast.user("teacher").pk)
    assert event.school_id == cast.school_a.pk
    assert event.detail["device"] == "unknown"


def test_the_token_endpoint_is_an_unknown_device_and_says_so_in_russian(client, cast):
    statuses = [token(client, "teacher", "guess").status_code for _ in range(settings.LOGIN_FAILURE_LIMIT)]
    assert statuses == [401] * (settings.LOGIN_FAILURE_LIMIT - 1) + [429]
    locked = token(client, "teacher")
    body = locked.json()
    assert locked.status_code == 429 and body["code"] == "locked_out"
    assert "вход с незнакомых устройств заблокирован" in body["detail"]
    assert f"{settings.LOGIN_LOCKOUT_MINUTES} мин." in body["detail"]
    assert locked["Retry-After"] == str(settings.LOGIN_LOCKOUT_MINUTES * 60)


def test_an_api_client_sending_its_device_cookie_keeps_working_under_attack(cast):
    own = teachers_own_browser()
    attack()
    assert token(own, "teacher").status_code == 200
