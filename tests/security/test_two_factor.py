"""Two-factor login with django-otp (issue 8 item 12): enrolment with a QR code, the two-step
login, recovery codes, removal, the school's mandatory setting and the API's `otp` field."""

import pytest
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories as f
from tests.security.helpers import PASSWORD, code_of, enrol, sign_in
from zhurnal.accounts.models import SecurityEvent
from zhurnal.core.models import AuditEvent
from zhurnal.schools.models import School

pytestmark = pytest.mark.django_db


def kinds() -> list[str]:
    """The security events written, leaving out sign-ins and sign-outs (every test has those)."""
    events = SecurityEvent.objects.exclude(kind__in=["login", "logout"]).order_by("pk")
    return list(events.values_list("kind", flat=True))


def make_mandatory(cast) -> None:
    School.objects.filter(pk=cast.school_a.pk).update(two_factor_required=True)


def token(client, username: str, **extra):
    return client.post(
        "/api/v1/auth/token",
        {"username": username, "password": PASSWORD, **extra},
        content_type="application/json",
    )


# --- enrolment ------------------------------------------------------------------------------------


def test_the_enrolment_page_shows_an_inline_svg_qr_code_and_the_secret(cast, login):
    html = login(cast.user("director")).get("/accounts/two-factor/enrol/").content.decode()
    device = TOTPDevice.objects.get(user=cast.user("director"))
    assert not device.confirmed
    assert "<svg" in html and "<img" not in html.split("qr-code")[1].split("</div>")[0]
    assert "otpauth" not in html or "http" not in html.split("<svg")[1].split("</svg>")[0].replace(
        "http://www.w3.org", ""
    )
    assert 'data-testid="totp-secret"' in html


def test_a_wrong_code_does_not_enrol_and_is_logged(cast, login):
    client = login(cast.user("director"))
    client.get("/accounts/two-factor/enrol/")
    response = client.post("/accounts/two-factor/enrol/", {"code": "000000"})
    assert response.status_code == 400
    assert "Код не подошёл" in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert kinds() == ["otp_failed"]


def test_the_right_code_enrols_and_shows_ten_recovery_codes_once(cast, login):
    client = login(cast.user("director"))
    client.get("/accounts/two-factor/enrol/")
    device = TOTPDevice.objects.get(user=cast.user("director"))
    response = client.post("/accounts/two-factor/enrol/", {"code": code_of(device)})
    html = response.content.decode()
    codes = list(
        StaticToken.objects.filter(device__user=cast.user("director")).values_list("token", flat=True)
    )
    assert response.status_code == 200
    assert len(codes) == 10 and all(code in html for code in codes)
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert "otp_enrolled" in kinds()
    assert AuditEvent.objects.filter(action="two_factor.enrol", object_id=cast.user("director").pk).exists()
    status = client.get("/accounts/two-factor/").content.decode()
    assert "Подключён с" in status and codes[0] not in status


# --- the two-step login ---------------------------------------------------------------------------


def test_with_a_device_the_password_leads_to_the_code_step_and_nothing_else_opens(cast, client):
    enrol(cast.user("director"))
    response = sign_in(client, "director")
    assert client.get(response.url, follow=True).request["PATH_INFO"] == "/accounts/login/code/"
    for path in ("/", "/school/", "/accounts/two-factor/", "/admin/"):
        held = client.get(path)
        assert held.status_code == 302 and held.url.startswith("/accounts/login/code/"), path
    api = client.get("/api/v1/me")
    assert api.status_code == 403 and api.json()["code"] == "otp_required"


def test_the_right_code_completes_the_login_and_returns_to_the_page_asked_for(cast, client):
    device, _codes = enrol(cast.user("director"))
    sign_in(client, "director")
    client.get("/school/")
    response = client.post(
        "/accounts/login/code/?next=/school/", {"code": code_of(device, 1), "next": "/school/"}
    )
    assert response.status_code == 302 and response.url == "/school/"
    assert client.get("/school/").status_code == 200


def test_a_wrong_code_is_refused_logged_and_five_of_them_end_the_session(cast, client):
    enrol(cast.user("director"))
    sign_in(client, "director")
    SecurityEvent.objects.all().delete()
    for _ in range(4):
        response = client.post("/accounts/login/code/", {"code": "123456"})
        assert response.status_code == 400
        assert "Код не подошёл" in response.content.decode()
    last = client.post("/accounts/login/code/", {"code": "123456"})
    assert last.status_code == 302 and last.url == "/accounts/login/"
    assert "_auth_user_id" not in client.session
    assert kinds() == ["otp_failed"] * 5


def test_a_recovery_code_signs_in_once(cast, client):
    _device, codes = enrol(cast.user("director"))
    sign_in(client, "director")
    assert client.post("/accounts/login/code/", {"code": codes[0].upper()}).status_code == 302
    assert client.get("/").status_code == 200
    assert "recovery_code_used" in kinds()
    client.post("/accounts/logout/")
    sign_in(client, "director")
    assert client.post("/accounts/login/code/", {"code": codes[0]}).status_code == 400


def test_new_recovery_codes_replace_the_old_ones(cast, login):
    client = login(cast.user("teacher"))  # enrolled during this session, below
    _device, old = enrol(cast.user("teacher"))
    html = client.post("/accounts/two-factor/recovery-codes/").content.decode()
    new = list(StaticToken.objects.filter(device__user=cast.user("teacher")).values_list("token", flat=True))
    assert len(new) == 10 and not set(new) & set(old)
    assert all(code in html for code in new)
    assert "recovery_codes_regenerated" in kinds()


