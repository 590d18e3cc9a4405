"""Changing one's password, and the forced change after a login with an issued password."""

import pytest

from zhurnal.accounts.models import User
from zhurnal.core.models import AuditEvent

pytestmark = pytest.mark.django_db

OLD = "secret-pass-123"
NEW = "Новый-пароль-2026"


def change(client, old: str = OLD, new: str = NEW, repeat: str | None = None):
    data = {"old_password": old, "new_password1": new, "new_password2": repeat or new}
    return client.post("/accounts/password/", data)


@pytest.fixture
def issued(cast):
    """The pupil signs in for the first time with a password issued by the class teacher."""
    user = cast.user("pupil_a")
    user.must_change_password = True
    user.save(update_fields=["must_change_password"])
    return user


def test_a_user_with_an_issued_password_is_sent_to_change_it(issued, client, login):
    login(issued)
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == "/accounts/password/"


def test_the_change_page_explains_why_the_user_is_there(issued, client, login):
    login(issued)
    html = client.get("/accounts/password/").content.decode()
    assert "Вы вошли с временным паролем" in html


def test_an_ordinary_visit_to_the_change_page_does_not_mention_a_temporary_password(cast, client, login):
    login(cast.user("teacher"))
    assert "временным паролем" not in client.get("/accounts/password/").content.decode()


def test_changing_the_password_clears_the_demand_and_writes_an_audit_row(cast, issued, client, login):
    login(issued)
    response = change(client)
    assert response.status_code == 302
    assert response.url == "/accounts/password/done/"
    issued.refresh_from_db()
    assert issued.must_change_password is False
    assert issued.check_password(NEW)
    event = AuditEvent.objects.get(action="password.change")
    assert event.actor_id == issued.pk
    assert event.object_id == issued.pk
    assert event.school_id == cast.school_a.pk
    assert event.before == {"must_change_password": True}
    assert NEW not in str(event.after)
    # The session survives the change, and the pages open again.
    assert client.get("/").status_code == 200


def test_the_done_page_confirms_the_change(cast, client, login):
    login(cast.user("teacher"))
    change(client)
    html = client.get("/accounts/password/done/").content.decode()
    assert "Пароль изменён" in html


def test_a_wrong_current_password_changes_nothing(cast, client, login):
    login(cast.user("teacher"))
    response = change(client, old="not-my-password")
    assert response.status_code == 200
    assert "Текущий пароль введён неверно" in response.content.decode()
    assert User.objects.get(username="teacher").check_password(OLD)
    assert not AuditEvent.objects.filter(action="password.change").exists()


def test_mismatched_new_passwords_are_refused(cast, client, login):
    login(cast.user("teacher"))
    response = change(client, repeat="Другой-пароль-2026")
    assert "Новый пароль и его повтор не совпадают." in response.content.decode()


def test_a_weak_new_password_is_refused(cast, client, login):
    login(cast.user("teacher"))
    response = change(client, new="12345678")
    assert response.status_code == 200
    assert User.objects.get(username="teacher").check_password(OLD)


def test_the_forced_change_still_lets_the_user_sign_out(issued, client, login):
    login(issued)
    assert client.post("/accounts/logout/").status_code == 302
