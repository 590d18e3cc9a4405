"""core.prepared: on PostgreSQL the plain-SQL reads are prepared once a connection and keep
their generic plan; the values they return are the client-side cursor's (decision 0038)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from tests import factories as f
from zhurnal.core.rawsql import fetch, fetch_value

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements"),
]

SQL = "SELECT id, short_name, %s::date FROM schools_school WHERE id = %s"


def _prepared() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements")
        return cursor.fetchall()


def test_a_plain_read_is_prepared_on_its_first_run_and_planned_once():
    school = f.SchoolFactory(short_name="Школа № 7")
    day = dt.date(2026, 12, 1)
    for _ in range(3):
        assert fetch(SQL, [day, school.pk]) == [(school.pk, "Школа № 7", day)]
    [(statement, generic, custom)] = [row for row in _prepared() if "schools_school" in row[0]]
    assert "$2" in statement  # bound on the server, not written into the text
    assert (generic, custom) == (3, 0)


def test_the_connection_keeps_generic_plans():
    assert fetch_value("SHOW plan_cache_mode") == "force_generic_plan"


def test_a_prepared_read_is_logged_with_its_values():
    school = f.SchoolFactory()
    with CaptureQueriesContext(connection) as queries:
        fetch_value("SELECT short_name FROM schools_school WHERE id = %s", [school.pk])
    assert (
        queries.captured_queries[-1]["sql"] == f"SELECT short_name FROM schools_school WHERE id = {school.pk}"
    )


@override_settings(DB_PREPARED_STATEMENTS=False)
def test_turned_off_a_read_is_not_prepared():
    school = f.SchoolFactory()
    fetch_value("SELECT short_name FROM schools_school WHERE id = %s AND %s", [school.pk, True])
    assert not [row for row in _prepared() if "AND $2" in row[0]]
