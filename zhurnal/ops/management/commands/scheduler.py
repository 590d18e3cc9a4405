"""`zhurnal scheduler [--once | --status]`: the periodic jobs (zhurnal.ops.scheduler).

`zhurnal serve` starts it beside gunicorn (zhurnal.ops.gunicorn_config); a region may run it as a
service of its own, or from cron with `--once`. Several at once are safe: each job is leased.
"""

import os
import signal
import threading
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from zhurnal.ops import scheduler
from zhurnal.ops.gunicorn_config import PARENT_ENV


def _when(value) -> str:
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M:%S") if value else "—"


def _period(every) -> str:
    minutes = int(every.total_seconds() // 60)
    return f"{minutes // 60} ч" if minutes % 60 == 0 else f"{minutes} мин"


class Command(BaseCommand):
    help = "Run the periodic jobs: lessons from the timetable, held e-mails, the weekly digest."

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--once", action="store_true", help="run the due jobs once and exit (cron)")
        mode.add_argument("--status", action="store_true", help="show each job's last run and next time")
        parser.add_argument("--interval", type=float, default=30.0, help="seconds between checks")

    def handle(self, *args, once, status, interval, **options):
        if status:
            self._status()
        elif once:
            self._tick()
        else:
            self._loop(interval)

    def _tick(self) -> None:
        for name, ok, message in scheduler.run_due_jobs():
            verdict = "ок" if ok else "ошибка"
            self.stdout.write(f"[{_when(timezone.now())}] {name}: {verdict} — {message}")
        self.stdout.flush()

    def _loop(self, interval: float) -> None:
        stop = threading.Event()

        def _stop(signum, frame):
            stop.set()

        previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            self._run_until(stop, interval)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write("Планировщик остановлен")
        self.stdout.flush()

    def _run_until(self, stop: threading.Event, interval: float) -> None:
        # Set by gunicorn's master for the scheduler it starts: stop when the master is gone.
        parent = int(os.environ.get(PARENT_ENV) or 0)
        names = ", ".join(job.name for job in scheduler.JOBS)
        self.stdout.write(f"Планировщик запущен (pid {os.getpid()}): {names}; проверка каждые {interval:g} с")
        self.stdout.flush()
        next_tick = time.monotonic()
        while not stop.is_set():
            if parent and os.getppid() != parent:
                self.stdout.write("Планировщик: веб-сервер остановлен, выхожу")
                break
            if time.monotonic() >= next_tick:
                close_old_connections()
                try:
                    self._tick()
                except Exception:  # run_due_jobs catches each job's failure; this is for the unexpected
                    scheduler.log.exception("scheduler tick failed")
                close_old_connections()
                next_tick = time.monotonic() + interval
            # Wake every second to notice a signal or a lost parent soon.
            stop.wait(min(1.0, max(0.0, next_tick - time.monotonic())))

    def _status(self) -> None:
        now = timezone.now()
        for job, row, due in scheduler.status(now):
            self.stdout.write(f"{job.name} (раз в {_period(job.every)})")
            if row is None or row.last_started_at is None:
                self.stdout.write("  ещё не запускалось")
            else:
                verdict = {True: "ок", False: "ошибка", None: "—"}[row.last_ok]
                self.stdout.write(
                    f"  запуск: {_when(row.last_started_at)}, завершение: {_when(row.last_finished_at)}"
                )
                self.stdout.write(f"  итог: {verdict} — {row.last_message or '—'}")
                if row.lease_until and row.lease_until > now:
                    self.stdout.write(f"  выполняется (занято до {_when(row.lease_until)})")
            self.stdout.write(f"  следующий запуск: {'сейчас' if due <= now else _when(due)}")
