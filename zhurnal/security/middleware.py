"""While a session still owes its second factor, only the pages that settle it are open.

After the password, a user with an authenticator is sent to the code step; a director, deputy
or system administrator of a school that makes it mandatory and who has none yet, to the
enrolment page (signals.py decides which, once per sign-in). The API answers such a session
403 with a code instead of a redirect. Bearer tokens are not sessions: the token endpoint asks
for the code itself.
"""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

TWO_FACTOR_STATE = "zh_two_factor"
VERIFY = "verify"
ENROL = "enrol"

_ALWAYS_OPEN = ("/static/", "/media/", "/favicon", "/jsi18n/")


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        state = request.session.get(TWO_FACTOR_STATE) if user is not None and user.is_authenticated else None
        if state and not request.path.startswith(_ALWAYS_OPEN):
            response = self._hold(request, state)
            if response is not None:
                return response
        return self.get_response(request)

    def _hold(self, request, state: str):
        if request.path == reverse("accounts:logout"):
            return None
        if state == VERIFY:
            target = reverse("security:login_code")
            open_paths = {target}
        else:
            target = reverse("security:two_factor_enrol")
            open_paths = {target, reverse("security:two_factor")}
        if request.path in open_paths:
            return None
        if request.path.startswith("/api/"):
            if state == VERIFY:
                code, detail = "otp_required", _("Введите код двухфакторного входа на сайте.")
            else:
                code, detail = (
                    "otp_enrolment_required",
                    _("Сначала подключите двухфакторный вход на сайте."),
                )
            return JsonResponse(
                {"detail": detail, "code": code}, status=403, json_dumps_params={"ensure_ascii": False}
            )
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return redirect(f"{target}?{query}" if query else target)
