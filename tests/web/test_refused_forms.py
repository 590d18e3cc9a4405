"""A refused form tells assistive technology which field is wrong and where the message is:
`aria-invalid="true"` on the field, `aria-describedby` naming the message's element."""

import re

import pytest

pytestmark = pytest.mark.django_db


def tag(html: str, element_id: str) -> str:
    [found] = re.findall(rf'<(?:input|select|textarea)[^>]*\bid="{element_id}"[^>]*>', html)
    return found


def described_by(html: str, element_id: str) -> list[str]:
    return re.search(r'aria-describedby="([^"]*)"', tag(html, element_id)).group(1).split()


def test_a_refused_login_marks_both_fields_invalid_and_points_them_at_the_message(client):
    html = client.post("/accounts/login/", {"username": "nobody", "password": "wrong"}).content.decode()

    for field in ("id_username", "id_password"):
        assert 'aria-invalid="true"' in tag(html, field)
        assert "form-errors" in described_by(html, field)
    assert 'id="form-errors"' in html


def test_a_fresh_login_form_marks_nothing_invalid(client):
    html = client.get("/accounts/login/").content.decode()

    assert "aria-invalid" not in html


def test_a_wrong_old_password_marks_that_field_and_names_its_message(cast, login):
    client = login(cast.user("teacher"))
    html = client.post(
        "/accounts/password/",
        {"old_password": "not-it", "new_password1": "Ж9длинный-пароль", "new_password2": "Ж9длинный-пароль"},
    ).content.decode()

    assert 'aria-invalid="true"' in tag(html, "id_old_password")
    [message] = described_by(html, "id_old_password")
    assert f'id="{message}"' in html
    assert "aria-invalid" not in tag(html, "id_new_password1")


def test_a_message_without_recipients_marks_the_recipients_field(cast, login):
    client = login(cast.user("parent_a"))
    html = client.post("/messages/new/", {"subject": "Т", "body": "Т"}).content.decode()

    assert 'aria-invalid="true"' in tag(html, "id_recipients")
    assert "form-error" in described_by(html, "id_recipients")
    assert 'id="form-error"' in html
    assert "aria-invalid" not in tag(html, "id_subject")
