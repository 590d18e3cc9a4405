"""`zhurnal bench`: server time and SQL queries of the journal page, the API grid and a mark save.

Runs in-process through the whole middleware stack (Django's test client), on whatever database
the settings name (SQLite by default, PostgreSQL with DATABASE_URL), on data it generates.
It also prints the floor: one raw SQL query that fetches the same grid, and the page's ratio to it.
Speed is measured here, never by timed unit tests.
"""

import io
import json
import statistics
import time
import uuid

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django_tasks import task_backends

from zhurnal.accounts.tokens import token_issue
from zhurnal.ops.benchdata import build_bench_journal

# Issue 3's budgets (medians, on this 2-core machine).
BUDGET_PAGE_MS = 30
BUDGET_PAGE_RATIO = 3
BUDGET_SAVE_MS = 10

FLOOR_SQL = """
SELECT l.id, l.date, l.topic, l.homework, m.id, m.student_id, m.value, m.work_type_id, m.version,
       a.student_id, a.code_id
FROM journal_lesson l
LEFT JOIN journal_mark m ON m.lesson_id = l.id
LEFT JOIN journal_attendance a ON a.lesson_id = l.id
WHERE l.assignment_id = %s AND l.date BETWEEN %s AND %s
"""


class _Server:
    """Calls Django's WSGI application the way gunicorn does, and reads the whole answer."""

    def __init__(self):
        self.app = WSGIHandler()

    def call(self, method, path, query, *, cookie="", token="", body=b"", extra=None) -> int:
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": "127.0.0.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": io.StringIO(),
            "CONTENT_LENGTH": str(len(body)),
            "CONTENT_TYPE": "application/json" if body else "",
        }
        if cookie:
            environ["HTTP_COOKIE"] = cookie
        if token:
            environ["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        environ.update(extra or {})
        status_holder = []
        chunks = self.app(environ, lambda status, headers, exc_info=None: status_holder.append(status))
        b"".join(chunks)
        if hasattr(chunks, "close"):
            chunks.close()
        return int(status_holder[0].split()[0])


def _settle() -> None:
    """Let background tasks (notifications after a save) finish between two timed requests, so
    one request's time does not include the previous one's after-commit work sharing the GIL."""
    backend = task_backends["default"]
    if hasattr(backend, "wait"):
        backend.wait()


def _stats(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered) * 1000, p95 * 1000


class Command(BaseCommand):
    help = "Benchmark the journal page, the API grid and a mark save on generated data."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=200)
        parser.add_argument(
            "--generate-students",
            type=int,
            default=300,
            help="size of a generated school around the benchmark's class (0: none)",
        )
        # The issues' names for the other benches: `zhurnal bench --reports [--schools 50]` is
        # `bench_reports`, `zhurnal bench --data` is `bench_data` (each keeps its own command).
        parser.add_argument("--reports", action="store_true", help="отчёты: zhurnal bench_reports")
        parser.add_argument(
            "--schools", type=int, default=0, help="с --reports: authority-summary по N школам"
        )
        parser.add_argument("--data", action="store_true", help="обмен данными: zhurnal bench_data")

    def handle(self, *args, runs, generate_students, reports=False, schools=0, data=False, **options):
        if reports:
            return call_command("bench_reports", schools=schools, stdout=self.stdout, stderr=self.stderr)
        if data:
            return call_command("bench_data", stdout=self.stdout, stderr=self.stderr)
        vendor = connection.vendor
        self.stdout.write(f"База данных: {vendor}")
        if generate_students:
            try:
                call_command(
                    "generate", schools=1, students_per_school=generate_students, seed=11, stdout=self.stdout
                )
            except Exception as error:  # the generator is optional context, not the subject
                self.stderr.write(f"generate skipped: {error}")
        bench = build_bench_journal()
        with override_settings(ZHURNAL_TODAY=bench.last_day.isoformat(), ALLOWED_HOSTS=["*"]):
            self._run(bench, runs, vendor)

    def _measure(self, label, func, runs):
        func()  # warm up
        with CaptureQueriesContext(connection) as ctx:
            func()
        queries = len(ctx.captured_queries)
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            func()
            samples.append(time.perf_counter() - start)
            _settle()
        median, p95 = _stats(samples)
        self.stdout.write(f"{label:<34} запросов {queries:>3}   медиана {median:7.2f} мс   p95 {p95:7.2f} мс")
        return median

    def _run(self, bench, runs, vendor):
        # The session cookie comes from the test client's login; the requests themselves go
        # straight to the WSGI application, as gunicorn sends them, without the test client's
        # template instrumentation.
        login_client = Client()
        login_client.force_login(bench.teacher, backend="zhurnal.accounts.backends.UserBackend")
        cookie = f"{settings.SESSION_COOKIE_NAME}={login_client.cookies[settings.SESSION_COOKIE_NAME].value}"
        token = token_issue(user=bench.teacher)
        server = _Server()
        page_path = f"/journal/{bench.assignment.pk}/"
        query = f"period={bench.period.pk}"
        api_query = f"assignment={bench.assignment.pk}&period={bench.period.pk}"

        def page():
            status = server.call("GET", page_path, query, cookie=cookie)
            assert status == 200, status

        def api_grid():
            status = server.call("GET", "/api/v1/journal", api_query, token=token)
            assert status == 200, status

        lesson_id = bench.lesson_ids[-1]
        students = iter(bench.student_ids * (runs + 10))

        def mark_save():
            body = json.dumps(
                {
                    "lesson": lesson_id,
                    "student": next(students),
                    "value": "5",
                    "work_type": bench.work_type_id,
                }
            ).encode()
            key = {"HTTP_IDEMPOTENCY_KEY": uuid.uuid4().hex}
            status = server.call("POST", "/api/v1/marks", "", token=token, body=body, extra=key)
            assert status == 201, status

        params = [bench.assignment.pk, bench.period.start, bench.period.end]

        def floor():
            with connection.cursor() as cursor:
                cursor.execute(FLOOR_SQL, params)
                return cursor.fetchall()

        rows = len(floor())
        self.stdout.write(
            f"Данные: класс {len(bench.student_ids)} обучающихся, {len(bench.lesson_ids)} уроков, "
            f"{rows} строк сетки (отметки × посещаемость)"
        )
        floor_ms = self._measure("Пол: один SQL-запрос", floor, runs)
        page_ms = self._measure("Страница журнала", page, runs)
        api_ms = self._measure("API: GET /journal", api_grid, runs)
        save_ms = self._measure("Сохранение отметки (POST /marks)", mark_save, runs)
        ratio = page_ms / floor_ms
        self.stdout.write(f"Страница / пол: {ratio:.1f}×   API / пол: {api_ms / floor_ms:.1f}×")
        exceeded = [
            label
            for label, ok in (
                (f"страница ≤ {BUDGET_PAGE_MS} мс", page_ms <= BUDGET_PAGE_MS),
                (f"страница ≤ {BUDGET_PAGE_RATIO}× пола", ratio <= BUDGET_PAGE_RATIO),
                (f"сохранение ≤ {BUDGET_SAVE_MS} мс", save_ms <= BUDGET_SAVE_MS),
            )
            if not ok
        ]
        self.stdout.write(
            f"Бюджеты ({vendor}): " + ("соблюдены." if not exceeded else "ПРЕВЫШЕНЫ: " + "; ".join(exceeded))
        )
        self.stdout.write(f"(DEBUG={settings.DEBUG}, {vendor})")
