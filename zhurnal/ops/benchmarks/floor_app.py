"""The floor as users would meet it: a bare WSGI app that runs one page's floor query on Django's
connection and answers its rows as JSON (decision 0032).

Started by `zhurnal bench_http` only for its run, under the same server, configuration, worker and
thread count as `zhurnal serve`, on its own port: it is never a route of the product. No URL
resolver, no middleware, no session, no template: what is left of a page's time is the server,
the connection, the one query and the encoding of its rows. The queries come from the file
named by ZHURNAL_FLOOR_QUERIES, written by the bench (`write_queries`): `GET /<name>` runs the
query kept under that name and answers its rows; an unknown name answers 404.

The floors of a conditional answer (decision 0041). With `If-None-Match`, the same route answers
304 and no body, after the query, from an ETag of its rows: what any 304 that reads the database
costs. `GET /` with `If-None-Match` answers 304 without a query: the server's own cost. Under
`/django/` the same is answered through Django's request handler, with no middleware and no URL
resolving: what the framework adds before any product code runs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os

QUERIES_ENV = "ZHURNAL_FLOOR_QUERIES"
APP = "zhurnal.ops.benchmarks.floor_app:application"
DJANGO_PREFIX = "/django"


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


def etag_of(rows: list) -> str:
    return '"' + hashlib.sha256(repr(rows).encode()).hexdigest()[:32] + '"'


def make_app():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhurnal.settings")
    django.setup()
    from django.db import connection
    from django.http import HttpResponse, HttpResponseNotModified

    queries = _load()

    def run(name: str) -> list | None:
        """The rows of the query kept under `name`; [] for no name (no query); None for a name
        the bench did not write."""
        if not name:
            return []
        found = queries.get(name)
        if found is None:
            return None
        sql, params = found
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def through_django(request):
        rows = run(request.path.removeprefix(DJANGO_PREFIX).strip("/"))
        if rows is None or "HTTP_IF_NONE_MATCH" not in request.META:
            return HttpResponse(status=404)
        response = HttpResponseNotModified()
        response["ETag"] = etag_of(rows)
        return response

    django_handler = _bare_django_handler(through_django)

    def application(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == DJANGO_PREFIX or path.startswith(DJANGO_PREFIX + "/"):
            return django_handler(environ, start_response)
        name = path.strip("/")
        conditional = "HTTP_IF_NONE_MATCH" in environ
        rows = run(name) if name or conditional else None
        if rows is None:
            start_response("404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", "0")])
            return [b""]
        if conditional:
            start_response("304 Not Modified", [("ETag", etag_of(rows))])
            return [b""]
        body = json.dumps(rows, default=str, ensure_ascii=False).encode()
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]

    return application


def _bare_django_handler(view):
    """Django's WSGI handler with no middleware and no URL resolving: every request goes to
    `view`. The request object, the signals, the response and its closing are Django's own."""
    from django.core.handlers.exception import convert_exception_to_response
    from django.core.handlers.wsgi import WSGIHandler

    class BareHandler(WSGIHandler):
        def load_middleware(self, is_async=False):
            self._view_middleware = []
            self._template_response_middleware = []
            self._exception_middleware = []
            self._middleware_chain = convert_exception_to_response(view)

    return BareHandler()


# gunicorn imports `application` from here (`zhurnal.ops.benchmarks.floor_app:application`).
application = make_app() if os.environ.get(QUERIES_ENV) else None
