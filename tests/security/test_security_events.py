"""Every kind of event the security event log must hold (issue 8 item 13) is written where it
happens: logins and failures, role grants and revocations in the admin, password changes, 2FA
changes (tests/security/test_two_factor.py), credential issues, lockouts
(tests/accounts/test_lockout.py), and views of personal records in the admin with whose record."""

import pytest
from django.urls import reverse

from tests.ops.test_admin_users import NEW_PASSWORD, _add_grant, _change_url, _password_url, _post_data
from zhurnal.accounts.models import Role, RoleGrant, SecurityEvent
from zhurnal.people.services.credentials import credentials_issue

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"


def events(kind: str):
    return SecurityEvent.objects.filter(kind=kind).order_by("pk")


def test_a_login_and_a_failed_login_are_logged_with_the_school_of_the_account(cast, client):
    client.post("/accounts/login/", {"username": "teacher", "password": "wrong"})
    client.post("/accounts/login/", {"username": "teacher", "password": PASSWORD})
    failed, login = events("login_failed").get(), events("login").get()
    assert (failed.username, failed.user_id, failed.subject_id) == ("teacher", None, cast.user("teacher").pk)
    assert (login.username, login.user_id) == ("teacher", cast.user("teacher").pk)
    assert failed.school_id == login.school_id == cast.school_a.pk
    client.post("/accounts/logout/")
    assert events("logout").get().user_id == cast.user("teacher").pk


def test_a_failed_login_for_an_unknown_name_is_logged_with_the_name_typed(cast, client):
    client.post("/accounts/login/", {"username": "nobody", "password": "wrong"})
    event = events("login_failed").get()
    assert (event.username, event.subject_id, event.school_id) == ("nobody", None, None)


def test_a_token_issue_is_a_login_via_the_api(cast, client):
    client.post(
        "/api/v1/auth/token", {"username": "teacher", "password": PASSWORD}, content_type="application/json"
    )
    assert events("login").get().detail == {"via": "api_token"}


def test_a_role_granted_and_revoked_in_the_admin_is_logged_with_whose_account(cast, login):
    parent = cast.user("parent_a")
    client = login(cast.user("sysadmin"))
    data = _add_grant(_post_data(client.get(_change_url(parent))), role=Role.TEACHER, school=cast.school_a.pk)
    assert client.post(_change_url(parent), data).status_code == 302
    granted = events("role_granted").get()
    assert (granted.username, granted.subject_id, granted.school_id) == (
        "sysadmin",
        parent.pk,
        cast.school_a.pk,
    )
    assert granted.detail["role"] == Role.TEACHER

    data = _post_data(client.get(_change_url(parent)))
    forms = {data[k]: k.rsplit("-", 1)[0] for k in data if k.endswith("-role")}
    data[f"{forms[Role.TEACHER]}-DELETE"] = "on"
    assert client.post(_change_url(parent), data).status_code == 302
    revoked = events("role_revoked").get()
    assert (revoked.subject_id, revoked.detail["role"]) == (parent.pk, Role.TEACHER)


def test_deleting_a_login_in_the_admin_logs_each_role_it_held_as_revoked(cast, login):
    classteacher = cast.user("classteacher")
    client = login(cast.user("director"))
    url = reverse("admin:accounts_user_delete", args=[classteacher.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert sorted(e.detail["role"] for e in events("role_revoked")) == [Role.CLASS_TEACHER, Role.TEACHER]
    assert not RoleGrant.objects.filter(user_id=classteacher.pk).exists()


def test_a_password_change_is_logged_by_the_user_and_by_the_admin(cast, login):
    teacher = cast.user("teacher")
    client = login(teacher)
    client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    own = events("password_changed").get()
    assert (own.user_id, own.subject_id, own.detail["by"]) == (teacher.pk, teacher.pk, "self")

    admin_client = login(cast.user("sysadmin"))
    admin_client.post(
        _password_url(teacher),
        {"password1": NEW_PASSWORD + "x", "password2": NEW_PASSWORD + "x", "usable_password": "true"},
    )
    by_admin = events("password_changed").last()
    assert (by_admin.username, by_admin.subject_id, by_admin.detail["by"]) == (
        "sysadmin",
        teacher.pk,
        "admin",
    )
    assert NEW_PASSWORD not in str(by_admin.detail)


def test_a_credentials_issue_is_logged_without_the_password(cast, actor_of):
    password = credentials_issue(actor=actor_of("sysadmin"), user=cast.user("parent_a"))
    event = events("credentials_issued").get()
    assert (event.username, event.subject_id, event.school_id) == (
        "sysadmin",
        cast.user("parent_a").pk,
        cast.school_a.pk,
    )
    assert password not in str(event.detail)


@pytest.mark.parametrize("model", ["student", "guardian", "staff"])
def test_opening_a_personal_card_in_the_admin_logs_whose_card_it_was(cast, login, model):
    from zhurnal.people.models import Guardian, Staff

    record = {
        "student": lambda: cast.pupil_a,
        "guardian": lambda: Guardian.objects.filter(school=cast.school_a).first(),
        "staff": lambda: Staff.objects.filter(school=cast.school_a).first(),
    }[model]()
    client = login(cast.user("sysadmin"))
    response = client.get(reverse(f"admin:people_{model}_change", args=[record.pk]))
    assert response.status_code == 200
    event = events("record_viewed").get()
    assert (event.subject_type, event.subject_id) == (f"people.{model}", record.pk)
    assert event.subject_repr == str(record)
    assert event.username == "sysadmin" and event.school_id == cast.school_a.pk


def test_the_admins_list_of_pupils_is_not_a_view_of_a_card(cast, login):
    login(cast.user("sysadmin")).get(reverse("admin:people_student_changelist"))
    assert not events("record_viewed").exists()
