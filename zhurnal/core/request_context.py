"""The current request's IP address, for audit rows written deep inside services."""

from contextvars import ContextVar

_ip: ContextVar[str | None] = ContextVar("zhurnal_request_ip", default=None)


def set_current_ip(ip: str | None):
    return _ip.set(ip)


def reset_current_ip(token) -> None:
    _ip.reset(token)


def current_ip() -> str | None:
    return _ip.get()


def client_ip(request) -> str | None:
    # REMOTE_ADDR only: a proxy in front is configured to set it (gunicorn --forwarded-allow-ips).
    return request.META.get("REMOTE_ADDR") or None
