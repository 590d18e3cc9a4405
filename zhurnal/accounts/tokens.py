"""API bearer tokens: issue one after a password check (a key is resolved to its user and actor
by policy.sessions.bearer_user, in the one read every API call makes).

Only the SHA-256 of a key is stored (ApiToken.hash_key), so a leaked table grants nothing.
A key lives settings.API_TOKEN_TTL_HOURS; a disabled user's keys stop working at once.

A new password ends all of the user's keys (`revoke_all`, called by the password service), so a
key leaked with the old password dies with it. Any other place that sets a password must call
`revoke_all` too (the admin's password reset page is one).

Issuing a token is a login, so it goes to the activity log (kind "token", written by the API
view, which has the request), not to the audit log of record changes — the same as web logins.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from zhurnal.accounts.models import ApiToken, User
from zhurnal.core import clock


@dataclass(frozen=True)
class IssuedToken:
    key: str  # shown to the client once; never stored
    expires_at: dt.datetime


def token_create(*, user: User) -> IssuedToken:
    """Issue a new key for `user` and drop the user's keys that have already expired."""
    now = clock.now()
    key = secrets.token_urlsafe(32)
    expires_at = now + dt.timedelta(hours=settings.API_TOKEN_TTL_HOURS)
    with transaction.atomic():
        ApiToken.objects.filter(user=user, expires_at__lte=now).delete()
        ApiToken.objects.create(user=user, key_hash=ApiToken.hash_key(key), expires_at=expires_at)
    return IssuedToken(key=key, expires_at=expires_at)


def token_issue(*, user: User) -> str:
    """Issue a new key for `user` and return it (the key itself, once)."""
    return token_create(user=user).key


def revoke_all(user: User) -> int:
    """End every key of `user` at once (their password has changed); returns how many were live or stale."""
    deleted, _by_model = ApiToken.objects.filter(user=user).delete()
    return deleted
