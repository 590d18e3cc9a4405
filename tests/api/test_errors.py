"""Every API error is JSON {"detail", "code"}; validation answers 400 naming the field."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from tests.api.conftest import API
from zhurnal.api.errors import ApiError
from zhurnal.api.security import session_auth

pytestmark = pytest.mark.django_db


def post_token(client, data, content_type="application/json"):
    return client.post(f"{API}/auth/token", data, content_type=content_type)


def test_a_missing_field_gets_400_naming_it(client, cast):
    response = post_token(client, {"username": "director"})

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "password" in body["detail"]
    assert body["errors"] == [{"field": "password", "message": "Field required"}]


def test_a_body_that_is_not_json_gets_400_in_russian(client, cast):
    response = post_token(client, "{not json", content_type="application/json")

    assert response.status_code == 400
    # The shape the document gives every 400 (ValidationErrorOut): the body itself is the field.
    assert response.json() == {
        "detail": "Некорректный запрос.",
        "code": "invalid",
        "errors": [{"field": "body", "message": "Некорректный запрос."}],
    }


def test_a_query_parameter_of_the_wrong_type_gets_400_naming_it(call_as, cast):
    response = call_as("director", f"/classes/{cast.class_a.pk}/students?whole_year=perhaps")

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "whole_year"


def test_not_found_is_json(call_as, cast):
    response = call_as("director", "/students/424242")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Не найдено.", "code": "not_found"}


def test_forbidden_is_json(call_as, cast):
    response = call_as("pupil_a", "/assignments")

    assert response.status_code == 403
    assert response.json() == {"detail": "Недостаточно прав.", "code": "forbidden"}


def test_a_wrong_method_is_405(call_as, cast):
    assert call_as("director", "/me", method="post", body={}).status_code == 405


def test_the_answer_is_utf8_not_escaped(call_as, cast):
    response = call_as("director", "/students/424242")

    assert "Не найдено".encode() in response.content


def test_a_session_write_without_the_csrf_token_is_refused(cast):
    request = RequestFactory().post(f"{API}/anything", {}, content_type="application/json")
    request.user = cast.user("director")
    request.COOKIES["sessionid"] = "abc"

    with pytest.raises(ApiError) as refused:
        session_auth(request)
    assert (refused.value.status_code, refused.value.code) == (403, "csrf_failed")


def test_no_session_means_not_authenticated_rather_than_a_csrf_failure(cast):
    request = RequestFactory().post(f"{API}/anything", {}, content_type="application/json")
    request.user = AnonymousUser()

    assert session_auth(request) is None
