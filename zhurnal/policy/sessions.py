"""The session engine of the site (`SESSION_ENGINE`): one statement reads the request's session,
its user, the user's grants (with their school, class, authority and the user's cards) and a
parent's children — everything `request.user` and `request.actor` are built from (decision 0032).
`bearer_user` does the same for an API bearer key (its twins: the ORM's reading of the key's
user in tests/journal/test_save_path_twins.py, and `actor_for`'s own read of the grants).

Before, a signed-in request made four reads one after another (session, user, grants, children);
each cost little to run but as much again to send and convert, and on PostgreSQL each a round
trip. The session's data still says who is signed in: accounts.middleware hands the user read
here to Django's `auth.get_user`, which checks the session's user id, backend and hash as always
(the backend reads the user again should the column and the data ever disagree). The actor is
built from the same rows (policy.actor.actor_for). Its ORM twin: tests/policy/test_sessions.py.
"""

from __future__ import annotations

from functools import cache

from django.db import connections

from zhurnal.accounts.models import ApiToken, RoleGrant, User, UserSession
from zhurnal.accounts.sessions import SessionStore as AccountsSessionStore
from zhurnal.core import clock
from zhurnal.core.rawsql import ModelColumns, fetch
from zhurnal.people.models import Guardian, StudentGuardian
from zhurnal.policy import actor as actors

_USER = ModelColumns(User, "u")
# Its own alias: `s` is the grant's school in the grant joins.
_SESSION = ModelColumns(UserSession, "us")


def _children_list(vendor: str) -> str:
    if vendor == "postgresql":
        return "STRING_AGG(CAST(sg.student_id AS VARCHAR), ',')"
    return "GROUP_CONCAT(sg.student_id, ',')"


def _user_and_actor(connection) -> str:
    """The user's columns, each grant's and the parent's children, after `u`'s own row."""
    return f"""{_USER.select(connection)}, {actors.grant_columns(connection)},
           (SELECT {_children_list(connection.vendor)}
            FROM {StudentGuardian._meta.db_table} sg JOIN {Guardian._meta.db_table} gu ON gu.id = sg.guardian_id
            WHERE gu.user_id = u.id)"""


@cache
def _sql(alias: str) -> str:
    connection = connections[alias]
    return f"""
    SELECT {_SESSION.select(connection)}, {_user_and_actor(connection)}
    FROM {UserSession._meta.db_table} us
    LEFT JOIN {User._meta.db_table} u ON u.id = us.user_id
    LEFT JOIN {RoleGrant._meta.db_table} g ON g.user_id = u.id
    {actors.GRANT_JOINS}
    WHERE us.session_key = %s AND us.expire_date > %s
    ORDER BY g.id
    """


@cache
def _bearer_sql(alias: str) -> str:
    connection = connections[alias]
    return f"""
    SELECT {_user_and_actor(connection)}
    FROM {ApiToken._meta.db_table} t
    JOIN {User._meta.db_table} u ON u.id = t.user_id
    LEFT JOIN {RoleGrant._meta.db_table} g ON g.user_id = u.id
    {actors.GRANT_JOINS}
    WHERE t.key_hash = %s AND t.expires_at > %s
    ORDER BY g.id
    """


def _with_actor(user: User, rows, at_grants: int) -> User:
    """The grants and children the read brought, kept on the user for `actor_for`."""
    children = rows[0][at_grants + actors.GRANT_WIDTH]
    grants = actors.grants_from_rows(rows, at_grants)
    user.loaded_actor = (grants, [int(c) for c in str(children).split(",")] if children else [])
    return user


def bearer_user(key: str, connection=None) -> User | None:
    """The active user a live API key belongs to, with their actor's rows, in one statement:
    every API call with a bearer key asks it (its twins: tests/journal/test_save_path_twins.py
    and tests/policy/test_sessions.py). None for an unknown, expired or disabled key."""
    if not key:
        return None
    connection = connection or connections["default"]
    now = connection.ops.adapt_datetimefield_value(clock.now())
    rows = fetch(_bearer_sql(connection.alias), [ApiToken.hash_key(key), now], connection=connection)
    if not rows:
        return None
    user = _USER.build(rows[0], connection=connection)
    if not user.is_active:
        return None
    return _with_actor(user, rows, len(_USER))


class SessionStore(AccountsSessionStore):
    loaded_user: User | None = None

    def _get_session_from_db(self):
        columns = _SESSION
        connection = connections[self.model._default_manager.db]
        rows = fetch(_sql(connection.alias), [self.session_key, self._now(connection)], connection=connection)
        if not rows:
            self._session_key = None
            return None
        first = rows[0]
        at_user = len(columns)
        at_grants = at_user + len(_USER)
        user = _USER.build(first, at_user, connection=connection)
        self.loaded_user = None if user is None else _with_actor(user, rows, at_grants)
        return columns.build(first, connection=connection)
