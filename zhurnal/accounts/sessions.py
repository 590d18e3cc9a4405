"""Django's database sessions, with the one read every request makes written as plain SQL.

Same table, same data, same expiry and clean-up (`clearsessions`): only `_get_session_from_db`
differs, through core.rawsql, because building the ORM query cost more than running it.
"""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections
from django.utils import timezone

from zhurnal.core.rawsql import ModelColumns, fetch


class SessionStore(DatabaseSessionStore):
    _columns = None

    @classmethod
    def _session_columns(cls) -> ModelColumns:
        if cls._columns is None:
            cls._columns = ModelColumns(cls.get_model_class(), "s")
        return cls._columns

    def _get_session_from_db(self):
        columns = self._session_columns()
        connection = connections[self.model._default_manager.db]
        rows = fetch(
            f"SELECT {columns.select(connection)} FROM {self.model._meta.db_table} s"
            " WHERE s.session_key = %s AND s.expire_date > %s",
            [self.session_key, connection.ops.adapt_datetimefield_value(timezone.now())],
            connection=connection,
        )
        if not rows:
            self._session_key = None
            return None
        return columns.build(rows[0], connection=connection)
