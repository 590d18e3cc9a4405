"""Who is calling: a bearer token (integrations, mobile clients) or the browser's session.

Either way the request ends up with `request.user` and `request.actor` set, so the views and the
activity log (ActivityLogMiddleware reads `request.user` after the response) see one picture.
A user who still has to change an issued one-time password gets 403 "password_change_required"
everywhere except `POST /auth/token`.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from zhurnal.accounts.models import User
from zhurnal.api.errors import ApiError, forbidden
from zhurnal.policy.actor import Actor, actor_for
from zhurnal.policy.rules import may_see_staff_area
from zhurnal.policy.sessions import bearer_user


def _require_password_changed(user: User) -> None:
    if user.must_change_password:
        raise ApiError(
            403,
            "password_change_required",
            _("Сначала смените выданный пароль: войдите на сайт и задайте свой."),
        )


class BearerAuth(HttpBearer):
    """`Authorization: Bearer <key>`, a key from `POST /auth/token`."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        # The key, its user and the actor's rows in one statement (policy.sessions).
        user = bearer_user(token)
        if user is None:
            return None
        request.user = user
        request.actor = actor_for(user)
        _require_password_changed(user)
        return user


class BrowserSessionAuth(SessionAuth):
    """The signed-in browser session; unsafe methods need the CSRF token (ninja checks it).

    Unlike ninja's `django_auth`, a request with no signed-in user is simply not authenticated
    by this method (401), instead of failing the CSRF check first (403).
    """

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        try:
            return super().__call__(request)
        except ApiError:
            raise
        except HttpError as exc:  # ninja's CSRF refusal, in English and without a code
            raise ApiError(
                403, "csrf_failed", _("Запрос отклонён: нет CSRF-токена. Обновите страницу.")
            ) from exc

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        if not user.is_authenticated:
            return None
        _require_password_changed(user)
        return user


bearer_auth = BearerAuth()
session_auth = BrowserSessionAuth()
# Tried in order: a bearer header wins over a session cookie.
API_AUTH = [bearer_auth, session_auth]


def request_actor(request: HttpRequest) -> Actor:
    """The authenticated caller as the policy sees them."""
    return request.actor


def staff_actor(request: HttpRequest) -> Actor:
    """The caller, when they are staff; parents, pupils and the authority get 403."""
    actor = request_actor(request)
    if not may_see_staff_area(actor):
        raise forbidden()
    return actor
