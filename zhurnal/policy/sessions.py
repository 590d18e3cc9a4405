"""The session engine of the site (`SESSION_ENGINE`): one statement reads the request's session,
its user, the user's grants (with their school, class, authority and the user's cards) and a
parent's children — everything `request.user` and `request.actor` are built from (decision 0032).

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

from zhurnal.accounts.models import RoleGrant, User, UserSession
from zhurnal.accounts.sessions import SessionStore as AccountsSessionStore
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


@cache
def _sql(alias: str) -> str:
    connection = connections[alias]
    return f"""
    SELECT {_SESSION.select(connection)}, {_USER.select(connection)}, {actors.grant_columns(connection)},
           (SELECT {_children_list(connection.vendor)}
            FROM {StudentGuardian._meta.db_table} sg JOIN {Guardian._meta.db_table} gu ON gu.id = sg.guardian_id
            WHERE gu.user_id = u.id)
    FROM {UserSession._meta.db_table} us
    LEFT JOIN {User._meta.db_table} u ON u.id = us.user_id
    LEFT JOIN {RoleGrant._meta.db_table} g ON g.user_id = u.id
    {actors.GRANT_JOINS}
    WHERE us.session_key = %s AND us.expire_date > %s
    ORDER BY g.id
    """


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
        if user is not None:
            children = first[at_grants + actors.GRANT_WIDTH]
            grants = actors.grants_from_rows(rows, at_grants)
            user.loaded_actor = (grants, [int(c) for c in str(children).split(",")] if children else [])
        self.loaded_user = user
        return columns.build(first, connection=connection)
