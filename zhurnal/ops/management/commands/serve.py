"""`zhurnal serve`: the production WSGI server (gunicorn) on the embedded default.

runserver is a development tool; a school runs the same server a region does. Gunicorn's master
also starts the scheduler of the periodic jobs (zhurnal.ops.gunicorn_config, ZHURNAL_SCHEDULER).
"""

import os
import shutil
import sys

from django.core.management.base import BaseCommand

from zhurnal.ops import gunicorn_config

# gunicorn's master imports it and runs its hooks: it starts and stops `zhurnal scheduler`.
CONFIG = "python:zhurnal.ops.gunicorn_config"


APPLICATION = "zhurnal.wsgi:application"


def gunicorn_argv(
    gunicorn: str, *, host: str, port: int, workers: int, threads: int, app: str = APPLICATION
) -> list[str]:
    """`app` is the product's, except for the benchmark's floor (ops.benchmarks.floor_app)."""
    return [
        gunicorn,
        app,
        "--config",
        CONFIG,
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--access-logfile",
        "-",
        # gunicorn 27 opens a control socket by default; one school machine does not need it.
        "--no-control-socket",
    ]


class Command(BaseCommand):
    help = "Serve Zhurnal with gunicorn (default http://127.0.0.1:8000)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "4")))

    def handle(self, *args, host, port, workers, threads, **options):
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or shutil.which("gunicorn")
        if gunicorn is None:
            self.stderr.write("gunicorn is not installed")
            sys.exit(1)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhurnal.settings")
        try:
            scheduler = gunicorn_config.scheduler_enabled()
        except ValueError as exc:
            self.stderr.write(str(exc))
            sys.exit(1)
        argv = gunicorn_argv(gunicorn, host=host, port=port, workers=workers, threads=threads)
        self.stdout.write(f"Журнал: http://{host}:{port}/  (Ctrl+C — остановить)")
        if not scheduler:
            self.stdout.write(
                "Планировщик выключен (ZHURNAL_SCHEDULER): периодические задания здесь не запускаются"
            )
        sys.stdout.flush()
        os.execv(gunicorn, argv)
