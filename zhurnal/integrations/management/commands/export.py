"""`zhurnal export portal --school ID [--since T] [--full] [--output FILE]` and
`zhurnal export oneroster DIR [--school ID]`."""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from zhurnal.core.errors import ServiceError
from zhurnal.integrations.portal.transport import FileTransport
from zhurnal.schools.models import School


def moment(raw: str) -> dt.datetime:
    """An ISO date or date and time; a date means its start, a naive time is the school's zone."""
    value = parse_datetime(raw)
    if value is None:
        day = parse_date(raw)
        if day is None:
            raise CommandError(
                f"--since: не дата и не время: {raw!r} (например 2026-11-25 или 2026-11-25T08:00)"
            )
        value = dt.datetime.combine(day, dt.time())
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def only_school_id() -> int:
    ids = list(School.objects.order_by("pk").values_list("pk", flat=True)[:2])
    if len(ids) != 1:
        raise CommandError("--school: в базе данных не одна школа, укажите её номер")
    return ids[0]


class Command(BaseCommand):
    help = "Выгрузка данных: portal — для государственного портала, oneroster — в формате OneRoster 1.1 CSV"

    def add_arguments(self, parser):
        what = parser.add_subparsers(dest="what", required=True)
        portal = what.add_parser("portal", help="выгрузка для портала (JSON)")
        portal.add_argument("--school", type=int, help="номер школы (можно не указывать, если она одна)")
        portal.add_argument(
            "--since", type=moment, help="с какого момента (по умолчанию — с прошлой выгрузки)"
        )
        portal.add_argument("--full", action="store_true", help="всё, без учёта прошлой выгрузки")
        portal.add_argument("--output", type=Path, help="файл (по умолчанию — стандартный вывод)")
        roster = what.add_parser("oneroster", help="OneRoster 1.1 CSV в папку")
        roster.add_argument("directory", type=Path)
        roster.add_argument("--school", type=int, help="номер школы (по умолчанию — все)")
        roster.add_argument("--zip", action="store_true", help="также упаковать в DIR.zip")

    def handle(self, *args, **options):
        if options["what"] == "portal":
            return self.portal(options)
        return self.oneroster(options)

    def portal(self, options):
        from zhurnal.integrations.services.portal import portal_feed_send

        school_id = options["school"] or only_school_id()
        transport = FileTransport(options["output"], stream=self.stdout)
        try:
            sent = portal_feed_send(
                school_id=school_id, transport=transport, since=options["since"], full=options["full"]
            )
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        if options["output"] is not None:
            counts = ", ".join(f"{k} {v}" for k, v in sent.counts.items())
            self.stdout.write(f"{sent.receipt}: {counts} (по {sent.until:%Y-%m-%d %H:%M:%S})")

    def oneroster(self, options):
        from tqdm import tqdm

        from zhurnal.integrations.oneroster.export import export_directory, export_steps

        # A bar on stderr while a region's package is written (issue 11 item 5); off when piped.
        with tqdm(
            total=export_steps(zip_too=options["zip"]),
            desc="OneRoster",
            unit="шаг",
            leave=False,
            disable=options["verbosity"] < 1 or not self.stderr.isatty(),
        ) as bar:

            def progress(what: str, done: int, total: int) -> None:
                bar.set_postfix_str(what, refresh=False)
                bar.update(done - bar.n)

            counts = export_directory(
                options["directory"], school_id=options["school"], zip_too=options["zip"], progress=progress
            )
        self.stdout.write(", ".join(f"{name} {count}" for name, count in counts.items()))
