"""Django's ModelBackend, with the one read every signed-in request makes written as plain SQL.

Passwords, permissions and `is_active` work as in ModelBackend; only `get_user` — the user behind
the session, on every request — reads through core.rawsql, because building the ORM query cost
more than running it.
"""

from django.contrib.auth.backends import ModelBackend

from zhurnal.accounts.models import User
from zhurnal.core.rawsql import ModelColumns, fetch, record_id

_USER = ModelColumns(User, "u")


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        user_id = record_id(user_id)
        if user_id is None:
            return None
        rows = fetch(f"SELECT {_USER.select()} FROM {User._meta.db_table} u WHERE u.id = %s", [user_id])
        user = _USER.build(rows[0]) if rows else None
        return user if user is not None and self.user_can_authenticate(user) else None
