"""The director of a school that demands a second factor enrols an authenticator through the
pages, then signs in again with a code from it (issue 8 item 12). The test plays the phone: it
reads the secret off the enrolment page and computes the codes with django-otp's TOTP."""

import base64

import pytest
from django_otp.oath import totp

from tests.cast import build_cast
from zhurnal.schools.models import School

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "secret-pass-123"


def phone_code(secret: str, steps_ahead: int = 0) -> str:
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    return str(totp(key, step=30, t0=-steps_ahead * 30, digits=6)).zfill(6)


def sign_in(page, base_url: str, username: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


def test_the_director_enrols_a_totp_device_and_signs_in_with_a_code(live_server, page):
    cast = build_cast()
    School.objects.filter(pk=cast.school_a.pk).update(two_factor_required=True)

    sign_in(page, live_server.url, "director")
    page.wait_for_url("**/accounts/two-factor/enrol/**")
    assert "обязателен" in page.inner_text("body")
    assert page.locator(".qr-code svg").count() == 1
    page.goto(live_server.url + "/school/")  # nothing else opens before enrolment
    page.wait_for_url("**/accounts/two-factor/enrol/**")
    secret = page.inner_text("[data-testid=totp-secret]")
    page.fill("#id_code", phone_code(secret))
    page.click("form[action$='/two-factor/enrol/'] button[type=submit]")
    codes = page.locator("[data-testid=recovery-codes] li")
    codes.first.wait_for()
    assert codes.count() == 10
    page.click("text=Я сохранил коды")
    page.wait_for_url(live_server.url + "/")

    page.click("text=" + cast.user("director").short_name)
    page.click("button:has-text('Выйти')")
    page.wait_for_url("**/accounts/login/**")

    sign_in(page, live_server.url, "director")
    page.wait_for_url("**/accounts/login/code/**")
    page.fill("#id_code", phone_code(secret, steps_ahead=1))  # the enrolment spent this step's code
    page.click("form[action$='/login/code/'] button[type=submit]")
    page.wait_for_url(live_server.url + "/")
    page.goto(live_server.url + "/school/")
    assert page.url == live_server.url + "/school/"
