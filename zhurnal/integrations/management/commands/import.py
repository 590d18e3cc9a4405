"""`zhurnal import oneroster DIR`: a OneRoster 1.1 CSV package into an empty database.

`zhurnal import students|staff|guardians|classes|subgroups|timetable FILE [--school ID]
[--by LOGIN] [--dry-run]`: a spreadsheet (XLSX or CSV) through the same services as the imports
page, in the name of the school's system administrator; every bad row listed and nothing written.

`zhurnal import ktp FILE --assignment ID [--dry-run]`: a teacher's calendar-thematic plan (planning).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhurnal.integrations.oneroster.csvfiles import OneRosterError


class Command(BaseCommand):
    help = (
        "Загрузка данных: oneroster — пакет OneRoster 1.1 CSV в пустую базу данных; "
        "students, staff, guardians, classes, subgroups, timetable — таблица XLSX или CSV; "
        "ktp — КТП учителя"
    )

    def add_arguments(self, parser):
        from zhurnal.integrations.imports import KINDS

        what = parser.add_subparsers(dest="what", required=True)
        roster = what.add_parser("oneroster", help="пакет OneRoster 1.1 CSV (папка)")
        roster.add_argument("directory", type=Path)
        for kind, importer in KINDS.items():
            sheet = what.add_parser(kind, help=f"таблица XLSX или CSV: {importer.title}")
            sheet.add_argument("file", type=Path)
            sheet.add_argument("--school", type=int, help="id школы (можно не указывать, если школа одна)")
            sheet.add_argument("--by", help="логин системного администратора, от чьего имени загрузка")
            sheet.add_argument("--dry-run", action="store_true", help="только проверить и показать план")
        ktp = what.add_parser("ktp", help="КТП учителя из XLSX или CSV (№, Раздел, Тема, Часы, Дата)")
        ktp.add_argument("file", type=Path)
        ktp.add_argument("--assignment", type=int, required=True, help="id педагогической нагрузки")
        ktp.add_argument("--dry-run", action="store_true", help="только проверить файл")

    def handle(self, *args, **options):
        if options["what"] == "oneroster":
            return self.oneroster(options)
        if options["what"] == "ktp":
            from zhurnal.planning.commands import import_ktp

            self.stdout.write(import_ktp(options["file"], options["assignment"], dry_run=options["dry_run"]))
            return
        from zhurnal.integrations.imports.command import run_sheet_import

        run_sheet_import(self, options)

    def oneroster(self, options):
        from zhurnal.integrations.oneroster.importer import import_directory

        try:
            counts = import_directory(options["directory"])
        except OneRosterError as exc:
            raise CommandError(f"Ничего не загружено: {exc}") from exc
        self.stdout.write("Загружено: " + ", ".join(f"{name} {count}" for name, count in counts.items()))
