"""`zhurnal bench_diary`: the diary week page and the marks page for a parent of a generated pupil
(SQL queries, median, p95, through the WSGI application as a server calls it), then the week
page's throughput with 8 concurrent clients on the production server (gunicorn, `zhurnal serve`).

Budgets (issue 4): ≤ 10 queries whatever the data, median ≤ 30 ms on SQLite.
"""

import http.client
import os
import socket
import subprocess
import sys
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from zhurnal.accounts.models import Role, RoleGrant
from zhurnal.ops.management.commands.bench import _Server, _stats
from zhurnal.people.models import StudentGuardian

TODAY = "2026-11-25"
BUDGET_QUERIES = 10
BUDGET_MEDIAN_MS = 30


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Command(BaseCommand):
    help = "Benchmark the diary (week and marks pages) and its throughput on gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=200)
        parser.add_argument("--students", type=int, default=300)
        parser.add_argument("--clients", type=int, default=8)
        parser.add_argument("--seconds", type=float, default=10.0)
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args, runs, students, clients, seconds, workers, **options):
        self.stdout.write(f"База данных: {connection.vendor}")
        call_command(
            "generate", schools=1, students_per_school=students, seed=3, today=TODAY, stdout=self.stdout
        )
        link = (
            StudentGuardian.objects.filter(
                guardian__user__in=RoleGrant.objects.filter(role=Role.PARENT).values("user_id")
            )
            .select_related("guardian__user")
            .order_by("-id")
            .first()
        )
        parent, student_id = link.guardian.user, link.student_id
        with override_settings(ZHURNAL_TODAY=TODAY, ALLOWED_HOSTS=["*"]):
            login = Client()
            login.force_login(parent, backend="zhurnal.accounts.backends.UserBackend")
            session = login.cookies[settings.SESSION_COOKIE_NAME].value
            cookie = f"{settings.SESSION_COOKIE_NAME}={session}"
            server = _Server()
            week = f"/diary/{student_id}/"
            self.stdout.write(f"Родитель {parent.username}, обучающийся #{student_id}")
            ok = True
            for label, path in (("Дневник: неделя", week), ("Дневник: отметки за период", f"{week}marks/")):
                ok &= self._measure(label, lambda p=path: server.call("GET", p, "", cookie=cookie), runs)
        self._throughput(week, cookie, clients, seconds, workers)
        self.stdout.write("Бюджеты соблюдены." if ok else "БЮДЖЕТ ПРЕВЫШЕН.")

    def _measure(self, label, call, runs) -> bool:
        assert call() == 200
        with CaptureQueriesContext(connection) as ctx:
            call()
        queries = len(ctx.captured_queries)
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            status = call()
            samples.append(time.perf_counter() - start)
            assert status == 200, status
        median, p95 = _stats(samples)
        self.stdout.write(f"{label:<30} запросов {queries:>3}   медиана {median:7.2f} мс   p95 {p95:7.2f} мс")
        return queries <= BUDGET_QUERIES and median <= BUDGET_MEDIAN_MS

    def _throughput(self, path, cookie, clients, seconds, workers):
        port = _free_port()
        env = {**os.environ, "ZHURNAL_TODAY": TODAY}
        argv = [sys.executable, "-m", "zhurnal", "serve", "--port", str(port), "--workers", str(workers)]
        proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.2)
            headers = {"Cookie": cookie, "Host": "127.0.0.1"}
            samples: list[float] = []
            errors = [0]
            lock = threading.Lock()
            stop = time.monotonic() + seconds

            def client():
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                mine = []
                while time.monotonic() < stop:
                    start = time.perf_counter()
                    try:
                        conn.request("GET", path, headers=headers)
                        response = conn.getresponse()
                        response.read()
                        good = response.status == 200
                    except (OSError, http.client.HTTPException):
                        conn.close()
                        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                        good = False
                    if good:
                        mine.append(time.perf_counter() - start)
                    else:
                        with lock:
                            errors[0] += 1
                conn.close()
                with lock:
                    samples.extend(mine)

            # Warm the workers up before the clock starts.
            warm = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            for _ in range(workers * 4):
                warm.request("GET", path, headers=headers)
                warm.getresponse().read()
            warm.close()
            started = time.monotonic()
            stop = started + seconds
            threads = [threading.Thread(target=client) for _ in range(clients)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.monotonic() - started
            if not samples:
                self.stdout.write(f"gunicorn: ни одного успешного ответа (ошибок {errors[0]})")
                return
            median, p95 = _stats(samples)
            self.stdout.write(
                f"gunicorn ({workers} процесса), {clients} клиентов, {elapsed:.0f} с: "
                f"{len(samples) / elapsed:.0f} запросов/с   медиана {median:.1f} мс   p95 {p95:.1f} мс   "
                f"ошибок {errors[0]}"
            )
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
