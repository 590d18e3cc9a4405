from functools import partial

from django.contrib import auth
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthenticationMiddleware
from django.contrib.auth.middleware import auser
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from zhurnal.accounts.activity import activity_record
from zhurnal.accounts.backends import known_user
from zhurnal.accounts.models import ActivityEvent
from zhurnal.core.request_context import client_ip, reset_current_ip, set_current_ip

# Paths that are never logged as activity: assets cost nothing to serve and say nothing.
_QUIET_PREFIXES = ("/static/", "/media/", "/favicon")


def _user(request):
    if not hasattr(request, "_cached_user"):
        session = request.session
        session.get(auth.SESSION_KEY)  # reads the session, and with policy.sessions its user
        with known_user(getattr(session, "loaded_user", None)):
            request._cached_user = auth.get_user(request)
    return request._cached_user


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's, taking the user the session's read brought along (policy.sessions reads the
    session, its user and the user's grants in one statement, decision 0032); Django's own
    `auth.get_user` still checks the session's backend and hash. A plain `__call__`: the mixin's
    hooks cost more than the work on every request."""

    def __call__(self, request):
        request.user = SimpleLazyObject(lambda: _user(request))
        request.auser = partial(auser, request)
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """After a login with an issued one-time password, every page leads to the change form."""

    allowed_names = {"accounts:password_change", "accounts:logout", "accounts:password_change_done"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.must_change_password
            and not request.path.startswith(("/static/", "/api/"))
            and request.path != reverse("accounts:password_change")
            and request.path != reverse("accounts:logout")
        ):
            return redirect("accounts:password_change")
        return self.get_response(request)


class ActivityLogMiddleware:
    """One row per signed-in request (page or API), written after the response is ready.

    It also sets the client IP for the audit writer. The API signs in by token inside the
    view, so the user is read after the response, not before.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = set_current_ip(client_ip(request))
        try:
            response = self.get_response(request)
        finally:
            reset_current_ip(token)
        if request.path.startswith(_QUIET_PREFIXES):
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not getattr(request, "activity_logged", False):
            kind = ActivityEvent.Kind.API if request.path.startswith("/api/") else ActivityEvent.Kind.PAGE
            activity_record(request=request, kind=kind, status=response.status_code)
        return response
