"""Talking to `zhurnal serve` as a browser does: sign in through the login form, then time
requests one after another (keep-alive, each answer checked) and under load (wrk, or threads)."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def stats(samples: list[float]) -> tuple[float, float]:
    """(median, p95) in milliseconds of samples in seconds."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered) * 1000, p95 * 1000


class Server:
    """`zhurnal serve` on a free local port, with the environment of this process (the same
    database), the scheduler off and the day fixed. With `app`, the same gunicorn with the same
    configuration, workers and threads serves that WSGI application instead (the floor's)."""

    def __init__(
        self,
        *,
        today: str,
        port: int = 0,
        workers: int = 2,
        threads: int = 4,
        env: dict | None = None,
        app: str | None = None,
    ):
        self.port = port or free_port()
        if app is None:
            argv = [sys.executable, "-m", "zhurnal", "serve", "--port", str(self.port)]
            argv += ["--workers", str(workers), "--threads", str(threads)]
        else:
            from zhurnal.ops.management.commands.serve import gunicorn_argv

            gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or "gunicorn"
            argv = gunicorn_argv(
                gunicorn, host=HOST, port=self.port, workers=workers, threads=threads, app=app
            )
        environ = {**os.environ, "ZHURNAL_TODAY": today, "ZHURNAL_SCHEDULER": "0", **(env or {})}
        self.proc = subprocess.Popen(argv, env=environ, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            try:
                socket.create_connection((HOST, self.port), timeout=0.2).close()
                return
            except OSError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("zhurnal serve did not start")

    def wait_answering(self, path: str = "/", settle: float = 1.0) -> None:
        """Until the application answers `path` (any status), then `settle` seconds more. The
        port accepts as soon as gunicorn's master listens, while its workers still import the
        application: a server started between timings would take the machine from them."""
        deadline = time.monotonic() + 40
        while True:
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=5)
                conn.request("GET", path, headers={"Host": HOST})
                conn.getresponse().read()
                conn.close()
                break
            except OSError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    self.stop()
                    raise RuntimeError("the server did not answer") from None
                time.sleep(0.2)
        time.sleep(settle)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


@dataclass
class Answer:
    status: int
    body: bytes
    headers: dict[str, str]


class Browser:
    """One keep-alive connection with the cookies a browser would keep."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def request(self, method: str, path: str, *, body: bytes = b"", headers: dict | None = None) -> Answer:
        sent = {"Host": HOST, "Cookie": self.cookie_header(), **(headers or {})}
        if body:
            sent.setdefault("Content-Type", "application/json")
        try:
            self.conn.request(method, path, body=body or None, headers=sent)
            response = self.conn.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # The server closed an idle keep-alive connection: a browser opens a new one.
            self.conn.close()
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
            self.conn.request(method, path, body=body or None, headers=sent)
            response = self.conn.getresponse()
        data = response.read()
        for value in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                self.cookies[name] = morsel.value
        return Answer(response.status, data, {k.lower(): v for k, v in response.getheaders()})

    def sign_in(self, username: str, password: str) -> None:
        form = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)
        if form.status != 200 or token is None:
            raise RuntimeError(f"no login form ({form.status})")
        body = urlencode(
            {"csrfmiddlewaretoken": token.group(1).decode(), "username": username, "password": password}
        ).encode()
        answer = self.request(
            "POST",
            "/accounts/login/",
            body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://{HOST}/"},
        )
        if answer.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"sign-in of {username} failed ({answer.status})")

    def close(self) -> None:
        self.conn.close()


def timed(call, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return samples


@dataclass
class Load:
    requests_per_s: float
    p50_ms: float
    p95_ms: float
    errors: int
    requests: int
    tool: str


_WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
function response(status, headers, body) if status ~= 200 then bad = bad + 1 end end
function done(summary, latency, requests)
  local bad_total = 0
  for _, t in ipairs(threads) do bad_total = bad_total + t:get("bad") end
  io.write(string.format("ZH %d %d %.3f %.3f %.3f %d\\n", summary.requests, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, 0, bad_total + summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def load(port: int, path: str, headers: dict[str, str], *, clients: int, seconds: float) -> Load:
    """`clients` concurrent keep-alive clients for `seconds`: wrk when installed, else threads.
    An answer other than 200 (a redirect to the login page included) counts as an error."""
    wrk = shutil.which("wrk")
    if wrk:
        return _wrk(wrk, port, path, headers, clients, seconds)
    return _threads(port, path, headers, clients, seconds)


def _wrk(wrk, port, path, headers, clients, seconds) -> Load:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_WRK_SCRIPT)
    try:
        argv = [
            wrk,
            "-t",
            str(min(2, clients)),
            "-c",
            str(clients),
            "-d",
            f"{int(seconds)}s",
            "-s",
            script.name,
        ]
        for name, value in headers.items():
            argv += ["-H", f"{name}: {value}"]
        out = subprocess.run(
            [*argv, f"http://{HOST}:{port}{path}"], capture_output=True, text=True, timeout=seconds + 30
        )
    finally:
        os.unlink(script.name)
    line = next((x for x in out.stdout.splitlines() if x.startswith("ZH ")), None)
    if line is None:
        raise RuntimeError(f"wrk: {out.stderr or out.stdout}")
    _, requests, duration_us, p50, p95, _, errors = line.split()
    duration = int(duration_us) / 1e6
    return Load(int(requests) / duration, float(p50), float(p95), int(errors), int(requests), "wrk")


def _threads(port, path, headers, clients, seconds) -> Load:
    samples: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client():
        conn = http.client.HTTPConnection(HOST, port, timeout=10)
        mine, bad = [], 0
        while time.monotonic() < stop:
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Host": HOST, **headers})
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=10)
                ok = False
            if ok:
                mine.append(time.perf_counter() - start)
            else:
                bad += 1
        conn.close()
        with lock:
            samples.extend(mine)
            errors[0] += bad

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    p50, p95 = stats(samples) if samples else (0.0, 0.0)
    return Load(len(samples) / elapsed, p50, p95, errors[0], len(samples) + errors[0], "python")
