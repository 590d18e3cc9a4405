"""Two-factor helpers: enrol a device directly, compute its codes as the phone would."""

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhurnal.policy.actor import actor_for
from zhurnal.security.services import two_factor_enrol_confirm, two_factor_enrol_start

PASSWORD = "secret-pass-123"


def code_of(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the authenticator shows now (or `steps_ahead` 30-second steps later: django-otp
    accepts the next step, and refuses a step it has already accepted)."""
    device.refresh_from_db()
    value = totp(
        device.bin_key, step=device.step, t0=device.t0 - steps_ahead * device.step, digits=device.digits
    )
    return str(value).zfill(device.digits)


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    actor = actor_for(user)
    device = two_factor_enrol_start(actor=actor)
    return two_factor_enrol_confirm(actor=actor, code=code_of(device))


def sign_in(client, username: str, password: str = PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})
