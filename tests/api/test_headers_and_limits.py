"""The API's answers are private, and a body too large gets the API's JSON error, not a page."""

import pytest

from tests.api.conftest import API

pytestmark = pytest.mark.django_db


def test_every_api_answer_is_private_and_not_stored(cast, call_as, call):
    assert call_as("teacher", "/me")["Cache-Control"] == "private, no-store"
    assert call("/me")["Cache-Control"] == "private, no-store"  # the 401 too


def test_a_json_body_over_the_cap_gets_the_api_json_error_before_it_is_read(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post(
        f"{API}/auth/token", data=b"{" + b" " * 1500 + b"}", content_type="application/json"
    )

    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "request_too_large"
    assert "не больше" in response.json()["detail"]


def test_past_the_early_cap_djangos_own_limit_still_answers_the_api_json_error(
    cast, bearer, client, settings
):
    # Django refuses a body past DATA_UPLOAD_MAX_MEMORY_SIZE when the API reads it; without the
    # early cap (a deployment that drops the middleware) the answer must still be the API's JSON.
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("RequestSizeLimitMiddleware")]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = b'{"recipients": [1], "subject": "' + b"a" * 2000 + b'", "body": "x"}'
    response = client.post(
        f"{API}/messages", data=body, content_type="application/json", headers=bearer("parent_a")
    )

    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"


@pytest.mark.parametrize("path", ["/nothing", "/journal/cells/extra", "/students/1/diary/extra"])
def test_an_api_address_that_names_no_route_gets_the_api_json_404(cast, call_as, path):
    response = call_as("parent_a", path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": f"Такого адреса в API нет: {API}{path}.", "code": "not_found"}
    assert response["Cache-Control"] == "private, no-store"


def test_elsewhere_an_unknown_address_still_gets_the_sites_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
