"""Response headers and request limits that hold for every route (issue 8 item 14).

Generic HTTP, no domain: the API's prefix and the cap come from settings.
"""

from __future__ import annotations

import json

from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views import defaults

# Browser features no page of ours uses, switched off for every page and any script on it.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)
PRIVATE = "private, no-store"


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(settings.ZHURNAL_API_PREFIX)


class SecurityHeadersMiddleware:
    """`Permissions-Policy` on every answer; `Cache-Control: private, no-store` on the API's answers
    and on every page answered to a signed-in user: school computers are shared, and a page of marks
    must not be kept by the browser or a proxy for the next pupil at the keyboard."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if _is_api(request) or (user is not None and user.is_authenticated):
            response["Cache-Control"] = PRIVATE
            response.headers.pop("Expires", None)
        return response


def _api_error(status: int, detail: str, code: str) -> HttpResponse:
    """The API's error shape, `{detail, code}`, for answers given outside its own handlers."""
    body = json.dumps({"detail": detail, "code": code}, ensure_ascii=False)
    return HttpResponse(body, status=status, content_type="application/json")


def too_large(request: HttpRequest, limit: int) -> HttpResponse:
    """413, as JSON `{detail, code}` for the API and as a short page elsewhere."""
    detail = _("Запрос слишком большой: не больше %(mb)s МБ.") % {"mb": round(limit / (1024 * 1024), 1)}
    if _is_api(request):
        return _api_error(413, detail, "request_too_large")
    return HttpResponse(detail, status=413, content_type="text/plain; charset=utf-8")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The site's 404 (`handler404`): under the API's prefix an address that names no route gets
    the API's JSON error, as every other API refusal does, not the site's HTML page."""
    if _is_api(request):
        return _api_error(404, _("Такого адреса в API нет: %(path)s.") % {"path": request.path}, "not_found")
    return defaults.page_not_found(request, exception)


class RequestSizeLimitMiddleware:
    """Refuses a body larger than the cap by its declared length, before anything reads it.

    Bodies that are not file uploads (JSON, forms) have Django's smaller cap
    (DATA_UPLOAD_MAX_MEMORY_SIZE): refusing them here too spares reading them into memory.
    A body without Content-Length (chunked) is left to the server in front and to Django's caps.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length:
            multipart = request.META.get("CONTENT_TYPE", "").startswith("multipart/")
            limit = settings.ZHURNAL_MAX_REQUEST_BYTES
            if not multipart and settings.DATA_UPLOAD_MAX_MEMORY_SIZE is not None:
                limit = min(limit, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
            if length > limit:
                return too_large(request, limit)
        return self.get_response(request)


class CSPMiddleware(DjangoCSPMiddleware):
    """django-csp's, except on a 304: it has no body for a policy to guard (the client keeps
    its copy's headers), and building the policy was a tenth of a conditional answer's time."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if response.status_code == 304:
            return response
        return super().process_response(request, response)
