"""`zhurnal bench`: server time and SQL queries of the journal page, the API grid and a mark save.

Runs in-process through the whole middleware stack (Django's test client), on whatever database
the settings name (SQLite by default, PostgreSQL with DATABASE_URL), on data it generates.
It also prints the floor: one raw SQL query that fetches the same grid, and the page's ratio to it.
Speed is measured here, never by timed unit tests.
"""

import statistics
import time
import uuid

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from zhurnal.accounts.tokens import token_issue
from zhurnal.ops.benchdata import build_bench_journal

FLOOR_SQL = """
SELECT l.id, l.date, l.topic, l.homework, m.id, m.student_id, m.value, m.work_type_id, m.version,
       a.student_id, a.code_id
FROM journal_lesson l
LEFT JOIN journal_mark m ON m.lesson_id = l.id
LEFT JOIN journal_attendance a ON a.lesson_id = l.id
WHERE l.assignment_id = %s AND l.date BETWEEN %s AND %s
"""


def _stats(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered) * 1000, p95 * 1000


class Command(BaseCommand):
    help = "Benchmark the journal page, the API grid and a mark save on generated data."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=60)
        parser.add_argument(
            "--generate-students",
            type=int,
            default=300,
            help="size of a generated school around the benchmark's class (0: none)",
        )

    def handle(self, *args, runs, generate_students, **options):
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
        median, p95 = _stats(samples)
        self.stdout.write(f"{label:<34} запросов {queries:>3}   медиана {median:7.2f} мс   p95 {p95:7.2f} мс")
        return median

    def _run(self, bench, runs, vendor):
        page_client = Client()
        page_client.force_login(bench.teacher, backend="django.contrib.auth.backends.ModelBackend")
        token = token_issue(user=bench.teacher)
        api_client = Client(headers={"Authorization": f"Bearer {token}"})
        page_url = f"/journal/{bench.assignment.pk}/?period={bench.period.pk}"
        api_url = f"/api/v1/journal?assignment={bench.assignment.pk}&period={bench.period.pk}"

        def page():
            response = page_client.get(page_url)
            assert response.status_code == 200, response.status_code

        def api_grid():
            response = api_client.get(api_url)
            assert response.status_code == 200, response.content[:300]

        lesson_id = bench.lesson_ids[-1]
        students = iter(bench.student_ids * (runs + 10))

        def mark_save():
            response = api_client.post(
                "/api/v1/marks",
                {
                    "lesson": lesson_id,
                    "student": next(students),
                    "value": "5",
                    "work_type": bench.work_type_id,
                },
                content_type="application/json",
                headers={"Idempotency-Key": uuid.uuid4().hex},
            )
            assert response.status_code == 201, response.content[:300]

        with connection.cursor() as cursor:
            params = [bench.assignment.pk, bench.period.start, bench.period.end]

            def floor():
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
        self._measure("Сохранение отметки (POST /marks)", mark_save, runs)
        self.stdout.write(f"Страница / пол: {page_ms / floor_ms:.1f}×   API / пол: {api_ms / floor_ms:.1f}×")
        self.stdout.write(f"(DEBUG={settings.DEBUG}, {vendor})")
