"""Two-factor login (django-otp): enrol a TOTP app, recovery codes, removal, the login's code
step (issue 8 item 12, decision 0011).

A person's second factor is a confirmed `TOTPDevice` (an authenticator app) and a
`StaticDevice` holding ten one-time recovery codes, shown once. Every change is audited and
written to the security event log; so is every wrong code.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhurnal.accounts.models import SecurityEvent, User
from zhurnal.accounts.security import security_log
from zhurnal.core.audit import audit_record
from zhurnal.core.errors import Forbidden, InvalidInput
from zhurnal.policy.actor import Actor
from zhurnal.policy.rules import may_use_two_factor, two_factor_required

RECOVERY_CODES = 10


def _check(actor: Actor) -> User:
    if not may_use_two_factor(actor):
        raise Forbidden(_("Двухфакторный вход доступен только сотрудникам школы."))
    return actor.user


def _clean_code(code: str) -> str:
    return "".join((code or "").split()).lower()


def has_second_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=_("Резервные коды"), confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def two_factor_enrol_start(*, actor: Actor) -> TOTPDevice:
    """A new, unconfirmed authenticator for the actor (the page shows its QR code); an earlier
    unconfirmed one is dropped. A confirmed one stays until the new one is confirmed."""
    user = _check(actor)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=_("Приложение-аутентификатор"), confirmed=False)


def two_factor_pending_device(*, actor: Actor) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=actor.user, confirmed=False).order_by("-pk").first()


def two_factor_enrol_confirm(*, actor: Actor, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the pending authenticator with a code from it; returns the device and ten new
    recovery codes (to be shown once). Replaces any earlier authenticator and codes."""
    user = _check(actor)
    device = two_factor_pending_device(actor=actor)
    if device is None:
        raise InvalidInput(_("Сначала отсканируйте QR-код: подключение не начато."), field="code")
    if not device.verify_token(_clean_code(code)):
        security_log(kind=SecurityEvent.Kind.OTP_FAILED, actor=actor, subject=user, detail={"step": "enrol"})
        raise InvalidInput(
            _("Код не подошёл. Введите шесть цифр, которые приложение показывает сейчас."), field="code"
        )
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(user)
        audit_record(actor=actor, action="two_factor.enrol", obj=user, school_id=actor.primary_school_id)
        security_log(kind=SecurityEvent.Kind.OTP_ENROLLED, actor=actor, subject=user)
    return device, codes


def recovery_codes_regenerate(*, actor: Actor) -> list[str]:
    """Ten new recovery codes; the old ones stop working."""
    user = _check(actor)
    if not has_second_factor(user):
        raise InvalidInput(_("Двухфакторный вход не подключён."), field="code")
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        audit_record(
            actor=actor, action="two_factor.recovery_codes", obj=user, school_id=actor.primary_school_id
        )
        security_log(kind=SecurityEvent.Kind.RECOVERY_CODES_REGENERATED, actor=actor, subject=user)
    return codes


def two_factor_remove(*, actor: Actor, password: str) -> None:
    """Remove the authenticator and the recovery codes, after the password is typed again.
    Where the school makes the second factor mandatory, the next page asks to enrol again."""
    user = _check(actor)
    if not user.check_password(password or ""):
        raise InvalidInput(_("Пароль введён неверно."), field="password")
    with transaction.atomic():
        removed = [d.persistent_id for d in devices_for_user(user, confirmed=None)]
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        audit_record(
            actor=actor,
            action="two_factor.remove",
            obj=user,
            school_id=actor.primary_school_id,
            before={"devices": removed},
            after={"mandatory": two_factor_required(actor)},
        )
        security_log(kind=SecurityEvent.Kind.OTP_REMOVED, actor=actor, subject=user)


def two_factor_match(*, user: User, code: str, step: str):
    """The login's second step: the device a code belongs to (an authenticator's current code
    or an unused recovery code, which is then spent), or None. Wrong codes are logged; django-otp
    throttles each device after repeated failures."""
    token = _clean_code(code)
    if token:
        with transaction.atomic():
            for device in devices_for_user(user, confirmed=True):
                if device.verify_token(token):
                    if isinstance(device, StaticDevice):
                        left = device.token_set.count()
                        security_log(
                            kind=SecurityEvent.Kind.RECOVERY_CODE_USED,
                            actor=user,
                            subject=user,
                            detail={"step": step, "codes_left": left},
                        )
                    return device
    security_log(kind=SecurityEvent.Kind.OTP_FAILED, actor=user, subject=user, detail={"step": step})
    return None
