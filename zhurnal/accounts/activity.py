"""The activity log writer: one narrow insert per login attempt and per signed-in request
(plain SQL through core.rawsql: it runs on every request)."""

from zhurnal.accounts.models import ActivityEvent
from zhurnal.core import rawsql
from zhurnal.core.request_context import client_ip


def activity_record(*, request, kind: str, user=None, username: str = "", status: int | None = None) -> None:
    actor = getattr(request, "actor", None)
    user = user if user is not None else getattr(request, "user", None)
    user_id = user.pk if user is not None and user.is_authenticated else None
    role = ""
    school_id = None
    if user_id is not None and actor is not None and getattr(actor, "user", None) is not None:
        role = actor.primary_role
        school_id = actor.primary_school_id
    match = getattr(request, "resolver_match", None)
    route = (match.view_name if match else "") or request.path[:100]
    rawsql.insert(
        ActivityEvent,
        user_id=user_id,
        username=(username or (user.get_username() if user_id else ""))[:150],
        role=role,
        school_id=school_id,
        kind=kind,
        route=route[:100],
        method=(request.method or "")[:8],
        status=status,
        ip=client_ip(request),
    )
