from django.shortcuts import redirect
from django.urls import reverse

from zhurnal.accounts.activity import activity_record
from zhurnal.accounts.models import ActivityEvent
from zhurnal.core.request_context import client_ip, reset_current_ip, set_current_ip

# Paths that are never logged as activity: assets cost nothing to serve and say nothing.
_QUIET_PREFIXES = ("/static/", "/media/", "/favicon")


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
