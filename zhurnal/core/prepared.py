"""Statements PostgreSQL plans once per connection (decision 0038).

The plain-SQL reads of `core.rawsql` run on every request with the same text; PostgreSQL spent
most of their time planning them (the diary's ETag statement: 8.4 ms planning, 0.6 ms running).
They go through a psycopg cursor that binds on the server and prepares each statement on its
first run (`prepare=True`), and the connection keeps the generic plan of a prepared statement
(`plan_cache_mode = force_generic_plan`), so a repeat costs only its run. The ORM's own queries
keep Django's client-side binding: nothing else on the connection is prepared unless
`DB_SERVER_SIDE_BINDING=1` asks for it too.

The cursor is wrapped by Django as any other (query logging, error translation), and psycopg
keeps at most `prepared_max` statements a connection, evicting the least used.
"""

from __future__ import annotations

import psycopg
from django.db.backends.signals import connection_created
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
from django.dispatch import receiver


class _PreparingCursor(psycopg.Cursor):
    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True, binary=binary)


class _LoggedPrepared(CursorDebugWrapper):
    """Logs the statement with its values, as Django's client-side cursor would (a prepared one
    keeps no text of its own for `last_executed_query`)."""

    def execute(self, sql, params=None):
        try:
            shown = self.db.ops.compose_sql(sql, params)
        except Exception:  # a statement psycopg cannot render still runs and is logged as written
            shown = sql
        with self.debug_sql(shown):
            return CursorWrapper.execute(self, sql, params)


def prepared_cursor(connection):
    """A Django cursor over a server-binding psycopg cursor that prepares what it runs."""
    connection.ensure_connection()
    connection.validate_thread_sharing()
    raw = _PreparingCursor(connection.connection)
    if connection.queries_logged:
        return _LoggedPrepared(raw, connection)
    return CursorWrapper(raw, connection)


@receiver(connection_created, dispatch_uid="zhurnal.core.prepared.generic_plans")
def _generic_plans(sender, connection, **kwargs) -> None:
    """A prepared statement is planned once, not again for each run's values: the values here
    are ids and dates, whose plans do not differ by value."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET plan_cache_mode = force_generic_plan")
