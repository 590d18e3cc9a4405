"""`POST /auth/token`: a bearer token for a user name and password.

The password goes through `django.contrib.auth.authenticate`, guarded by the lockout of
accounts.lockout (decision 0010): an API client sends no device cookie, so it counts as an
unknown device unless it sends the cookie a browser sign-in (or an earlier token) set; the
answer sets that cookie for clients that keep cookies. A locked attempt answers 429
`locked_out` with `Retry-After`, a wrong password 401 `invalid_credentials`. A user who still
has to change an issued password gets a token, but every other endpoint answers 403
`password_change_required` until they do.

Two-factor login (decision 0011): a user with an authenticator must send its code (or a
recovery code) as `otp` — 401 `otp_required` without it, 401 `otp_invalid` with a wrong one; a
director, deputy or system administrator of a school that makes it mandatory and who has not
enrolled yet gets 403 `otp_enrolment_required` (enrolment is on the site).
"""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router

from zhurnal.accounts.activity import activity_record
from zhurnal.accounts.lockout import Lock, device_cookie_set, login_failed, login_guard, login_succeeded
from zhurnal.accounts.models import ActivityEvent, SecurityEvent
from zhurnal.accounts.security import security_log
from zhurnal.accounts.tokens import token_create
from zhurnal.api.errors import ApiError, ErrorOut, ValidationErrorOut
from zhurnal.api.schemas import TokenIn, TokenOut
from zhurnal.policy.actor import actor_for
from zhurnal.policy.rules import two_factor_required
from zhurnal.security.services import has_second_factor, two_factor_match

router = Router(tags=["auth"])


class LockedOut(ApiError):
    def __init__(self, lock: Lock) -> None:
        if lock.known_device:
            detail = _(
                "С этого устройства слишком много неудачных попыток входа. Повторите через %(minutes)s мин."
            )
        else:
            detail = _(
                "Слишком много неудачных попыток входа: вход с незнакомых устройств заблокирован на "
                "%(minutes)s мин. С устройства, с которого вы уже входили, вход по-прежнему работает."
            )
        super().__init__(429, "locked_out", detail % {"minutes": lock.minutes})
        self.retry_after = lock.minutes * 60


def _second_factor(user, actor, code: str | None) -> None:
    if has_second_factor(user):
        if not code:
            raise ApiError(
                401, "otp_required", _("Нужен код двухфакторного входа: передайте его в поле otp.")
            )
        if two_factor_match(user=user, code=code, step="api") is None:
            raise ApiError(401, "otp_invalid", _("Код двухфакторного входа не подошёл."))
    elif two_factor_required(actor):
        raise ApiError(
            403,
            "otp_enrolment_required",
            _("Для вашей роли двухфакторный вход обязателен: сначала подключите его на сайте."),
        )


@router.post(
    "/token",
    auth=None,
    url_name="auth_token",
    response={200: TokenOut, 400: ValidationErrorOut, 401: ErrorOut, 403: ErrorOut, 429: ErrorOut},
    summary="Obtain a bearer token",
)
def auth_token(request: HttpRequest, payload: TokenIn, response: HttpResponse):
    """Send `Authorization: Bearer <token>` on every other call until `expires_at`.

    401 `invalid_credentials`: wrong user name or password (or a disabled account).
    401 `otp_required` / `otp_invalid`: the user has two-factor login; send `otp` (right).
    403 `otp_enrolment_required`: two-factor login is mandatory for the user; enrol on the site.
    429 `locked_out`: too many failures for this user name from unknown devices (or from this
    device); wait the minutes the message names (`Retry-After`) and retry.
    """
    lock = login_guard(request, payload.username)
    if lock is not None:
        raise LockedOut(lock)
    user = authenticate(request=request, username=payload.username, password=payload.password)
    if user is None:
        lock = login_failed(request, payload.username)
        if lock is not None:
            raise LockedOut(lock)
        raise ApiError(401, "invalid_credentials", _("Неверное имя пользователя или пароль."))
    login_succeeded(request, payload.username)
    actor = actor_for(user)
    _second_factor(user, actor, payload.otp)
    issued = token_create(user=user)
    request.user = user
    request.actor = actor
    activity_record(request=request, kind=ActivityEvent.Kind.TOKEN, user=user, status=200)
    security_log(kind=SecurityEvent.Kind.LOGIN, actor=actor, subject=user, detail={"via": "api_token"})
    request.activity_logged = True
    device_cookie_set(response, user.get_username())
    return TokenOut(token=issued.key, expires_at=issued.expires_at)
