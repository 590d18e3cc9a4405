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
        ktp = what.add_parser("ktp", help="КТП учителя из XLSX или CSV (№, Раздел, Тема, Часы, Дата)")
        ktp.add_argument("file", type=Path)
        ktp.add_argument("--assignment", type=int, required=True, help="id педагогической нагрузки")
        ktp.add_argument("--dry-run", action="store_true", help="только проверить файл")

    def handle(self, *args, **options):
        if options["what"] == "ktp":
            from zhurnal.planning.commands import import_ktp

            self.stdout.write(import_ktp(options["file"], options["assignment"], dry_run=options["dry_run"]))
            return
        from zhurnal.integrations.oneroster.importer import import_directory

        try:
            counts = import_directory(options["directory"])
        except OneRosterError as exc:
            raise CommandError(f"Ничего не загружено: {exc}") from exc
        self.stdout.write("Загружено: " + ", ".join(f"{name} {count}" for name, count in counts.items()))
