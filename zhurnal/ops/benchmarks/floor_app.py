"""The floor as users would meet it: a bare WSGI app that runs one page's floor query on Django's
connection and answers its rows as JSON (decision 0032).

Started by `zhurnal bench_http` only for its run, under the same server, configuration, worker and
thread count as `zhurnal serve`, on its own port: it is never a route of the product. No URL
resolver, no middleware, no session, no template: what is left of a page's time is the server,
the connection, the one query and the encoding of its rows. The queries come from the file
named by ZHURNAL_FLOOR_QUERIES, written by the bench (`write_queries`): `GET /<name>` runs the
query kept under that name and answers its rows; an unknown name answers 404.
"""

from __future__ import annotations

import datetime as dt
import json
import os

QUERIES_ENV = "ZHURNAL_FLOOR_QUERIES"
APP = "zhurnal.ops.benchmarks.floor_app:application"


def encode_params(params: list) -> list:
    # Dates travel as tagged strings and come back as dates: PostgreSQL compares them as dates.
    return [{"date": p.isoformat()} if isinstance(p, dt.date) else p for p in params]


def decode_params(params: list) -> list:
    return [dt.date.fromisoformat(p["date"]) if isinstance(p, dict) else p for p in params]


def write_queries(path: str, queries: dict[str, tuple[str, list]]) -> None:
    """Keep `{name: (sql, params)}` for the app to read when it starts."""
    with open(path, "w", encoding="utf-8") as out:
        json.dump({name: [sql, encode_params(params)] for name, (sql, params) in queries.items()}, out)


def _load() -> dict[str, tuple[str, list]]:
    with open(os.environ[QUERIES_ENV], encoding="utf-8") as source:
        return {name: (sql, decode_params(params)) for name, (sql, params) in json.load(source).items()}


def make_app():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhurnal.settings")
    django.setup()
    from django.db import connection

    queries = _load()

    def application(environ, start_response):
        found = queries.get(environ.get("PATH_INFO", "").strip("/"))
        if found is None:
            start_response("404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", "0")])
            return [b""]
        sql, params = found
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        body = json.dumps(rows, default=str, ensure_ascii=False).encode()
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]

    return application


# gunicorn imports `application` from here (`zhurnal.ops.benchmarks.floor_app:application`).
application = make_app() if os.environ.get(QUERIES_ENV) else None
