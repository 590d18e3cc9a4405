"""Django's ModelBackend, with the one read every signed-in request makes written as plain SQL.

Passwords, permissions and `is_active` work as in ModelBackend; only `get_user` — the user behind
the session, on every request — differs: it takes the user the session's own read already
brought (`known_user`, set by accounts.middleware.AuthenticationMiddleware from policy.sessions,
decision 0032), and otherwise reads through core.rawsql, because building the ORM query cost
more than running it.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth.backends import ModelBackend

from zhurnal.accounts.models import User
from zhurnal.core.rawsql import ModelColumns, fetch, record_id

_USER = ModelColumns(User, "u")
_known: ContextVar[User | None] = ContextVar("zhurnal_known_user", default=None)


@contextmanager
def known_user(user: User | None):
    """While inside, `get_user` of this user's id answers `user` without reading it again."""
    token = _known.set(user)
    try:
        yield
    finally:
        _known.reset(token)


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        user_id = record_id(user_id)
        if user_id is None:
            return None
        user = _known.get()
        if user is None or user.pk != user_id:
            rows = fetch(f"SELECT {_USER.select()} FROM {User._meta.db_table} u WHERE u.id = %s", [user_id])
            user = _USER.build(rows[0]) if rows else None
        return user if user is not None and self.user_can_authenticate(user) else None
