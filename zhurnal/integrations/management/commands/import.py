"""`zhurnal import oneroster DIR`: a OneRoster 1.1 CSV package into an empty database.

(The spreadsheet imports of issue 11 item 1 will add their own kinds here: `import students …`.)
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhurnal.integrations.oneroster.csvfiles import OneRosterError


class Command(BaseCommand):
    help = "Загрузка данных: oneroster — пакет OneRoster 1.1 CSV в пустую базу данных"

    def add_arguments(self, parser):
        what = parser.add_subparsers(dest="what", required=True)
        roster = what.add_parser("oneroster", help="пакет OneRoster 1.1 CSV (папка)")
        roster.add_argument("directory", type=Path)

    def handle(self, *args, **options):
        from zhurnal.integrations.oneroster.importer import import_directory

        try:
            counts = import_directory(options["directory"])
        except OneRosterError as exc:
            raise CommandError(f"Ничего не загружено: {exc}") from exc
        self.stdout.write("Загружено: " + ", ".join(f"{name} {count}" for name, count in counts.items()))
