"""Signing in and out: Russian messages, lockout, the activity log and session lifetime."""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from zhurnal.accounts.models import ActivityEvent
from zhurnal.accounts.models import UserSession as Session

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"  # every factory user's password


def sign_in(client, username: str, password: str = PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_the_login_page_is_in_russian(client):
    html = client.get("/accounts/login/").content.decode()
    assert "Вход в электронный журнал" in html
    assert "Логин" in html
    assert "Пароль" in html


def test_a_correct_password_signs_in_and_leads_home(cast, client):
    response = sign_in(client, "teacher")
    assert response.status_code == 302
    assert response.url == "/"
    assert client.get("/").status_code == 200


def test_a_signed_in_user_opening_the_login_page_goes_home(cast, client, login):
    login(cast.user("teacher"))
    response = client.get("/accounts/login/")
    assert response.status_code == 302
    assert response.url == "/"


def test_a_wrong_password_is_refused_with_a_russian_message(cast, client):
    response = sign_in(client, "teacher", "wrong-password")
    assert response.status_code == 200
    assert "Неверный логин или пароль" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_empty_fields_are_named_in_russian(client):
    html = client.post("/accounts/login/", {"username": "", "password": ""}).content.decode()
    assert "Введите логин." in html
    assert "Введите пароль." in html


def test_five_failures_lock_the_account_and_show_the_lockout_page(cast, client):
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        assert sign_in(client, "teacher", "wrong-password").status_code == 200
    response = sign_in(client, "teacher", "wrong-password")
    html = response.content.decode()
    assert response.status_code == 429
    assert "Вход временно заблокирован" in html
    assert "Вход с незнакомых устройств временно заблокирован" in html
    assert f"Повторите попытку через {settings.LOGIN_LOCKOUT_MINUTES} мин." in html


def test_a_locked_account_cannot_sign_in_even_with_the_right_password(cast, client):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        sign_in(client, "teacher", "wrong-password")
    response = sign_in(client, "teacher")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lockout_of_one_account_leaves_another_alone(cast, client):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        sign_in(client, "teacher", "wrong-password")
    assert sign_in(client, "director").status_code == 302


def test_every_login_and_failed_login_is_in_the_activity_log(cast, client):
    sign_in(client, "teacher", "wrong-password")
    sign_in(client, "teacher")
    events = list(ActivityEvent.objects.order_by("id").values_list("kind", "username"))
    assert ("login_failed", "teacher") in events
    assert ("login", "teacher") in events
    assert events.index(("login_failed", "teacher")) < events.index(("login", "teacher"))


def test_a_signed_in_page_request_is_in_the_activity_log(cast, client, login):
    login(cast.user("director"))
    client.get("/classes/")
    event = ActivityEvent.objects.filter(kind="page").latest("id")
    assert event.route == "web:class_list"
    assert event.user_id == cast.user("director").pk
    assert event.school_id == cast.school_a.pk
    assert event.status == 200


def test_sign_out_is_a_post_and_ends_the_session(cast, client, login):
    login(cast.user("parent_a"))
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/"
    assert client.get("/").status_code == 302
    assert ActivityEvent.objects.filter(kind="logout", user_id=cast.user("parent_a").pk).exists()


def test_after_sign_out_the_login_page_says_goodbye(cast, client, login):
    login(cast.user("parent_a"))
    response = client.post("/accounts/logout/", follow=True)
    assert "Вы вышли из журнала." in response.content.decode()


def test_a_session_lasts_a_school_day_at_most(cast, client):
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60
    sign_in(client, "teacher")
    session = Session.objects.get()
    assert session.expire_date <= timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 5)


def test_an_expired_session_leads_back_to_the_login_page(cast, client):
    sign_in(client, "teacher")
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/"
