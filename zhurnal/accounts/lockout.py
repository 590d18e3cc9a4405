"""Lockout that cannot be aimed at a colleague: OWASP's device cookies (decision 0010).

A browser that signs in successfully as a user gets a signed device cookie for that user
(`device_cookie_set`). Wrong passwords sent with a valid cookie for the login count against that
cookie alone; wrong passwords from any other browser (and from API clients, which send no
cookie) count against the login name's unknown devices. When either reaches
settings.LOGIN_FAILURE_LIMIT within settings.LOGIN_LOCKOUT_MINUTES, that one is locked for the
rest of the window. So guessing a teacher's password from the staff room's shared address locks
out unknown devices only: the teacher's own browser keeps working.

`login_guard` is asked before the password is checked (a locked attempt never reaches it),
`login_failed` after a wrong one, `login_succeeded` after a right one; the login form and the
API token endpoint both go through these three.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import transaction

from zhurnal.accounts.models import LoginFailure, SecurityEvent, User
from zhurnal.accounts.security import security_log
from zhurnal.core import clock
from zhurnal.core.request_context import client_ip

_SALT = "zhurnal.accounts.device-cookie"
_COOKIE_PREFIX = "zh_device_"


@dataclass(frozen=True)
class Lock:
    """Sign-in refused until `until`: for this browser (`known_device`) or for unknown devices."""

    username: str
    known_device: bool
    until: dt.datetime

    @property
    def minutes(self) -> int:
        """Whole minutes left, rounded up, never 0 while the lock holds."""
        seconds = (self.until - clock.now()).total_seconds()
        return max(1, -int(-seconds // 60))


def _login_key(username: str) -> str:
    return username.strip().lower()[:150]


def device_cookie_name(username: str) -> str:
    # One cookie per login: a shared school computer remembers each person who signed in on it.
    return _COOKIE_PREFIX + hashlib.sha256(_login_key(username).encode()).hexdigest()[:16]


def device_of(request, username: str) -> str:
    """The id of the request's valid device cookie for `username`, or "" (an unknown device)."""
    raw = request.COOKIES.get(device_cookie_name(username))
    if not raw:
        return ""
    try:
        value = signing.loads(raw, salt=_SALT, max_age=dt.timedelta(days=settings.DEVICE_COOKIE_DAYS))
    except signing.BadSignature:
        return ""
    if not isinstance(value, dict) or value.get("u") != _login_key(username):
        return ""
    device = value.get("d")
    return device if isinstance(device, str) and len(device) <= 32 else ""


def device_cookie_set(response, username: str) -> None:
    """Remember this browser as a known device of `username` (after a successful sign-in)."""
    value = signing.dumps({"u": _login_key(username), "d": secrets.token_hex(16)}, salt=_SALT)
    response.set_cookie(
        device_cookie_name(username),
        value,
        max_age=settings.DEVICE_COOKIE_DAYS * 24 * 60 * 60,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )


def _window_start() -> dt.datetime:
    return clock.now() - dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def _lock_for(username: str, device: str) -> Lock | None:
    # The limit-th most recent failure inside the window: while it is there, the lock holds,
    # and it lifts when that failure leaves the window.
    key = _login_key(username)
    nth = (
        LoginFailure.objects.filter(username=key, device=device, at__gt=_window_start())
        .order_by("-at")
        .values_list("at", flat=True)[settings.LOGIN_FAILURE_LIMIT - 1 : settings.LOGIN_FAILURE_LIMIT]
    )
    at = next(iter(nth), None)
    if at is None:
        return None
    return Lock(
        username=key,
        known_device=bool(device),
        until=at + dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES),
    )


def login_guard(request, username: str) -> Lock | None:
    """Whether a sign-in attempt for `username` from this request may check the password."""
    return _lock_for(username, device_of(request, username))


def login_failed(request, username: str) -> Lock | None:
    """Count a wrong password; returns the lock when this failure reached the limit (and logs it)."""
    key = _login_key(username)
    device = device_of(request, username)
    with transaction.atomic():
        LoginFailure.objects.filter(username=key, at__lte=_window_start()).delete()
        LoginFailure.objects.create(username=key, device=device, at=clock.now(), ip=client_ip(request))
        lock = _lock_for(username, device)
        if lock is not None:
            user = User.objects.filter(username=username).first()
            security_log(
                kind=SecurityEvent.Kind.LOCKOUT,
                username=key,
                subject=user,
                detail={
                    "device": "known" if device else "unknown",
                    "minutes": settings.LOGIN_LOCKOUT_MINUTES,
                    "failures": settings.LOGIN_FAILURE_LIMIT,
                },
            )
    return lock


def login_succeeded(request, username: str) -> None:
    """A right password: forget the failures counted against the device it came from."""
    LoginFailure.objects.filter(username=_login_key(username), device=device_of(request, username)).delete()
