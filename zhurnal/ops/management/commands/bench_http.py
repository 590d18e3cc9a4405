"""`zhurnal bench_http`: pages timed over HTTP as users meet them (issue 13).

Generates its data shape (zhurnal.ops.benchmarks.shape) as a new school in the database the
settings name, starts `zhurnal serve` on a free local port against it, signs a teacher and a
parent in through the login form, and times every page one request after another (median, p95)
and under load (8 concurrent clients: requests/s, p50, p95, errors), each answer checked to be
the data page. Every page has a floor, one raw SQL query returning the same data, and its ratio
to it, twice: the SQL floor (timed in this process) and the HTTP floor (the same query served
as JSON by a bare WSGI app, ops.benchmarks.floor_app, under the same gunicorn, on its own port);
the ≤ 3× budgets are judged against the HTTP floor (decision 0032). Conditional requests
(If-None-Match → 304) are timed for the pages that send an ETag, and beside them the 304's own
floors (decision 0041): the floor app answering 304 with no query and after reading the session
row, directly and through Django's request handler with no middleware.
Every page is timed in two passes (`--passes`); a budget is met when every pass meets it, and
its line quotes each pass. The machine is shared: read the figures as medians of repeated runs.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sys
import tempfile
import time
import uuid

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection

from zhurnal.ops.benchmarks import floor_app, floors
from zhurnal.ops.benchmarks.client import Browser, Server, load, stats, timed
from zhurnal.ops.benchmarks.shape import PASSWORD, TODAY, build_shape

# Issue 13's budgets (medians, this 2-core machine).
BUDGET_RATIO = 3  # diary pages and the journal page: ≤ 3× their floor
BUDGET_WEEK_RPS = 300  # the week page with 8 clients, SQLite
BUDGET_NOT_MODIFIED_MS = 2
BUDGET_SAVE_MS = 10  # the single-cell save of issue 3


class Command(BaseCommand):
    help = "Benchmark pages over HTTP through `zhurnal serve` on generated data (issue 13)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=100, help="sequential requests per page")
        parser.add_argument(
            "--passes", type=int, default=2, help="sequential passes over every page (budgets: each pass)"
        )
        parser.add_argument("--clients", type=int, default=8)
        parser.add_argument("--seconds", type=float, default=15.0, help="length of each load run")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--port", type=int, default=0, help="the server's port (default: any free one)")
        parser.add_argument("--load", default="week,marks,journal,api_diary,empty", help="pages under load")

    def handle(self, *args, runs, passes, clients, seconds, workers, port, load, **options):
        # A stopped bench stops its servers too (the `with` blocks below run on SystemExit).
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        vendor = connection.vendor
        self.stdout.write(f"HTTP-замер, база данных: {vendor}")
        shape = build_shape()
        if vendor == "postgresql":
            # Fresh statistics after the bulk load: the planner otherwise estimates the shape's
            # thousands of lessons as a handful and picks its plans for that.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            f"Данные: класс 30 обучающихся, 6 предметов × 40 уроков в четверти, отметок {shape.marks}, "
            f"посещаемость за год {shape.attendance}; математика 100 и 200 уроков для масштаба"
        )
        self.pages = self._pages(shape)
        with Server(today=TODAY.isoformat(), port=port, workers=workers) as server:
            teacher, parent = Browser(server.port), Browser(server.port)
            teacher.sign_in(shape.teacher.username, PASSWORD)
            parent.sign_in(shape.parent.username, PASSWORD)
            who = {"teacher": teacher, "parent": parent}
            results = {key: [] for key in self.pages}
            self.not_modified_floors = []
            # The floor server reads the parent's own session row for the 304's floors, so it
            # starts once the parent is signed in.
            with self._floor_server(workers, parent.cookies[settings.SESSION_COOKIE_NAME]) as floor_server:
                # Its workers booting would slow the first pages timed.
                floor_server.wait_answering()
                self.floor_browser = Browser(floor_server.port)
                self.stdout.write(
                    "\n(бюджеты «≤ 3× пола» считаются от пола HTTP: тот же один SQL-запрос, отданный как JSON"
                    " голым WSGI-приложением под тем же gunicorn)"
                )
                for number in range(1, passes + 1):
                    self.stdout.write(
                        f"\nПоследовательно, {runs} запросов на страницу, прогон {number} из {passes}:"
                    )
                    for key, page in self.pages.items():
                        results[key].append(self._sequential(key, page, who[page["who"]], runs))
                    self.not_modified_floors.append(self._not_modified_floors(runs))
                self.floor_browser.close()
            self.stdout.write(f"\nПод нагрузкой: {clients} клиентов по {seconds:.0f} с:")
            loads = {}
            for key in [k for k in load.split(",") if k in self.pages]:
                page = self.pages[key]
                headers = {"Cookie": who[page["who"]].cookie_header()}
                loads[key] = found = load_run(server.port, page["path"], headers, clients, seconds)
                self.stdout.write(
                    f"  {page['label']:<36} {found.requests_per_s:7.0f} запросов/с   p50 {found.p50_ms:6.1f} мс"
                    f"   p95 {found.p95_ms:6.1f} мс   ошибок {found.errors} ({found.tool})"
                )
            teacher.close()
            parent.close()
        self._budgets(vendor, results, loads)
        self.stdout.write(
            f"(DEBUG={settings.DEBUG}, {vendor}; общая машина: сравнивайте медианы повторных прогонов)"
        )

    def _pages(self, shape) -> dict[str, dict]:
        quarter = shape.quarter
        monday = TODAY - dt.timedelta(days=TODAY.weekday())
        saturday = monday + dt.timedelta(days=5)
        pupil = shape.pupil_id
        students = iter(shape.student_ids * 1000)

        def mark_body():
            body = {"lesson": shape.save_lesson_id, "student": next(students), "value": "4"}
            return json.dumps({**body, "work_type": shape.work_type_id}).encode()

        pages = {
            "empty": {
                "label": "Пустая страница (вход выполнен)",
                "who": "teacher",
                "path": "/accounts/password/done/",
                "marker": "Пароль изменён".encode(),
                "floor": None,
            },
        }
        for lessons, assignment in sorted(shape.scaling.items()):
            suffix = "" if lessons == 40 else f", {lessons} уроков"
            grid = floors.grid(assignment, quarter.start, quarter.end)
            pages[f"journal{suffix and lessons}"] = {
                "label": f"Страница журнала{suffix}",
                "who": "teacher",
                "path": f"/journal/{assignment}/?period={quarter.pk}",
                "marker": "Ученик".encode(),
                "floor": grid,
            }
            pages[f"api_grid{suffix and lessons}"] = {
                "label": f"API: сетка журнала{suffix}",
                "who": "teacher",
                "path": f"/api/v1/journal?assignment={assignment}&period={quarter.pk}",
                "marker": b'"lessons"',
                "floor": grid,
            }
        week_floor = floors.pupil_lessons(shape, monday, saturday)
        marks_floor = floors.pupil_lessons(shape, quarter.start, quarter.end, quarter.pk)
        pages |= {
            "week": {
                "label": "Дневник: неделя",
                "who": "parent",
                "path": f"/diary/{pupil}/",
                "marker": "Математика".encode(),
                "floor": week_floor,
            },
            "api_diary": {
                "label": "API: дневник недели",
                "who": "parent",
                "path": f"/api/v1/students/{pupil}/diary",
                "marker": b'"days"',
                "floor": week_floor,
            },
            "marks": {
                "label": "Дневник: отметки за четверть",
                "who": "parent",
                "path": f"/diary/{pupil}/marks/?period={quarter.pk}",
                "marker": "Математика".encode(),
                "floor": marks_floor,
            },
            "api_marks": {
                "label": "API: отметки за четверть",
                "who": "parent",
                "path": f"/api/v1/students/{pupil}/marks?period={quarter.pk}",
                "marker": b'"subjects"',
                "floor": marks_floor,
            },
            "save": {
                "label": "Сохранение отметки (POST /marks)",
                "who": "teacher",
                "method": "POST",
                "path": "/api/v1/marks",
                "body": mark_body,
                "status": 201,
                "marker": b'"value"',
                "floor": floors.mark_insert(shape),
            },
        }
        return pages

    def _sequential(self, key, page, browser, runs) -> dict:
        method = page.get("method", "GET")
        expected = page.get("status", 200)

        def call(extra=None, status=expected):
            headers = dict(extra or {})
            body = b""
            if method == "POST":
                body = page["body"]()
                headers |= {
                    "X-CSRFToken": browser.cookies.get("csrftoken", ""),
                    "Idempotency-Key": uuid.uuid4().hex,
                }
            answer = browser.request(method, page["path"], body=body, headers=headers)
            if answer.status != status or (status == 200 and page["marker"] not in answer.body):
                raise RuntimeError(f"{page['label']}: {answer.status}, not the data page")
            return answer

        first = call()
        # The page and its floors in turn, request by request: on a shared machine all three
        # meet the same moments of load, and their ratios stay readable.
        calls = [call]
        if page["floor"]:
            calls.append(page["floor"])
        if page.get("http_floor"):
            calls.append(lambda: self._http_floor(page))
        samples = interleaved(calls, runs)
        median, p95 = stats(samples[0])
        floor_ms = http_floor_ms = None
        line = f"  {page['label']:<36} медиана {median:7.2f} мс   p95 {p95:7.2f} мс"
        if page["floor"]:
            floor_ms = stats(samples[1])[0]
            line += f"   пол SQL {floor_ms:6.2f} мс {median / floor_ms:6.1f}×"
        if page.get("http_floor"):
            http_floor_ms = stats(samples[-1])[0]
            line += f"   пол HTTP {http_floor_ms:5.2f} мс {median / http_floor_ms:5.1f}×"
        result = {"median": median, "p95": p95, "floor": floor_ms, "http_floor": http_floor_ms}
        etag = first.headers.get("etag")
        if etag and method == "GET":
            nm_median, nm_p95 = stats(timed(lambda: call({"If-None-Match": etag}, status=304), runs))
            line += f"   304: {nm_median:5.2f} мс"
            result["not_modified"] = nm_median
        self.stdout.write(line)
        return result

    def _floor_server(self, workers: int, session_key: str) -> Server:
        """The floor app under the same gunicorn as the product, serving every page's floor query
        and the parent's session read (the 304's floors)."""
        # The one read every signed-in 304 makes: the session row by its key.
        self.session_read = floors.session(session_key)
        queries = {self.session_read.name: (self.session_read.sql, self.session_read.params)}
        for page in self.pages.values():
            floor = page["floor"]
            if isinstance(floor, floors.Floor):
                queries[floor.name] = (floor.sql, floor.params)
                page["http_floor"] = floor.name
        handle, self.floor_queries = tempfile.mkstemp(prefix="zhurnal-floors-", suffix=".json")
        os.close(handle)
        floor_app.write_queries(self.floor_queries, queries)
        env = {floor_app.QUERIES_ENV: self.floor_queries}
        return Server(today=TODAY.isoformat(), workers=workers, env=env, app=floor_app.APP)

    def _not_modified_floors(self, runs: int) -> dict[str, float]:
        """What a 304 costs before any product code runs (decision 0041), timed in turn like the
        pages: the server answering 304 alone, after reading the session row by its key, and
        the same two through Django's request handler (no middleware, no URL resolving)."""
        paths = {
            "server": "/",
            "server_read": f"/{self.session_read.name}",
            "django": f"{floor_app.DJANGO_PREFIX}/",
            "django_read": f"{floor_app.DJANGO_PREFIX}/{self.session_read.name}",
        }

        def call(path):
            def conditional():
                answer = self.floor_browser.request("GET", path, headers={"If-None-Match": '"floor"'})
                if answer.status != 304:
                    raise RuntimeError(f"the floor app answered {path} with {answer.status}, not 304")

            return conditional

        samples = interleaved([call(path) for path in paths.values()], runs)
        found = {key: stats(taken)[0] for key, taken in zip(paths, samples, strict=True)}
        self.stdout.write(
            f"  {'Пол ответа 304':<36} сервер {found['server']:5.2f} мс;"
            f" + чтение сессии {found['server_read']:5.2f} мс;"
            f" через обработчик Django {found['django']:5.2f} мс, + чтение сессии {found['django_read']:5.2f} мс"
        )
        return found

    def _http_floor(self, page) -> None:
        answer = self.floor_browser.request("GET", f"/{page['http_floor']}")
        if answer.status != 200 or not answer.body.startswith(b"[["):
            raise RuntimeError(f"{page['label']}: the floor app answered {answer.status}")

    def _budgets(self, vendor, results, loads) -> None:
        """Each budget is met when every pass meets it; the line quotes every pass's figure."""
        checks = []

        def figures(values, unit):
            return " / ".join(f"{v:.2f}" if v is not None else "—" for v in values) + unit

        for key in ("week", "marks", "api_diary", "api_marks", "journal"):
            ratios = [r["median"] / r["http_floor"] for r in results[key]]
            checks.append(
                (
                    f"{self.pages[key]['label']} ≤ {BUDGET_RATIO}× пола HTTP ({figures(ratios, '×')})",
                    all(ratio <= BUDGET_RATIO for ratio in ratios),
                )
            )
        # Beside each 304 budget, its floor: one read of the session row through Django's handler.
        floor_304 = figures([f["django_read"] for f in self.not_modified_floors], " мс")
        for key in ("week", "marks", "api_diary", "api_marks"):
            nms = [r.get("not_modified") for r in results[key]]
            checks.append(
                (
                    f"{self.pages[key]['label']}: 304 ≤ {BUDGET_NOT_MODIFIED_MS} мс ({figures(nms, ' мс')};"
                    f" пол 304 {floor_304})",
                    all(nm is not None and nm <= BUDGET_NOT_MODIFIED_MS for nm in nms),
                )
            )
        if vendor == "sqlite" and "week" in loads:
            rps = loads["week"].requests_per_s
            checks.append((f"неделя ≥ {BUDGET_WEEK_RPS} запросов/с ({rps:.0f})", rps >= BUDGET_WEEK_RPS))
        saves = [r["median"] for r in results["save"]]
        checks.append(
            (
                f"сохранение отметки ≤ {BUDGET_SAVE_MS} мс ({figures(saves, ' мс')})",
                all(save <= BUDGET_SAVE_MS for save in saves),
            )
        )
        self.stdout.write(f"\nБюджеты ({vendor}):")
        for label, ok in checks:
            self.stdout.write(f"  {'соблюден' if ok else 'ПРЕВЫШЕН'}: {label}")
        met = sum(ok for _, ok in checks)
        self.stdout.write(f"Соблюдено {met} из {len(checks)}.")


def interleaved(calls: list, runs: int) -> list[list[float]]:
    """`runs` rounds of every call in turn; the samples of each call, in seconds."""
    samples = [[] for _ in calls]
    for _ in range(runs):
        for call, found in zip(calls, samples, strict=True):
            start = time.perf_counter()
            call()
            found.append(time.perf_counter() - start)
    return samples


def load_run(port, path, headers, clients, seconds):
    return load(port, path, headers, clients=clients, seconds=seconds)
