"""Every API error is JSON `{"detail": ..., "code": ...}` (DESIGN.md §4).

`detail` is for people (Russian, through gettext); `code` is for programs and never changes.
Validation errors answer 400 (ninja's default is 422) and name the field; they also carry
`errors`, one entry per field. A service's refusal (zhurnal.core.errors.ServiceError) keeps its
status and code and adds `field` (the input it is about) and `current` (on a 409: the record as
it stands now) when it has them. Anything not handled here is a bug and stays a 500.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from zhurnal.core.errors import ServiceError
from zhurnal.core.http import too_large


class ErrorOut(Schema):
    detail: str
    code: str


class FieldErrorOut(Schema):
    field: str
    message: str


class ValidationErrorOut(ErrorOut):
    errors: list[FieldErrorOut]


class ServiceErrorOut(ErrorOut):
    """A rule of the journal refused the request: bad input (400), not allowed (403), not found
    (404), changed meanwhile (409 `version_conflict`, with `current`), an Idempotency-Key reused
    for another body (422) or a change without If-Match (428, with `version`)."""

    field: str | None = None
    current: dict | None = None
    # 428 `precondition_required`: the record's current version, to send as If-Match.
    version: int | None = None


class ApiError(HttpError):
    """An answer other than 2xx with a stable machine-readable code."""

    def __init__(self, status_code: int, code: str, detail: str) -> None:
        super().__init__(status_code, detail)
        self.code = code


def not_authenticated() -> ApiError:
    return ApiError(401, "not_authenticated", _("Требуется вход: передайте токен или войдите в систему."))


def forbidden(detail: str | None = None) -> ApiError:
    return ApiError(403, "forbidden", detail or _("Недостаточно прав."))


def not_found() -> ApiError:
    return ApiError(404, "not_found", _("Не найдено."))


# Codes and Russian messages for HttpErrors raised by ninja itself ("Cannot parse request
# body", "CSRF check Failed"…) or by code that knows no better than a status.
_GENERIC = {
    400: ("invalid", gettext_lazy("Некорректный запрос.")),
    401: ("not_authenticated", gettext_lazy("Требуется вход: передайте токен или войдите в систему.")),
    403: ("forbidden", gettext_lazy("Недостаточно прав.")),
    404: ("not_found", gettext_lazy("Не найдено.")),
    405: ("method_not_allowed", gettext_lazy("Метод не поддерживается.")),
    409: ("conflict", gettext_lazy("Конфликт изменений.")),
    429: ("throttled", gettext_lazy("Слишком много запросов, повторите позже.")),
}


def _field_name(loc: tuple | list) -> str:
    # ninja's locations start with the source ("body", "query", "path") and, for a body,
    # the parameter's name; the field a client knows is what follows.
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie", "form", "file"}:
        parts = parts[1:]
        if len(parts) > 1 and loc[0] == "body":
            parts = parts[1:]
    return ".".join(parts) or "body"


def _respond(api: NinjaAPI, request: HttpRequest, status: int, payload: dict) -> HttpResponse:
    response = api.create_response(request, payload, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def install(api: NinjaAPI) -> None:
    """Register the handlers on `api` (the most specific class wins, see NinjaAPI.on_exception)."""

    def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [
            {"field": _field_name(e.get("loc", ())), "message": str(e.get("msg", ""))} for e in exc.errors
        ]
        fields = ", ".join(dict.fromkeys(e["field"] for e in errors))
        detail = _("Неверные данные в полях: %(fields)s.") % {"fields": fields}
        return _respond(api, request, 400, {"detail": detail, "code": "invalid", "errors": errors})

    def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        err = not_authenticated()
        return _respond(api, request, 401, {"detail": err.message, "code": err.code})

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc, ApiError):
            code, detail = exc.code, exc.message
        else:
            code, detail = _GENERIC.get(exc.status_code, ("error", str(exc)))
        payload = {"detail": str(detail), "code": code}
        if exc.status_code == 400 and code == "invalid":
            # ninja's own 400 (a body that is not JSON): the same shape as any validation error.
            payload["errors"] = [{"field": "body", "message": str(detail)}]
        response = _respond(api, request, exc.status_code, payload)
        retry_after = getattr(exc, "retry_after", None)
        if retry_after:
            response["Retry-After"] = str(retry_after)
        return response

    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _respond(api, request, 404, {"detail": _("Не найдено."), "code": "not_found"})

    def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return _respond(api, request, 403, {"detail": _("Недостаточно прав."), "code": "forbidden"})

    def on_service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
        payload: dict = {"detail": exc.message, "code": exc.code}
        if exc.field:
            payload["field"] = exc.field
        if exc.data is not None:
            payload["current"] = exc.data
            if exc.status == 428:
                payload["version"] = exc.data.get("version")
        return _respond(api, request, exc.status, payload)

    def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        # A body past DATA_UPLOAD_MAX_MEMORY_SIZE that came without Content-Length (chunked):
        # the same answer the size cap gives before reading (zhurnal.core.http).
        return too_large(request, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)

    api.add_exception_handler(ValidationError, on_validation_error)
    api.add_exception_handler(RequestDataTooBig, on_too_big)
    api.add_exception_handler(AuthenticationError, on_authentication_error)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(PermissionDenied, on_permission_denied)
    api.add_exception_handler(ServiceError, on_service_error)
