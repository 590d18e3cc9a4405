"""A worker of `zhurnal serve` runs with the collector tuned for serving (decision 0044)."""

import http.client
import json

from zhurnal.ops import gunicorn_config
from zhurnal.ops.benchmarks.client import HOST, Server


def test_a_served_worker_has_frozen_its_start_up_and_collects_less_often():
    with Server(today="2026-12-02", workers=1, threads=1, app="tests.ops.gc_probe_app:application") as server:
        server.wait_answering(settle=0)
        conn = http.client.HTTPConnection(HOST, server.port, timeout=10)
        conn.request("GET", "/")
        seen = json.loads(conn.getresponse().read())
        conn.close()
    assert tuple(seen["thresholds"]) == gunicorn_config.GC_THRESHOLDS == (50_000, 50, 100)
    assert seen["frozen"] > 1_000  # the worker's modules, frozen after it loaded the application
