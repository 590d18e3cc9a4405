"""Hand-written SQL for the few reads every request or the journal page makes, turned back into
model instances exactly as the ORM would build them (docs/decisions/0006).

Building and compiling a Django query costs 0.2–0.8 ms on this machine — more than SQLite takes to
answer it — so the reads on the hottest paths (the actor, the navbar's counts, the journal grid)
are written once as SQL. `ModelColumns` keeps them honest: it selects every concrete column of a
model from the model's own metadata and converts the values with the backend's and the field's
own converters (dates, aware datetimes, decimals, booleans), then builds the instance with
`Model.from_db`, as a queryset does. Each such read has a test comparing it with its ORM twin.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from django.conf import settings
from django.db import connection as default_connection
from django.db import connections, transaction
from django.db.models import Model


def fetch(sql: str, params: Sequence = (), *, connection=default_connection) -> list[tuple]:
    with _cursor(connection) as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def fetch_value(sql: str, params: Sequence = (), *, connection=default_connection):
    """The first column of the first row, or None."""
    with _cursor(connection) as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return row[0] if row else None


def _cursor(connection):
    """On PostgreSQL, a cursor whose statements the server plans once per connection
    (decision 0038): these reads run on every request, and planning them cost PostgreSQL
    10–20 times what running them did. Elsewhere, and with `DB_PREPARED_STATEMENTS=0` (a
    transaction-mode pooler before PgBouncer 1.21 keeps no prepared statements), the usual one."""
    if connection.vendor != "postgresql" or not getattr(settings, "DB_PREPARED_STATEMENTS", True):
        return connection.cursor()
    from zhurnal.core.prepared import prepared_cursor

    return prepared_cursor(connection)


class ModelColumns:
    """Every concrete column of `model` under a table alias: `select()` for the SQL,
    `build(row, start)` for the instance (None when a LEFT JOIN found no row)."""

    def __init__(self, model: type[Model], alias: str):
        self.model = model
        self.alias = alias
        self.fields = list(model._meta.concrete_fields)
        self.attnames = [f.attname for f in self.fields]
        self.pk_index = self.fields.index(model._meta.pk)
        self._converters: dict[str, list] = {}
        self._selects: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self.fields)

    def select(self, connection=default_connection) -> str:
        found = self._selects.get(connection.alias)
        if found is None:  # built once per database: it is asked on every request
            quote = connection.ops.quote_name
            found = self._selects[connection.alias] = ", ".join(
                f"{self.alias}.{quote(f.column)}" for f in self.fields
            )
        return found

    def _converters_for(self, connection) -> list:
        found = self._converters.get(connection.alias)
        if found is None:
            found = []
            for index, field in enumerate(self.fields):
                column = field.get_col(self.alias)
                functions = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
                if functions:
                    found.append((index, column, functions))
            self._converters[connection.alias] = found
        return found

    def build(self, row: Sequence, start: int = 0, connection=default_connection) -> Model | None:
        values = list(row[start : start + len(self.fields)])
        if values[self.pk_index] is None:
            return None
        for index, column, functions in self._converters_for(connection):
            value = values[index]
            for function in functions:
                value = function(value, column, connection)
            values[index] = value
        return self.model.from_db(connection.alias, self.attnames, values)


def insert(model: type[Model], connection=default_connection, **values) -> None:
    """One row, as `Model.objects.create(**values)` would write it (defaults, `auto_now_add`,
    each field's own preparation), without reading anything back: for the activity log's
    one insert per request, where the ORM's insert cost more than the write itself."""
    instance = model(**values)
    fields, sql = _insert_statement(model, connection.alias)
    params = [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]
    with _cursor(connection) as cursor:
        cursor.execute(sql, params)


def insert_params(model: type[Model], connection=default_connection, **values) -> list:
    """The parameters `insert` would send, prepared now (so `auto_now_add` is this moment): for
    rows written later in a batch by `insert_many`."""
    instance = model(**values)
    fields, _ = _insert_statement(model, connection.alias)
    return [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]


def insert_many(model: type[Model], rows: list[list], connection=default_connection) -> None:
    """Rows prepared by `insert_params`, in one transaction and one executemany."""
    _, sql = _insert_statement(model, connection.alias)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.executemany(sql, rows)


@functools.cache
def _insert_statement(model: type[Model], alias: str) -> tuple[list, str]:
    """The columns and the INSERT of a model, built once per database."""
    quote = connections[alias].ops.quote_name
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)})"
        f" VALUES ({', '.join(['%s'] * len(fields))})"
    )
    return fields, sql


def insert_rows(
    instances: Sequence[Model], *, returning_pk: bool = False, connection=default_connection
) -> None:
    """New rows of one model in as few INSERTs as the database's parameter limit allows, written
    as `bulk_create` writes them (defaults, `auto_now_add`, each field's own preparation) without
    the ORM's compiler, which cost more than the insert for a batch of journal cells. With
    `returning_pk` the primary keys are set from RETURNING, in the order inserted (PostgreSQL and
    SQLite ≥ 3.35, as bulk_create relies on)."""
    if not instances:
        return
    model = type(instances[0])
    # The connection itself, not the proxy: each field's preparation asks it for its ops.
    connection = connections[connection.alias]
    fields, _sql = _insert_statement(model, connection.alias)
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) VALUES "
    row_sql = f"({', '.join(['%s'] * len(fields))})"
    tail = f" RETURNING {quote(model._meta.pk.column)}" if returning_pk else ""
    limit = connection.features.max_query_params or 60000
    per_statement = max(1, limit // len(fields))
    with _cursor(connection) as cursor:
        for start in range(0, len(instances), per_statement):
            chunk = instances[start : start + per_statement]
            params = [f.get_db_prep_save(f.pre_save(obj, True), connection) for obj in chunk for f in fields]
            cursor.execute(head + ", ".join([row_sql] * len(chunk)) + tail, params)
            if returning_pk:
                for obj, (pk,) in zip(chunk, cursor.fetchall(), strict=True):
                    obj.pk = pk
    for obj in instances:
        obj._state.adding = False
        obj._state.db = connection.alias


def record_id(value) -> int | None:
    """A primary key from user input for a plain SQL read: an int in BIGINT's positive range, or
    None (which names no row) — where the ORM would coerce or refuse it for us."""
    if isinstance(value, bool):
        return None
    try:
        value = int(value)
    except (TypeError, ValueError):
        return None
    return value if 0 < value < 2**63 else None
