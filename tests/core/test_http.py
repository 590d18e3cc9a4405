"""Headers on every answer and the request-size cap (zhurnal.core.http)."""

import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

pytestmark = pytest.mark.django_db


def test_a_signed_in_page_is_neither_cached_nor_kept_by_the_browser(cast, login):
    response = login(cast.user("teacher")).get("/")

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_every_answer_switches_off_camera_microphone_geolocation_and_payment(client):
    policy = client.get("/accounts/login/")["Permissions-Policy"]

    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy


def test_the_content_security_policy_forbids_a_base_element(client):
    assert "base-uri 'none'" in client.get("/accounts/login/")["Content-Security-Policy"]


def test_a_body_over_the_cap_is_refused_with_413_before_it_is_read(client, settings):
    settings.ZHURNAL_MAX_REQUEST_BYTES = 1000
    # The declared length alone decides: the body sent is small, so a reader would not notice.
    response = client.generic(
        "POST",
        "/accounts/login/",
        data=b"x" * 10,
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH="1001",
    )

    assert response.status_code == 413
    assert "не больше" in response.content.decode()


def test_a_refused_request_is_logged_on_one_line_without_a_traceback(caplog):
    from django.utils.log import log_response

    request = RequestFactory().get("/secret/")
    with caplog.at_level(logging.WARNING, logger="django.request"):
        from django.http import HttpResponseForbidden

        log_response(
            "Forbidden (Permission denied): %s",
            request.path,
            response=HttpResponseForbidden(),
            request=request,
            exception=PermissionDenied("not yours"),
        )

    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info is None
    assert record.getMessage() == "Forbidden (Permission denied): /secret/: not yours"


def test_a_not_modified_answer_carries_no_content_security_policy_and_a_page_does():
    from django.http import HttpResponse, HttpResponseNotModified

    from zhurnal.core.http import CSPMiddleware

    request = RequestFactory().get("/diary/1/")
    page = CSPMiddleware(lambda r: HttpResponse("<p>x</p>"))(request)
    not_modified = CSPMiddleware(lambda r: HttpResponseNotModified())(RequestFactory().get("/diary/1/"))

    assert "Content-Security-Policy" in page
    assert "Content-Security-Policy" not in not_modified
