"""Query-plan checks: does a statement read a table whole (every school's rows) or through an index
bounded by the request's school, pupil, teacher or journal?

A region database has fifty schools; a read bounded only by a date window or an OR across a join
reads all of them (docs/performance/region-50.md). The test databases are small, so the planner's
choice between a scan and an index is forced the way a large table would force it: SQLite is asked
with `EXPLAIN QUERY PLAN` (a whole read is `SCAN <table>`), PostgreSQL with sequential scans and
hash and merge joins disabled (as with a few outer rows against a large table), where a read that
no index bounds still shows up as a `Seq Scan` or as an index scan whose condition names none of
the bounding columns.
"""

from __future__ import annotations

import json
import re

from django.db import connection, transaction


def _aliases(sql: str, table: str) -> set[str]:
    names = {table}
    names |= set(re.findall(rf'"{table}" (?:AS )?"?(\w+)"?', sql))
    names |= set(re.findall(rf"\b{table}\s+(?:AS\s+)?(\w+)", sql))  # plain SQL's unquoted names
    keywords = {"ON", "WHERE", "INNER", "LEFT", "GROUP", "ORDER", "JOIN", "CROSS", "UNION", "USING", "SET"}
    return {n for n in names if n.upper() not in keywords}


def whole_reads(queryset_or_sql, table: str, bounded_by: tuple[str, ...], params=()) -> list[str]:
    """The plan's reads of `table` not bounded by an index on one of `bounded_by` (empty if none)."""
    if isinstance(queryset_or_sql, str):
        sql = queryset_or_sql
    else:
        sql, params = queryset_or_sql.query.sql_with_params()
    if connection.vendor == "sqlite":
        return _sqlite(sql, params, table, bounded_by)
    return _postgresql(sql, params, table, bounded_by)


def _sqlite(sql, params, table, bounded_by) -> list[str]:
    names = _aliases(sql, table)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        details = [row[-1] for row in cursor.fetchall()]
    found = []
    for detail in details:
        words = detail.split()
        if len(words) < 2 or words[1] not in names:
            continue
        bounded = words[0] == "SEARCH" and any(f"{c}=" in detail for c in (*bounded_by, "rowid"))
        if not bounded:
            found.append(detail)
    return found


def _postgresql(sql, params, table, bounded_by) -> list[str]:
    with transaction.atomic(), connection.cursor() as cursor:
        for method in ("seqscan", "hashjoin", "mergejoin"):
            cursor.execute(f"SET LOCAL enable_{method} = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    found = []

    def walk(node):
        if node.get("Relation Name") == table:
            condition = node.get("Index Cond", "") + node.get("Recheck Cond", "")
            if node["Node Type"] == "Seq Scan" or not any(c in condition for c in (*bounded_by, "id =")):
                found.append(f"{node['Node Type']} {node.get('Index Name', '')} {condition}".strip())
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    return found
