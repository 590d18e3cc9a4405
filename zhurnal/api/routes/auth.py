"""`POST /auth/token`: a bearer token for a user name and password.

The password goes through `django.contrib.auth.authenticate`, so django-axes counts failures
by user name and address and locks out after AXES_FAILURE_LIMIT of them. A locked-out attempt
answers 429 `locked_out` (the status axes uses for the web login too), a wrong password 401
`invalid_credentials`. A user who still has to change an issued password gets a token, but
every other endpoint answers 403 `password_change_required` until they do.
"""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from zhurnal.accounts.activity import activity_record
from zhurnal.accounts.models import ActivityEvent
from zhurnal.accounts.tokens import token_create
from zhurnal.api.errors import ApiError, ErrorOut, ValidationErrorOut
from zhurnal.api.schemas import TokenIn, TokenOut
from zhurnal.policy.actor import actor_for

router = Router(tags=["auth"])


@router.post(
    "/token",
    auth=None,
    url_name="auth_token",
    response={200: TokenOut, 400: ValidationErrorOut, 401: ErrorOut, 429: ErrorOut},
    summary="Obtain a bearer token",
)
def auth_token(request: HttpRequest, payload: TokenIn):
    """Send `Authorization: Bearer <token>` on every other call until `expires_at`.

    401 `invalid_credentials`: wrong user name or password (or a disabled account).
    429 `locked_out`: too many failures for this user name from this address; wait and retry.
    """
    user = authenticate(request=request, username=payload.username, password=payload.password)
    if getattr(request, "axes_locked_out", False):
        # Answer in JSON here; left set, the flag makes AxesMiddleware replace this answer
        # with the web login's HTML lockout page.
        request.axes_locked_out = False
        raise ApiError(429, "locked_out", _("Слишком много неудачных попыток входа. Повторите позже."))
    if user is None:
        raise ApiError(401, "invalid_credentials", _("Неверное имя пользователя или пароль."))
    if settings.AXES_RESET_ON_SUCCESS:
        # A token is a login: clear the failures as a web login does. Not through axes'
        # user_logged_in handler, which would open a session just to hash it in its access log.
        AxesProxyHandler.reset_attempts(
            ip_address=getattr(request, "axes_ip_address", None), username=payload.username
        )
    issued = token_create(user=user)
    request.user = user
    request.actor = actor_for(user)
    activity_record(request=request, kind=ActivityEvent.Kind.TOKEN, user=user, status=200)
    request.activity_logged = True
    return TokenOut(token=issued.key, expires_at=issued.expires_at)
