"""`zhurnal bench_batch`: a column of 30 marks saved over HTTP against `zhurnal serve` — in one
batch (POST /api/v1/journal/cells), one by one, and a single mark (zhurnal.ops.benchmarks.batch).

Budget (issue 13): the batch ≤ 30 ms median on SQLite, ≤ 45 ms on PostgreSQL. The server runs
on the same database as this command (ZHURNAL_VAR_DIR or DATABASE_URL), one worker, so the
requests are timed one after another. `--url` measures a server already running instead.
"""

import os
import socket
import subprocess
import sys
import time

from django.core.management.base import BaseCommand
from django.db import connection

from zhurnal.accounts.tokens import token_issue
from zhurnal.ops.benchdata import build_bench_journal
from zhurnal.ops.benchmarks import batch


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"zhurnal serve did not answer on port {port}")


def _load() -> str:
    """The machine's one-minute load average: a wall-clock figure means little without it."""
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "?"


class Command(BaseCommand):
    help = "Benchmark saving 30 marks in one batch over HTTP against zhurnal serve."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=50)
        parser.add_argument("--port", type=int, default=0, help="port for the server (0: a free one)")
        parser.add_argument("--url", default="", help="measure this running server instead of starting one")

    def handle(self, *args, runs, port, url, **options):
        vendor = connection.vendor
        journal = build_bench_journal()
        today = journal.last_day.isoformat()
        token = token_issue(user=journal.teacher)
        self.stdout.write(f"База данных: {vendor}; класс {len(journal.student_ids)}, сегодня {today}")
        proc = None
        if not url:
            port = port or _free_port()
            env = {**os.environ, "ZHURNAL_TODAY": today, "ZHURNAL_SCHEDULER": "0"}
            argv = [sys.executable, "-m", "zhurnal", "serve", "--port", str(port), "--workers", "1"]
            proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            url = f"http://127.0.0.1:{port}"
        try:
            server_cpu = None
            if proc is not None:
                _wait_for(port)
                server_cpu = batch.process_tree_cpu(proc.pid)
                try:
                    server_cpu()
                except OSError:  # no /proc here: wall-clock figures only
                    server_cpu = None
            load_before = _load()
            figures = batch.measure(url, token, journal, runs=runs, server_cpu=server_cpu)
        finally:
            if proc is not None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
        for figure in figures:
            cpu = "" if figure.server_cpu_ms is None else f"   ЦП сервера {figure.server_cpu_ms:6.2f} мс"
            self.stdout.write(
                f"{figure.label:<50} медиана {figure.median_ms:7.2f} мс   p95 {figure.p95_ms:7.2f} мс"
                f"{cpu}   ({figure.runs} раз)"
            )
        budget = batch.BUDGET_BATCH_MS.get(vendor, batch.BUDGET_BATCH_MS["postgresql"])
        met = figures[0].median_ms <= budget
        self.stdout.write(
            f"Бюджет пакета ({vendor}): ≤ {budget:.0f} мс — "
            + ("соблюдён." if met else "ПРЕВЫШЕН.")
            + f" (средняя загрузка машины {load_before} → {_load()})"
        )
