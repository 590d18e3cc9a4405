"""The security event log's one writer (accounts.SecurityEvent).

Call it inside the service's transaction where there is one, so that a refused or rolled-back
change leaves no row; views of personal records call it from the selector or view that shows
the record. It never raises for a missing request: commands and tasks log too.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from zhurnal.accounts.models import RoleGrant, SecurityEvent, User
from zhurnal.core.request_context import current_ip


def security_log(
    *,
    kind: str,
    actor: Any = None,
    username: str = "",
    school_id: int | None = None,
    subject: models.Model | None = None,
    subject_type: str = "",
    subject_id: int | None = None,
    subject_repr: str = "",
    detail: dict | None = None,
    ip: str | None = None,
) -> SecurityEvent:
    """Record one security event. `actor` is an Actor or a User (or None: anonymous, system);
    `subject` is the record concerned (a student, a staff card, a user, a file)."""
    user = getattr(actor, "user", actor)
    user_id = getattr(user, "pk", None)
    if not username and user is not None:
        username = getattr(user, "username", "") or ""
    if subject is not None:
        subject_type = subject_type or subject._meta.label_lower
        subject_id = subject_id if subject_id is not None else subject.pk
        # A person by their name (a user, a pupil's or staff card), anything else by its text.
        subject_repr = subject_repr or getattr(subject, "full_name", "") or str(subject)
        if school_id is None:
            school_id = getattr(subject, "school_id", None)
    if school_id is None and actor is not None and hasattr(actor, "primary_school_id"):
        school_id = actor.primary_school_id
    if school_id is None:
        # A login, a lockout, a role or password change: the school of the account concerned,
        # so that its director and system administrator see the row.
        account = subject if isinstance(subject, User) else user if isinstance(user, User) else None
        if account is not None and account.pk is not None:
            school_id = _first_school_id(account.pk)
    return SecurityEvent.objects.create(
        kind=kind,
        user_id=user_id,
        username=username[:150],
        school_id=school_id,
        subject_type=subject_type[:64],
        subject_id=subject_id,
        subject_repr=subject_repr[:300],
        detail=detail,
        ip=ip or current_ip(),
    )


def _first_school_id(user_id: int) -> int | None:
    return (
        RoleGrant.objects.filter(user_id=user_id, school__isnull=False)
        .order_by("school_id")
        .values_list("school_id", flat=True)
        .first()
    )


def role_grant_log(*, kind: str, actor: Any, grant: RoleGrant, before: dict | None = None) -> SecurityEvent:
    """A role granted or taken back (UЗ-3 wants every change of access rights): call it from
    every place that changes grants, in its transaction. `before` is the grant as it was, for a
    changed one (logged as revoked-then-granted by the caller, or with `before` here)."""
    detail = {
        "role": grant.role,
        "school_id": grant.school_id,
        "class_group_id": grant.class_group_id,
        "authority_id": grant.authority_id,
    }
    if before:
        detail["before"] = before
    return security_log(
        kind=kind,
        actor=actor,
        subject=grant.user,
        school_id=grant.school_id,
        detail=detail,
    )