def test_removal_needs_the_password_and_is_logged(cast, login):
    client = login(cast.user("teacher"))  # enrolled during this session, below
    enrol(cast.user("teacher"))
    refused = client.post("/accounts/two-factor/remove/", {"password": "wrong"})
    assert refused.status_code == 400 and "Пароль введён неверно" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=cast.user("teacher")).exists()
    assert client.post("/accounts/two-factor/remove/", {"password": PASSWORD}).status_code == 302
    assert not TOTPDevice.objects.filter(user=cast.user("teacher")).exists()
    assert not StaticToken.objects.filter(device__user=cast.user("teacher")).exists()
    assert kinds()[-1] == "otp_removed"


# --- mandatory for the administration, where the school says so -------------------------------------


def test_a_new_school_makes_it_mandatory_and_the_test_cast_does_not():
    assert School._meta.get_field("two_factor_required").default is True
    assert f.SchoolFactory().two_factor_required is False


@pytest.mark.parametrize("member", ["director", "deputy", "sysadmin"])
def test_the_administration_without_a_device_is_sent_to_enrolment_and_nothing_else_opens(
    cast, client, member
):
    make_mandatory(cast)
    response = sign_in(client, member)
    assert client.get(response.url).url.startswith("/accounts/two-factor/enrol/")
    for path in ("/", "/classes/", "/accounts/password/", "/admin/"):
        held = client.get(path)
        assert held.status_code == 302 and held.url.startswith("/accounts/two-factor/enrol/"), path
    assert client.get("/api/v1/me").json()["code"] == "otp_enrolment_required"
    page = client.get("/accounts/two-factor/enrol/")
    assert page.status_code == 200 and "обязателен" in page.content.decode()

    device = TOTPDevice.objects.get(user=cast.user(member))
    client.post("/accounts/two-factor/enrol/", {"code": code_of(device)})
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("member", ["teacher", "classteacher", "secretary", "parent_a", "pupil_a"])
def test_other_roles_sign_in_with_the_password_alone_even_where_it_is_mandatory(cast, client, member):
    make_mandatory(cast)
    sign_in(client, member)
    assert client.get("/").status_code == 200


def test_where_the_school_does_not_demand_it_the_director_signs_in_with_the_password(cast, client):
    sign_in(client, "director")
    assert client.get("/").status_code == 200


def test_families_cannot_enrol(cast, login):
    client = login(cast.user("parent_a"))
    assert client.get("/accounts/two-factor/enrol/").status_code == 403
    assert not TOTPDevice.objects.exists()


def test_removing_a_mandatory_device_leads_straight_back_to_enrolment(cast, client):
    make_mandatory(cast)
    device, _codes = enrol(cast.user("director"))
    sign_in(client, "director")
    client.post("/accounts/login/code/", {"code": code_of(device, 1)})
    response = client.post("/accounts/two-factor/remove/", {"password": PASSWORD})
    assert response.url == "/accounts/two-factor/enrol/"
    assert client.get("/").url.startswith("/accounts/two-factor/enrol/")


# --- the API's token endpoint ----------------------------------------------------------------------


def test_the_token_endpoint_asks_for_the_code_of_a_user_with_a_device(client, cast):
    device, codes = enrol(cast.user("director"))
    missing = token(client, "director")
    assert (missing.status_code, missing.json()["code"]) == (401, "otp_required")
    wrong = token(client, "director", otp="000000")
    assert (wrong.status_code, wrong.json()["code"]) == (401, "otp_invalid")
    assert kinds()[-1] == "otp_failed"
    for each in devices_for_user(cast.user("director")):
        each.throttle_reset()  # django-otp delays the next try after a wrong one
    assert token(client, "director", otp=code_of(device, 1)).status_code == 200
    assert token(client, "director", otp=codes[1]).status_code == 200


def test_the_token_endpoint_refuses_a_mandatory_user_who_has_not_enrolled(client, cast):
    make_mandatory(cast)
    refused = token(client, "deputy")
    assert (refused.status_code, refused.json()["code"]) == (403, "otp_enrolment_required")
    assert token(client, "teacher").status_code == 200


def test_the_admins_own_login_form_leads_to_the_sites_so_the_code_step_applies(cast, client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response.url == "/accounts/login/?next=/admin/"
    assert client.post("/admin/login/", {"username": "director", "password": PASSWORD}).status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_two_factor_pages_take_a_fixed_number_of_queries(cast, login):
    from tests.querycount import assert_max_queries

    client = login(cast.user("teacher"))
    enrol(cast.user("teacher"))
    # Status (device, codes left), enrolment (a new pending device) and regenerated codes:
    # none of them reads anything that grows with the school.
    with assert_max_queries(QUERY_BUDGET["status"]):
        assert client.get("/accounts/two-factor/").status_code == 200
    with assert_max_queries(QUERY_BUDGET["enrol"]):
        assert client.get("/accounts/two-factor/enrol/").status_code == 200
    with assert_max_queries(QUERY_BUDGET["recovery_codes"]):
        assert client.post("/accounts/two-factor/recovery-codes/").status_code == 200


QUERY_BUDGET = {"status": 8, "enrol": 11, "recovery_codes": 16}
