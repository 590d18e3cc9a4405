"""Saving a column of marks over HTTP: 30 marks in one `POST /api/v1/journal/cells`, against
30 single `POST /api/v1/marks` and one single save, on a running `zhurnal serve` (issue 13 item 3).

`measure(base_url, token, journal, runs=…)` times sequential requests on one keep-alive
connection and checks every answer (each item 201); `zhurnal bench_batch` builds the bench
journal, starts the server on a free (or given) port and prints the figures with the budgets.

Given `server_cpu` (the seconds of CPU the server's processes have used so far), each figure
also says how much CPU the server spent per request: on a shared machine the wall-clock median
grows with everyone else's load, the server's own CPU much less (decision 0034).
"""

from __future__ import annotations

import http.client
import json
import os
import statistics
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from zhurnal.ops.benchdata import BenchJournal

COLUMN = 30
BUDGET_BATCH_MS = {"sqlite": 30.0, "postgresql": 45.0}


@dataclass(frozen=True)
class Figure:
    label: str
    median_ms: float
    p95_ms: float
    runs: int
    server_cpu_ms: float | None = None  # the server's CPU per request (None: not measured)


def _stats(label: str, samples: list[float], cpu_seconds: float | None = None) -> Figure:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    cpu_ms = None if cpu_seconds is None else cpu_seconds / len(ordered) * 1000
    return Figure(label, statistics.median(ordered) * 1000, p95 * 1000, len(ordered), cpu_ms)


class _Http:
    """One keep-alive connection to the server, JSON in and out, the bearer token on each call."""

    def __init__(self, base_url: str, token: str):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.token = token
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)

    def post(self, path: str, body: dict, headers: dict | None = None) -> tuple[int, dict]:
        data = json.dumps(body).encode()
        sent = {
            "Authorization": f"Bearer {self.token}",
            "Content-Type": "application/json",
            "Host": self.host,
            **(headers or {}),
        }
        try:
            self.conn.request("POST", "/api/v1" + path, body=data, headers=sent)
            response = self.conn.getresponse()
        except (ConnectionError, http.client.RemoteDisconnected):
            # The server closed an idle keep-alive connection; every call carries its
            # Idempotency-Key, so sending it again is safe.
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            self.conn.request("POST", "/api/v1" + path, body=data, headers=sent)
            response = self.conn.getresponse()
        raw = response.read()
        return response.status, json.loads(raw) if raw else {}

    def close(self) -> None:
        self.conn.close()


def _mark(journal: BenchJournal, lesson_id: int, student_id: int, value: str) -> dict:
    return {
        "lesson": lesson_id,
        "student": student_id,
        "value": value,
        "work_type": journal.work_type_id,
    }


def measure(
    base_url: str,
    token: str,
    journal: BenchJournal,
    *,
    runs: int = 50,
    server_cpu: Callable[[], float] | None = None,
) -> list[Figure]:
    """The column in one batch, the same column as 30 single saves, and one single save."""
    client = _Http(base_url, token)
    lesson_id = journal.lesson_ids[-1]  # the last day: inside the edit window
    pupils = journal.student_ids[:COLUMN]

    def batch() -> None:
        items = [
            {
                "op": "mark.create",
                **_mark(journal, lesson_id, pupil, "4"),
                "idempotency_key": uuid.uuid4().hex,
            }
            for pupil in pupils
        ]
        status, body = client.post("/journal/cells", {"items": items}, {"Idempotency-Key": uuid.uuid4().hex})
        assert status == 200, (status, body)
        assert [r["status"] for r in body["results"]] == [201] * len(items), body

    def single(pupil: int) -> None:
        status, body = client.post(
            "/marks", _mark(journal, lesson_id, pupil, "5"), {"Idempotency-Key": uuid.uuid4().hex}
        )
        assert status == 201, (status, body)

    def column_one_by_one() -> None:
        for pupil in pupils:
            single(pupil)

    def timed(label: str, func, count: int) -> Figure:
        func()  # warm up
        samples = []
        cpu_before = server_cpu() if server_cpu else None
        for _ in range(count):
            start = time.perf_counter()
            func()
            samples.append(time.perf_counter() - start)
        cpu = server_cpu() - cpu_before if server_cpu and cpu_before is not None else None
        return _stats(label, samples, cpu)

    try:
        figures = [
            timed(f"{COLUMN} отметок одним пакетом (POST /journal/cells)", batch, runs),
            timed(
                f"{COLUMN} отметок по одной (POST /marks × {COLUMN})", column_one_by_one, max(5, runs // 5)
            ),
            timed("Одна отметка (POST /marks)", lambda: single(pupils[0]), runs * 2),
        ]
    finally:
        client.close()
    return figures


def process_tree_cpu(pid: int) -> Callable[[], float]:
    """The CPU seconds (user + system) a process and its children have used so far, from Linux's
    /proc (gunicorn's master and its worker); elsewhere a function that raises OSError."""
    tick = os.sysconf("SC_CLK_TCK")

    def tree(root: int) -> list[int]:
        pids = [root]
        for task in os.listdir(f"/proc/{root}/task"):
            with open(f"/proc/{root}/task/{task}/children") as children:
                for child in children.read().split():
                    pids.extend(tree(int(child)))
        return pids

    def cpu() -> float:
        total = 0
        for one in tree(pid):
            try:
                with open(f"/proc/{one}/stat") as stat:
                    # Fields after the command's closing parenthesis; utime and stime are 14, 15.
                    fields = stat.read().rsplit(")", 1)[1].split()
            except FileNotFoundError:  # a child that ended meanwhile
                continue
            total += int(fields[11]) + int(fields[12])
        return total / tick

    return cpu
