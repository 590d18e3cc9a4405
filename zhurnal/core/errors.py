"""Errors that services raise; pages and the API turn them into 400/403/404/409/422/428 answers.

Each carries a machine code and a message for people (Russian, through gettext) and, for bad
input, the field it is about.
"""


class ServiceError(Exception):
    status = 400
    default_code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None, data=None):
        super().__init__(message)
        self.message = str(message)
        self.code = code or self.default_code
        self.field = field
        self.data = data


class InvalidInput(ServiceError):
    status = 400
    default_code = "invalid"


class Forbidden(ServiceError):
    status = 403
    default_code = "forbidden"


class NotFound(ServiceError):
    status = 404
    default_code = "not_found"


class Conflict(ServiceError):
    status = 409
    default_code = "conflict"


class PreconditionRequired(ServiceError):
    """A change of an existing record came without the version it was based on (RFC 6585)."""

    status = 428
    default_code = "precondition_required"


class Unprocessable(ServiceError):
    """Well-formed but refused as a whole, e.g. an Idempotency-Key reused for another body."""

    status = 422
    default_code = "unprocessable"


def raise_for_page(error: ServiceError) -> None:
    """On a page, a refusal leaves it: 404 for an outsider, 403 for a reader who may not act.
    Bad input (400, 409) returns, for the page to show beside its form."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    if error.status == 404:
        raise Http404 from None
    if error.status == 403:
        raise PermissionDenied(error.message) from None
