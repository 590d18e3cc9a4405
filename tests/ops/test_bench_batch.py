"""bench_batch's figures: the server's CPU per request beside the wall clock (decision 0034)."""

import os
import subprocess
import sys
import time

import pytest

from zhurnal.ops.benchmarks import batch

pytestmark = pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="reads Linux's /proc")


def test_the_cpu_of_a_process_and_its_children_grows_with_the_work_they_do():
    busy = (
        "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass\ntime.sleep(5)"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", f"import subprocess, sys; subprocess.run([sys.executable, '-c', {busy!r}])"]
    )
    try:
        cpu = batch.process_tree_cpu(parent.pid)
        deadline = time.monotonic() + 25  # on a loaded machine 0.3 s of CPU takes a while
        while (spent := cpu()) < 0.3 and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        parent.kill()
        parent.wait()

    assert spent >= 0.3  # the parent alone only waits: the child's spinning is what counts


def test_a_figure_divides_the_servers_cpu_by_its_requests():
    figure = batch._stats("пакет", [0.020, 0.010, 0.030, 0.040], cpu_seconds=0.048)

    assert (figure.median_ms, figure.runs) == (25.0, 4)
    assert figure.server_cpu_ms == 12.0
    assert batch._stats("пакет", [0.01]).server_cpu_ms is None
