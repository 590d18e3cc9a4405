"""Django's database sessions, in `accounts.UserSession` (the user's id a column of its own), with
the read written as plain SQL.

Same data, expiry and clean-up (`clearsessions`) as Django's; the row also carries the signed-in
user's id, copied from the data on every save, so that policy.sessions can read the session, its
user and the user's grants in one statement (decision 0032). `_get_session_from_db` here is the
plain read of the session alone, through core.rawsql, because building the ORM query cost more
than running it.
"""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections
from django.utils import timezone

from zhurnal.core.rawsql import ModelColumns, fetch, record_id


class SessionStore(DatabaseSessionStore):
    _columns = None

    @classmethod
    def get_model_class(cls):
        from zhurnal.accounts.models import UserSession

        return UserSession

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        instance.user_id = record_id(data.get(SESSION_KEY))
        return instance

    @classmethod
    def _session_columns(cls) -> ModelColumns:
        if cls._columns is None:
            cls._columns = ModelColumns(cls.get_model_class(), "s")
        return cls._columns

    def _now(self, connection):
        return connection.ops.adapt_datetimefield_value(timezone.now())

    def _get_session_from_db(self):
        columns = self._session_columns()
        connection = connections[self.model._default_manager.db]
        rows = fetch(
            f"SELECT {columns.select(connection)} FROM {self.model._meta.db_table} s"
            " WHERE s.session_key = %s AND s.expire_date > %s",
            [self.session_key, self._now(connection)],
            connection=connection,
        )
        if not rows:
            self._session_key = None
            return None
        return columns.build(rows[0], connection=connection)
